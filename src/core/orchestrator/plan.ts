import { z } from 'zod';
import { MAX_SUBTASKS, PlanSchema, WorkerRoleSchema, type Plan, type Subtask } from './plan-schema';

/**
 * Checks beyond the schema's shape: what makes a plan runnable as a DAG.
 * Each problem is a sentence the planner model can act on.
 */
export function checkPlan(plan: Plan, options: { maxSubtasks?: number } = {}): string[] {
  const problems: string[] = [];
  const max = options.maxSubtasks ?? MAX_SUBTASKS;
  if (plan.subtasks.length > max) {
    problems.push(`the plan has ${plan.subtasks.length} subtasks; at most ${max} are allowed: merge related work`);
    return problems; // The rest would only repeat this at length.
  }
  const ids = new Set<string>();
  for (const subtask of plan.subtasks) {
    if (ids.has(subtask.id)) problems.push(`subtask id "${subtask.id}" is used more than once; ids must be unique`);
    ids.add(subtask.id);
    if (!WorkerRoleSchema.safeParse(subtask.role).success) {
      problems.push(`subtask "${subtask.id}" has unknown role "${String(subtask.role)}"; use one of ${WorkerRoleSchema.options.join(', ')}`);
    }
  }
  for (const subtask of plan.subtasks) {
    for (const dep of subtask.dependsOn ?? []) {
      if (dep === subtask.id) problems.push(`subtask "${subtask.id}" depends on itself`);
      else if (!ids.has(dep)) problems.push(`subtask "${subtask.id}" depends on unknown subtask "${dep}"`);
    }
  }
  const cycle = findCycle(plan.subtasks);
  if (cycle) problems.push(`the dependencies form a cycle: ${cycle.join(' -> ')}; a plan must be a DAG`);
  if (plan.mode === 'single-agent') {
    const code = plan.subtasks.filter((s) => s.role === 'code');
    if (plan.subtasks.length !== 1 || code.length !== 1) {
      problems.push(
        `mode "single-agent" needs exactly one subtask, of role "code" (got ${plan.subtasks.length} subtasks, ${code.length} of role code); use mode "orchestrated" for more`,
      );
    }
  }
  return problems;
}

/** A cycle as a path of ids that returns to its start, or undefined for a DAG. */
export function findCycle(subtasks: readonly Subtask[]): string[] | undefined {
  const deps = new Map(subtasks.map((s) => [s.id, (s.dependsOn ?? []).filter((d) => d !== s.id)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const seen = state.get(id);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of deps.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Keeps a message to the model readable when the input was huge (1,000 bad subtasks). */
export function boundedZodError(error: z.ZodError, maxIssues = 12): string {
  const shown = new z.ZodError(error.issues.slice(0, maxIssues));
  const more = error.issues.length - maxIssues;
  return z.prettifyError(shown) + (more > 0 ? `\n(and ${more} more problems)` : '');
}

export type PlanValidation = { ok: true; plan: Plan } | { ok: false; error: string };

/** Shape (zod) then DAG checks: for planner output and for plans the user edited. */
export function validatePlan(input: unknown, options: { maxSubtasks?: number } = {}): PlanValidation {
  // A count check first: 1,000 subtasks get one clear sentence, not 1,000 issues.
  const raw = input as { subtasks?: unknown } | null;
  const max = options.maxSubtasks ?? MAX_SUBTASKS;
  if (raw && Array.isArray(raw.subtasks) && raw.subtasks.length > max) {
    return { ok: false, error: `the plan has ${raw.subtasks.length} subtasks; at most ${max} are allowed: merge related work` };
  }
  const parsed = PlanSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: boundedZodError(parsed.error) };
  const problems = checkPlan(parsed.data, options);
  if (problems.length > 0) return { ok: false, error: problems.map((p) => `- ${p}`).join('\n') };
  return { ok: true, plan: parsed.data };
}

/** Subtask ids in an order where every dependency comes first (the plan must be valid). */
export function topologicalOrder(subtasks: readonly Subtask[]): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const byId = new Map(subtasks.map((s) => [s.id, s]));
  const place = (id: string): void => {
    if (placed.has(id)) return;
    placed.add(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) place(dep);
    order.push(id);
  };
  for (const s of subtasks) place(s.id);
  return order;
}
