import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheSavingsUsd, costUsd, normaliseModelId, priceOf } from '../../../src/core/model/pricing';
import type { Usage } from '../../../src/core/model/types';

const usage = (inputTokens: number, outputTokens: number, cacheWriteTokens = 0, cacheReadTokens = 0): Usage => ({
  inputTokens,
  outputTokens,
  cacheWriteTokens,
  cacheReadTokens,
});
const close = (actual: number | null, expected: number) => {
  assert.notEqual(actual, null);
  assert.ok(Math.abs(actual! - expected) < 1e-12, `${actual} ≠ ${expected}`);
};

describe('pricing', () => {
  test('dated ids, aliases and cloud spellings resolve to one row', () => {
    for (const id of [
      'claude-sonnet-4-5-20250929',
      'claude-sonnet-4-5',
      'claude-sonnet-4-5-latest',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'claude-sonnet-4-5@20250929',
      'claude-sonnet-4-5[1m]',
    ]) {
      assert.equal(normaliseModelId(id), 'claude-sonnet-4-5', id);
    }
    assert.equal(normaliseModelId('claude-opus-4-20250514'), 'claude-opus-4');
  });

  test('Sonnet 4.x: $3 in, $15 out, writes 1.25×, reads 0.1×', () => {
    // 1M of each kind: 3 + 15 + 3.75 + 0.30
    close(costUsd('claude-sonnet-4-6', usage(1e6, 1e6, 1e6, 1e6)), 22.05);
  });

  test('Opus 4.5+ is $5/$25, Opus 4.1 and 4.0 still $15/$75', () => {
    close(costUsd('claude-opus-4-5-20251101', usage(1e6, 1e6)), 30);
    close(costUsd('claude-opus-4-8', usage(2000, 1000, 4000, 10_000)), (2000 * 5 + 1000 * 25 + 4000 * 6.25 + 10_000 * 0.5) / 1e6);
    close(costUsd('claude-opus-4-1-20250805', usage(1e6, 0)), 15);
    close(costUsd('claude-opus-4-20250514', usage(0, 1e6)), 75);
  });

  test('Haiku 4.5 and rows with their own cache-read price', () => {
    close(costUsd('claude-haiku-4-5-20251001', usage(1e6, 1e6, 1e6, 1e6)), 1 + 5 + 1.25 + 0.1);
    close(costUsd('claude-sonnet-5-5', usage(0, 0, 0, 1e6)), 0.1);
    close(costUsd('claude-3-haiku-20240307', usage(0, 0, 1e6, 1e6)), 0.3 + 0.03);
  });

  test('Haiku 5.5 prices a long prompt at the upper tier on every token', () => {
    close(costUsd('claude-haiku-5-5', usage(100_000, 1000)), (100_000 * 0.1 + 1000 * 0.5) / 1e6);
    close(costUsd('claude-haiku-5-5', usage(90_000, 1000, 0, 20_000)), (90_000 * 0.5 + 1000 * 2.5 + 20_000 * 0.05) / 1e6);
  });

  test('unknown models cost null and never throw', () => {
    assert.equal(costUsd('gpt-4o', usage(10, 10)), null);
    assert.equal(costUsd('claude-opus-4-9', usage(10, 10)), null, 'a future minor version is not guessed');
    assert.equal(costUsd('', usage(0, 0)), null);
    assert.equal(cacheSavingsUsd('mystery', usage(1, 1, 1, 1)), null);
    assert.equal(priceOf('claude-fable-5-2'), null);
  });

  test('cache savings: reads save 0.9× input, writes cost 0.25× more', () => {
    // Sonnet 4.6, 10k read + 2k written: saves 10k × 2.7 − 2k × 0.75 per M.
    close(cacheSavingsUsd('claude-sonnet-4-6', usage(500, 100, 2000, 10_000)), (10_000 * 2.7 - 2000 * 0.75) / 1e6);
    close(cacheSavingsUsd('claude-sonnet-4-6', usage(500, 100)), 0);
  });
});
