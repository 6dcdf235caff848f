import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageMeter } from '../../../src/core/model/meter';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('UsageMeter', () => {
  test('sums tokens and dollars per call, per worker and per run', () => {
    const meter = new UsageMeter();
    const first = meter.record('w1', 'claude-sonnet-4-6', { inputTokens: 1000, outputTokens: 200, cacheWriteTokens: 4000, cacheReadTokens: 0 });
    const second = meter.record('w1', 'claude-sonnet-4-6', { inputTokens: 300, outputTokens: 100, cacheWriteTokens: 500, cacheReadTokens: 4000 });
    const third = meter.record('w2', 'claude-haiku-4-5', { inputTokens: 2000, outputTokens: 1000, cacheWriteTokens: 0, cacheReadTokens: 0 });
    close(first!, (1000 * 3 + 200 * 15 + 4000 * 3.75) / 1e6);
    close(second!, (300 * 3 + 100 * 15 + 500 * 3.75 + 4000 * 0.3) / 1e6);
    close(third!, (2000 * 1 + 1000 * 5) / 1e6);

    const total = meter.total();
    assert.equal(total.calls, 3);
    assert.deepEqual(total.usage, { inputTokens: 3300, outputTokens: 1300, cacheWriteTokens: 4500, cacheReadTokens: 4000 });
    close(total.costUsd, first! + second! + third!);
    assert.equal(total.costIncomplete, false);
    close(total.cacheHitRate, 4000 / (3300 + 4500 + 4000));

    const workers = meter.byWorker();
    assert.deepEqual([...workers.keys()], ['w1', 'w2']);
    close(workers.get('w1')!.costUsd, first! + second!);
    assert.equal(workers.get('w2')!.calls, 1);
    assert.equal(workers.get('w2')!.cacheHitRate, 0);
    assert.equal(meter.history().length, 3);
  });

  test('an unknown model counts tokens, marks the cost incomplete, never crashes', () => {
    const meter = new UsageMeter();
    assert.equal(meter.record('w', 'local-llama', { inputTokens: 10, outputTokens: 5, cacheWriteTokens: 0, cacheReadTokens: 0 }), null);
    meter.record('w', 'claude-haiku-4-5', { inputTokens: 1e6, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 });
    const total = meter.total();
    assert.equal(total.usage.inputTokens, 1e6 + 10);
    close(total.costUsd, 1);
    assert.equal(total.costIncomplete, true);
    assert.deepEqual(total.unknownModels, ['local-llama']);
  });

  test('snapshots are copies: mutating one does not change the meter', () => {
    const meter = new UsageMeter();
    meter.record('w', 'claude-haiku-4-5', { inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0 });
    meter.total().usage.inputTokens = 999;
    meter.byWorker().get('w')!.calls = 42;
    assert.equal(meter.total().usage.inputTokens, 1);
    assert.equal(meter.byWorker().get('w')!.calls, 1);
  });
});
