import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { median, round, runProcess, sample, sampleInterleaved } from '../measure';

describe('bench measure', () => {
  test('median of odd and even counts, unsorted input', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]));
    assert.equal(round(1.23456, 2), 1.23);
  });

  test('sample runs warm-ups untimed, then reps timed, with `before` ahead of every run', async () => {
    const calls: string[] = [];
    let n = 0;
    const result = await sample(
      () => {
        calls.push(`run${++n}`);
      },
      { warmup: 2, reps: 3, before: () => calls.push('before') },
    );
    assert.deepEqual(calls, ['before', 'run1', 'before', 'run2', 'before', 'run3', 'before', 'run4', 'before', 'run5']);
    assert.equal(result.samples.length, 3);
    assert.ok(result.min <= result.median && result.median <= result.max);
  });

  test('sampleInterleaved rotates through the measurements and times each separately', async () => {
    const order: string[] = [];
    const result = await sampleInterleaved(
      {
        fast: () => order.push('fast'),
        slow: () => new Promise<void>((resolve) => setTimeout(() => (order.push('slow'), resolve()), 20)),
      },
      { warmup: 1, reps: 2, before: (key) => order.push(`before-${key}`) },
    );
    assert.deepEqual(order, ['before-fast', 'fast', 'before-slow', 'slow', 'before-fast', 'fast', 'before-slow', 'slow', 'before-fast', 'fast', 'before-slow', 'slow']);
    assert.equal(result.fast.samples.length, 2);
    assert.ok(result.slow.median >= 15, `the slow one took ${result.slow.median} ms`);
    assert.ok(result.fast.median < result.slow.median);
  });

  test('runProcess resolves with the exit code and both outputs, whatever the code', async () => {
    const run = await runProcess(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)']);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, 'out');
    assert.equal(run.stderr, 'err');
    assert.ok(run.ms > 0);
    await assert.rejects(runProcess('/nonexistent/program-for-bench-test', []));
  });
});
