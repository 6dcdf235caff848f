/**
 * The run's budget, shared by all its workers: tokens, dollars and a
 * deadline. Every model call charges it; the loop checks `exceeded()` before
 * each call. A worker gets `share(fraction)`: a slice of what is left that
 * also charges the parent, so the run's total holds whatever the workers do.
 *
 * Tokens count everything a call processed or produced (input, output, cache
 * writes and cache reads). Calls whose price is unknown (null cost) still
 * count tokens; they are tallied in `unpricedCalls` so callers can warn that
 * the dollar budget cannot see them.
 */
import { addUsage, emptyUsage, type Usage } from '../model/types';
import type { Stop } from './events';

export interface BudgetLimits {
  maxTokens?: number;
  maxUsd?: number;
  /** Epoch milliseconds after which the budget counts as exhausted. */
  deadline?: number;
}

export const totalTokens = (usage: Usage): number =>
  usage.inputTokens + usage.outputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;

const usd = (value: number): string => `$${value.toFixed(value < 1 ? 4 : 2)}`;

export class Budget {
  private spentUsage: Usage = emptyUsage();
  private spentUsd = 0;
  private unpriced = 0;

  constructor(
    readonly limits: BudgetLimits = {},
    private readonly parent?: Budget,
    private readonly now: () => number = Date.now,
  ) {}

  charge(usage: Usage, costUsd: number | null): void {
    this.spentUsage = addUsage(this.spentUsage, usage);
    if (costUsd === null) this.unpriced++;
    else this.spentUsd += costUsd;
    this.parent?.charge(usage, costUsd);
  }

  get usage(): Usage {
    return { ...this.spentUsage };
  }

  get costUsd(): number {
    return this.spentUsd;
  }

  get unpricedCalls(): number {
    return this.unpriced;
  }

  /** The first limit this budget (or its parent) has reached, as a stop. */
  exceeded(): Stop | undefined {
    const { maxTokens, maxUsd, deadline } = this.limits;
    const tokens = totalTokens(this.spentUsage);
    if (maxTokens !== undefined && tokens >= maxTokens) {
      return { kind: 'token_budget', message: `used ${tokens.toLocaleString('en-US')} tokens of the ${maxTokens.toLocaleString('en-US')}-token budget` };
    }
    if (maxUsd !== undefined && this.spentUsd >= maxUsd) {
      return { kind: 'cost_budget', message: `spent ${usd(this.spentUsd)} of the ${usd(maxUsd)} budget` };
    }
    if (deadline !== undefined && this.now() >= deadline) {
      return { kind: 'time', message: 'ran out of time: the run passed its deadline' };
    }
    return this.parent?.exceeded();
  }

  /** What is left of each limit (undefined where there is no limit). */
  remaining(): { tokens?: number; usd?: number; ms?: number } {
    const own = {
      tokens: this.limits.maxTokens === undefined ? undefined : Math.max(0, this.limits.maxTokens - totalTokens(this.spentUsage)),
      usd: this.limits.maxUsd === undefined ? undefined : Math.max(0, this.limits.maxUsd - this.spentUsd),
      ms: this.limits.deadline === undefined ? undefined : Math.max(0, this.limits.deadline - this.now()),
    };
    const up = this.parent?.remaining() ?? {};
    const min = (a?: number, b?: number): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
    return { tokens: min(own.tokens, up.tokens), usd: min(own.usd, up.usd), ms: min(own.ms, up.ms) };
  }

  /** A worker's slice: `fraction` of what is left now; charges flow up to this budget. */
  share(fraction: number): Budget {
    if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`budget share must be in (0, 1], got ${fraction}`);
    const left = this.remaining();
    return new Budget(
      {
        ...(left.tokens !== undefined ? { maxTokens: Math.floor(left.tokens * fraction) } : {}),
        ...(left.usd !== undefined ? { maxUsd: left.usd * fraction } : {}),
        ...(left.ms !== undefined ? { deadline: this.now() + left.ms } : {}),
      },
      this,
      this.now,
    );
  }
}
