/** A valid orchestrated plan of two subtasks, the shape `submit_plan` takes. */
export const TWO_STEP_PLAN = {
  analysis: 'subtotal() ignores the quantity.',
  strategy: 'Analyze, then fix.',
  mode: 'orchestrated',
  acceptanceCriteria: ['subtotal counts every unit'],
  subtasks: [
    { id: 'look', role: 'analyze', description: 'Find where the subtotal is computed.' },
    { id: 'fix', role: 'code', description: 'Multiply by the quantity.', dependsOn: ['look'], files: ['src/cart.js'], verify: 'npm test' },
  ],
};
