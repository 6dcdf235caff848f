import type { ModelError } from './types';

/**
 * When and how long to wait before retrying a model call. Mirrors the SDK's
 * own HTTP policy (client.ts `shouldRetry`/`retryRequest` in
 * @anthropic-ai/sdk 1.13): 408/409/429/5xx and connection failures retry,
 * `x-should-retry` wins, `retry-after-ms`/`retry-after` are honoured, else
 * exponential backoff from 0.5 s to 8 s with up to 25 % jitter. We run it
 * ourselves (SDK `maxRetries: 0`) because the SDK retries only until response
 * headers arrive: a mid-stream `error` event, a dropped stream or an idle
 * stream would otherwise not be retried, and its waits are invisible to us,
 * while the run needs a `retry` event for each.
 */
export interface RetryPolicy {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A server asking to wait longer than this is not waited out: the error surfaces. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy = (maxRetries = 2): RetryPolicy => ({
  maxRetries,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
});

/** Delay before retry number `retry` (1-based), or null when the error must surface. */
export function retryDelayMs(
  policy: RetryPolicy,
  error: ModelError,
  retry: number,
  random: () => number = Math.random,
): number | null {
  if (!error.retryable || retry > policy.maxRetries) return null;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null;
  }
  const backoff = Math.min(policy.initialDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return backoff * (1 - random() * 0.25);
}
