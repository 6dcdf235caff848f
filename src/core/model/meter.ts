import { addUsage, emptyUsage, type Usage } from './types';
import { cacheSavingsUsd, costUsd } from './pricing';

/** Tokens and dollars of a set of calls. */
export interface UsageTotals {
  calls: number;
  usage: Usage;
  /** Dollars of the calls whose model has a known price. */
  costUsd: number;
  /** True when at least one call's model had no price: `costUsd` is then a lower bound. */
  costIncomplete: boolean;
  cacheSavingsUsd: number;
  /** Cache reads over all prompt tokens (input + cache reads + cache writes); 0 when there were none. */
  cacheHitRate: number;
  /** Models seen without a price. */
  unknownModels: string[];
}

/** One call as the meter recorded it. */
export interface MeteredCall {
  workerId: string;
  model: string;
  usage: Usage;
  costUsd: number | null;
}

const emptyTotals = (): UsageTotals => ({
  calls: 0,
  usage: emptyUsage(),
  costUsd: 0,
  costIncomplete: false,
  cacheSavingsUsd: 0,
  cacheHitRate: 0,
  unknownModels: [],
});

function accumulate(totals: UsageTotals, model: string, usage: Usage): UsageTotals {
  const cost = costUsd(model, usage);
  const savings = cacheSavingsUsd(model, usage);
  const sum = addUsage(totals.usage, usage);
  const prompt = sum.inputTokens + sum.cacheReadTokens + sum.cacheWriteTokens;
  return {
    calls: totals.calls + 1,
    usage: sum,
    costUsd: totals.costUsd + (cost ?? 0),
    costIncomplete: totals.costIncomplete || cost === null,
    cacheSavingsUsd: totals.cacheSavingsUsd + (savings ?? 0),
    cacheHitRate: prompt === 0 ? 0 : sum.cacheReadTokens / prompt,
    unknownModels:
      cost === null && !totals.unknownModels.includes(model) ? [...totals.unknownModels, model] : totals.unknownModels,
  };
}

/**
 * Sums usage per call, per worker and per run. Unknown models still count
 * their tokens; their cost is left out and the totals say so.
 */
export class UsageMeter {
  private readonly calls: MeteredCall[] = [];
  private run = emptyTotals();
  private readonly workers = new Map<string, UsageTotals>();

  /** Records one call and returns its cost (null when the model's price is unknown). */
  record(workerId: string, model: string, usage: Usage): number | null {
    const cost = costUsd(model, usage);
    this.calls.push({ workerId, model, usage, costUsd: cost });
    this.run = accumulate(this.run, model, usage);
    this.workers.set(workerId, accumulate(this.workers.get(workerId) ?? emptyTotals(), model, usage));
    return cost;
  }

  total(): UsageTotals {
    return structuredClone(this.run);
  }

  byWorker(): Map<string, UsageTotals> {
    return new Map([...this.workers].map(([id, totals]) => [id, structuredClone(totals)]));
  }

  history(): readonly MeteredCall[] {
    return this.calls.map((call) => structuredClone(call));
  }
}
