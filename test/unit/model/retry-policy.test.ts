import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultRetryPolicy, retryDelayMs } from '../../../src/core/model/retry-policy';
import { retryAfterMs } from '../../../src/core/model/anthropic-errors';
import { ModelError } from '../../../src/core/model/types';

const policy = defaultRetryPolicy(3);

describe('retry policy', () => {
  test('backoff doubles from 0.5 s with at most 25 % jitter, capped at 8 s', () => {
    const error = new ModelError('overloaded', 'x', true, 529);
    assert.equal(retryDelayMs(policy, error, 1, () => 0), 500);
    assert.equal(retryDelayMs(policy, error, 2, () => 0), 1000);
    assert.equal(retryDelayMs(policy, error, 3, () => 0.999999), 2000 * (1 - 0.999999 * 0.25));
    assert.equal(retryDelayMs({ ...policy, maxRetries: 10 }, error, 9, () => 0), 8000);
  });

  test('retry-after is honoured exactly; beyond the cap the error surfaces', () => {
    assert.equal(retryDelayMs(policy, new ModelError('rate_limit', 'x', true, 429, 1000), 1), 1000);
    assert.equal(retryDelayMs(policy, new ModelError('rate_limit', 'x', true, 429, 3_600_000), 1), null);
  });

  test('non-retryable errors and exhausted retries surface', () => {
    assert.equal(retryDelayMs(policy, new ModelError('invalid_request', 'x', false, 400), 1), null);
    assert.equal(retryDelayMs(policy, new ModelError('server', 'x', true, 500), 4), null);
    assert.equal(retryDelayMs(defaultRetryPolicy(0), new ModelError('server', 'x', true, 500), 1), null);
  });

  test('retry-after headers: ms first, then seconds, then an HTTP date', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
    const date = retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }))!;
    assert.ok(date > 3000 && date <= 5000, String(date));
    assert.equal(retryAfterMs(new Headers()), undefined);
  });
});
