import type { Usage } from '../model/types';
import type { Plan, WorkerRole } from './plan-schema';

/**
 * A rough cost estimate of a plan before it runs, shown with the plan
 * (plan_proposed.estimateUsd). Tokens ≈ characters / 4. Agent workers are
 * modelled as a number of steps whose prompt grows each step and is mostly
 * read from the prompt cache; single-call workers as one call. It is an
 * order of magnitude for the user, not a promise.
 */

export interface EstimateInput {
  plan: Plan;
  model: string;
  price: (model: string, usage: Usage) => number | null;
  issueChars: number;
  maxStepsPerWorker: number;
}

/** Typical steps per agent role (bounded by the step limit). */
const TYPICAL_STEPS: Partial<Record<WorkerRole, number>> = { code: 12, test: 10 };
const SYSTEM_AND_TOOLS_TOKENS = 3000;
const GROWTH_PER_STEP = 1500;
const OUTPUT_PER_STEP = 350;
const CACHED_SHARE = 0.8;

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage => ({
  inputTokens: Math.round(input),
  outputTokens: Math.round(output),
  cacheReadTokens: Math.round(cacheRead),
  cacheWriteTokens: Math.round(cacheWrite),
});

export function estimatePlanUsage(input: Omit<EstimateInput, 'price' | 'model'>): Usage {
  const issueTokens = Math.ceil(input.issueChars / 4);
  const base = SYSTEM_AND_TOOLS_TOKENS + issueTokens;
  let total = usage(0, 0);
  const add = (u: Usage): void => {
    total = usage(total.inputTokens + u.inputTokens, total.outputTokens + u.outputTokens, total.cacheReadTokens + u.cacheReadTokens, total.cacheWriteTokens + u.cacheWriteTokens);
  };
  for (const subtask of input.plan.subtasks) {
    const deps = (subtask.dependsOn?.length ?? 0) * 800;
    const steps = TYPICAL_STEPS[subtask.role] ?? 0;
    if (input.plan.mode === 'single-agent' || steps > 0) {
      const n = Math.min(input.maxStepsPerWorker, steps || 12);
      for (let step = 0; step < n; step++) {
        const prompt = base + deps + step * GROWTH_PER_STEP;
        add(usage(prompt * (1 - CACHED_SHARE), OUTPUT_PER_STEP, prompt * CACHED_SHARE * (step > 0 ? 1 : 0), step === 0 ? prompt * CACHED_SHARE : GROWTH_PER_STEP));
      }
    } else {
      add(usage(base + deps, 1500));
    }
  }
  // Synthesis: the issue plus every result, one answer.
  add(usage(base + input.plan.subtasks.length * 800, 1500));
  return total;
}

/** Dollars, or undefined when the model's price is unknown. */
export function estimatePlanCostUsd(input: EstimateInput): number | undefined {
  const cost = input.price(input.model, estimatePlanUsage(input));
  return cost === null ? undefined : Math.round(cost * 10_000) / 10_000;
}
