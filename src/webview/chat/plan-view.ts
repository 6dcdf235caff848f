import { z } from 'zod';
import type { PlanView } from './chat-state';
import { cap } from './view-format';

/** The plan as the orchestrator proposes it, read leniently: the view never fails on a shape change. */
const LoosePlanSchema = z.object({
  mode: z.string().optional(),
  strategy: z.string().optional(),
  subtasks: z
    .array(
      z.object({
        id: z.string(),
        role: z.string().catch('code'),
        description: z.string().catch(''),
        dependsOn: z.array(z.string()).optional().catch(undefined),
      }),
    )
    .catch([]),
});

export function planView(raw: unknown, previous: PlanView | undefined, estimateUsd?: number): PlanView {
  const parsed = LoosePlanSchema.safeParse(raw);
  const plan = parsed.success ? parsed.data : { subtasks: [] };
  const states = new Map(previous?.subtasks.map((s) => [s.id, s.state]));
  return {
    ...(plan.mode ? { mode: plan.mode } : {}),
    ...(plan.strategy ? { strategy: cap(plan.strategy, 2_000) } : {}),
    ...(estimateUsd !== undefined ? { estimateUsd } : previous?.estimateUsd !== undefined ? { estimateUsd: previous.estimateUsd } : {}),
    approved: previous?.approved ?? false,
    subtasks: plan.subtasks.slice(0, 50).map((s) => ({
      id: s.id,
      role: s.role,
      description: cap(s.description, 1_000),
      dependsOn: s.dependsOn ?? [],
      state: states.get(s.id) ?? 'pending',
    })),
  };
}

export function synthesisText(raw: unknown): string | undefined {
  const parsed = z.object({ summary: z.string() }).safeParse(raw);
  return parsed.success ? parsed.data.summary : undefined;
}
