import agentScript from '../../../samples/demo-script.json';

/**
 * The fake model's script for "Try the demo" in the editor. The extension
 * runs the orchestrator, so the single-agent demo script of the CLI
 * (samples/demo-script.json, answering `Foreman agent`) is framed by a
 * planner answer (a single-agent plan) and a synthesis answer. Same public
 * script format as every other fake-model script.
 */
export function demoScript(): { entries: unknown[] } {
  return {
    entries: [
      {
        match: { system: '^Foreman planner' },
        delayMs: 300,
        tokensPerSecond: 600,
        reply: {
          content: [
            { type: 'text', text: 'A local bug in one module with failing tests: one code worker can fix and verify it.' },
            {
              type: 'tool_use',
              name: 'submit_plan',
              input: {
                analysis: 'cartTotal() in src/cart.js ignores line quantities and applies the discount as an amount instead of a percentage; npm test shows the failures.',
                strategy: 'Single agent: fix subtotal() and the discount in src/cart.js, then run npm test in the sandbox.',
                mode: 'single-agent',
                acceptanceCriteria: ['Each line counts price × quantity', 'The discount is a percentage of the subtotal', 'npm test passes'],
                subtasks: [
                  {
                    id: 'fix-cart',
                    role: 'code',
                    description: 'Fix cartTotal in src/cart.js so quantities count and the discount is a percentage; make npm test pass.',
                    files: ['src/cart.js'],
                    verify: 'npm test',
                  },
                ],
              },
            },
          ],
          stop_reason: 'tool_use',
        },
      },
      ...agentScript.entries,
      {
        match: { system: '^Foreman synthesis' },
        delayMs: 300,
        tokensPerSecond: 600,
        reply: {
          content: [
            {
              type: 'tool_use',
              name: 'submit_synthesis',
              input: {
                summary: 'subtotal() now multiplies each price by its quantity and cartTotal() applies the discount as a percentage, rounded to whole cents. npm test passes in the sandbox.',
                criteria: [
                  { criterion: 'Each line counts price × quantity', met: true, evidence: 'subtotal() multiplies price by quantity; the quantity test passes.' },
                  { criterion: 'The discount is a percentage of the subtotal', met: true, evidence: 'cartTotal() computes total × (100 − discount) / 100; the discount test passes.' },
                  { criterion: 'npm test passes', met: true, evidence: 'npm test exited 0 in the sandbox.' },
                ],
                prTitle: 'Fix cart totals: count quantities, apply the discount as a percentage',
                prBody: 'Fixes the demo issue: quantities were ignored and the discount was subtracted as an amount.',
              },
            },
          ],
          stop_reason: 'tool_use',
        },
      },
    ],
  };
}
