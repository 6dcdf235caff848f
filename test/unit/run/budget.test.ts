import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Budget } from '../../../src/core/run/budget';

const usage = (inputTokens: number, outputTokens = 0) => ({ inputTokens, outputTokens, cacheWriteTokens: 0, cacheReadTokens: 0 });

describe('Budget', () => {
  test('no limits: never exceeded, still counts', () => {
    const budget = new Budget();
    budget.charge(usage(1_000_000, 5), 100);
    assert.equal(budget.exceeded(), undefined);
    assert.equal(budget.usage.inputTokens, 1_000_000);
    assert.equal(budget.costUsd, 100);
  });

  test('token budget counts every kind of token', () => {
    const budget = new Budget({ maxTokens: 100 });
    budget.charge({ inputTokens: 10, outputTokens: 20, cacheWriteTokens: 30, cacheReadTokens: 39 }, 0);
    assert.equal(budget.exceeded(), undefined);
    budget.charge(usage(1), 0);
    assert.deepEqual(budget.exceeded(), { kind: 'token_budget', message: 'used 100 tokens of the 100-token budget' });
  });

  test('dollar budget, with unpriced calls counted apart', () => {
    const budget = new Budget({ maxUsd: 0.5 });
    budget.charge(usage(10), 0.3);
    budget.charge(usage(10), null);
    assert.equal(budget.exceeded(), undefined);
    assert.equal(budget.unpricedCalls, 1);
    budget.charge(usage(10), 0.25);
    assert.equal(budget.exceeded()?.kind, 'cost_budget');
    assert.match(budget.exceeded()?.message ?? '', /spent \$0\.5500 of the \$0\.5000 budget/);
  });

  test('deadline', () => {
    let now = 1000;
    const budget = new Budget({ deadline: 2000 }, undefined, () => now);
    assert.equal(budget.exceeded(), undefined);
    now = 2000;
    assert.equal(budget.exceeded()?.kind, 'time');
  });

  test('a share gets a fraction of what is left and charges the parent', () => {
    const run = new Budget({ maxUsd: 1, maxTokens: 1000 });
    run.charge(usage(200), 0.2);
    const worker = run.share(0.5);
    assert.equal(worker.limits.maxTokens, 400);
    assert.ok(Math.abs((worker.limits.maxUsd ?? 0) - 0.4) < 1e-9);
    worker.charge(usage(100), 0.1);
    assert.equal(run.usage.inputTokens, 300);
    assert.ok(Math.abs(run.costUsd - 0.3) < 1e-9);
    worker.charge(usage(300), 0.3);
    assert.equal(worker.exceeded()?.kind, 'token_budget');
    assert.equal(run.exceeded(), undefined);
  });

  test('a share stops when the parent is exhausted by a sibling', () => {
    const run = new Budget({ maxUsd: 1 });
    const a = run.share(1);
    const b = run.share(1);
    a.charge(usage(1), 1);
    assert.equal(b.exceeded()?.kind, 'cost_budget');
  });

  test('rejects a nonsense fraction', () => {
    assert.throws(() => new Budget().share(0), RangeError);
    assert.throws(() => new Budget().share(1.5), RangeError);
  });
});
