import type { Usage } from './types';

/**
 * Prices in US dollars per million tokens. Source: Anthropic's pricing page
 * (platform.claude.com/docs/en/about-claude/pricing) and the per-model pages.
 * A 5-minute cache write costs 1.25× the input price and a cache read 0.1×,
 * unless a row says otherwise (some newer models read the cache for less).
 */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Defaults to 1.25 × input. */
  cacheWritePerMTok?: number;
  /** Defaults to 0.1 × input. */
  cacheReadPerMTok?: number;
  /**
   * Prompt-length tier: a request whose prompt (input + cache reads + cache
   * writes) exceeds `thresholdTokens` pays these prices on every token.
   */
  longPrompt?: { thresholdTokens: number } & Omit<ModelPrice, 'longPrompt'>;
}

const opus45: ModelPrice = { inputPerMTok: 5, outputPerMTok: 25 };
const opus4: ModelPrice = { inputPerMTok: 15, outputPerMTok: 75 };
const sonnet4: ModelPrice = { inputPerMTok: 3, outputPerMTok: 15 };

/** Keyed by model id without date suffix; see `normaliseModelId`. */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-fable-5-1': { inputPerMTok: 10, outputPerMTok: 50, cacheReadPerMTok: 0.25 },
  'claude-mythos-5-1': { inputPerMTok: 10, outputPerMTok: 50, cacheReadPerMTok: 0.25 },
  'claude-fable-5': { inputPerMTok: 10, outputPerMTok: 50 },
  'claude-mythos-5': { inputPerMTok: 10, outputPerMTok: 50 },
  'claude-opus-5-5': { inputPerMTok: 4, outputPerMTok: 20, cacheReadPerMTok: 0.2 },
  'claude-opus-5': opus45,
  'claude-opus-4-8': opus45,
  'claude-opus-4-7': opus45,
  'claude-opus-4-6': opus45,
  'claude-opus-4-5': opus45,
  'claude-opus-4-1': opus4,
  'claude-opus-4-0': opus4,
  'claude-opus-4': opus4,
  'claude-sonnet-5-5': { inputPerMTok: 2, outputPerMTok: 10, cacheReadPerMTok: 0.1 },
  'claude-sonnet-5': { inputPerMTok: 2, outputPerMTok: 10 },
  'claude-sonnet-4-6': sonnet4,
  'claude-sonnet-4-5': sonnet4,
  'claude-sonnet-4-0': sonnet4,
  'claude-sonnet-4': sonnet4,
  'claude-3-7-sonnet': sonnet4,
  'claude-haiku-5-5': {
    inputPerMTok: 0.1,
    outputPerMTok: 0.5,
    longPrompt: { thresholdTokens: 100_000, inputPerMTok: 0.5, outputPerMTok: 2.5 },
  },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'claude-3-haiku': { inputPerMTok: 0.25, outputPerMTok: 1.25, cacheWritePerMTok: 0.3, cacheReadPerMTok: 0.03 },
};

/**
 * Reduces the spellings of one model to its table key: dated ids
 * (`claude-sonnet-4-5-20250929`), `-latest`, the 1M-context suffix `[1m]`,
 * and cloud spellings (`anthropic.claude-…-v1:0`, `claude-…@20250929`).
 */
export function normaliseModelId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '')
    .replace(/\[1m\]$/, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/@\d{8}$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-latest$/, '');
}

/** The price row of a model, or null when the model is unknown. */
export function priceOf(model: string): ModelPrice | null {
  return PRICES[normaliseModelId(model)] ?? null;
}

function rowFor(price: ModelPrice, usage: Usage): Omit<ModelPrice, 'longPrompt'> {
  const prompt = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return price.longPrompt && prompt > price.longPrompt.thresholdTokens ? price.longPrompt : price;
}

const perToken = (perMTok: number) => perMTok / 1_000_000;

/** Dollars for one call; null when the model's price is unknown (never throws). */
export function costUsd(model: string, usage: Usage): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const row = rowFor(price, usage);
  const write = row.cacheWritePerMTok ?? row.inputPerMTok * 1.25;
  const read = row.cacheReadPerMTok ?? row.inputPerMTok * 0.1;
  return (
    usage.inputTokens * perToken(row.inputPerMTok) +
    usage.outputTokens * perToken(row.outputPerMTok) +
    usage.cacheWriteTokens * perToken(write) +
    usage.cacheReadTokens * perToken(read)
  );
}

/**
 * What caching saved against sending every prompt token uncached: reads are
 * cheaper than input, writes dearer; the sum can be negative on a first call.
 */
export function cacheSavingsUsd(model: string, usage: Usage): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const actual = costUsd(model, usage);
  const uncached = costUsd(model, {
    inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
    outputTokens: usage.outputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  });
  if (actual === null || uncached === null) return null;
  return uncached - actual;
}
