import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSchedule, type AttemptRequest, type AttemptResult } from '../../../src/core/orchestrator/scheduler';
import type { Subtask } from '../../../src/core/orchestrator/plan-schema';

const st = (id: string, dependsOn?: string[]): Subtask => ({ id, role: 'code', description: id, ...(dependsOn ? { dependsOn } : {}) });
const ok = (id: string): AttemptResult => ({ status: 'succeeded', stop: { kind: 'done', message: 'ok' }, result: { id } });

describe('runSchedule', () => {
  test('runs ready subtasks in parallel up to the limit, dependencies first', async () => {
    let live = 0;
    let peak = 0;
    const order: string[] = [];
    const { states } = await runSchedule({
      subtasks: [st('a'), st('b'), st('c'), st('d', ['a', 'b', 'c'])],
      concurrency: 2,
      signal: new AbortController().signal,
      runAttempt: async ({ subtask }) => {
        live++;
        peak = Math.max(peak, live);
        await sleep(20);
        live--;
        order.push(subtask.id);
        return ok(subtask.id);
      },
    });
    assert.equal(peak, 2);
    assert.equal(order.at(-1), 'd');
    assert.ok([...states.values()].every((s) => s.status === 'succeeded'));
  });

  test('a failed subtask is retried once with its error, then its dependents are skipped with the reason', async () => {
    const calls: AttemptRequest[] = [];
    const { states } = await runSchedule({
      subtasks: [st('a'), st('b', ['a']), st('c', ['b']), st('x')],
      concurrency: 3,
      signal: new AbortController().signal,
      runAttempt: async (req) => {
        calls.push(req);
        if (req.subtask.id === 'a') return { status: 'failed', stop: { kind: 'gave_up', message: `attempt ${req.attempt} broke` } };
        return ok(req.subtask.id);
      },
    });
    const aCalls = calls.filter((c) => c.subtask.id === 'a');
    assert.equal(aCalls.length, 2);
    assert.equal(aCalls[0]?.willRetryOnFailure, true);
    assert.equal(aCalls[1]?.retryError, 'attempt 1 broke');
    assert.equal(aCalls[1]?.willRetryOnFailure, false);
    assert.equal(states.get('a')?.status, 'failed');
    assert.equal(states.get('a')?.attempts, 2);
    assert.equal(states.get('b')?.status, 'skipped');
    assert.match(states.get('b')?.stop?.message ?? '', /dependency "a" did not succeed \(attempt 2 broke\)/);
    assert.equal(states.get('c')?.status, 'skipped');
    assert.equal(states.get('x')?.status, 'succeeded');
  });

  test('a model service failure is not retried: the client already retried it, a new attempt would start over', async () => {
    const calls: AttemptRequest[] = [];
    const { states } = await runSchedule({
      subtasks: [st('a')],
      concurrency: 1,
      signal: new AbortController().signal,
      runAttempt: async (req) => {
        calls.push(req);
        return { status: 'failed', stop: { kind: 'model_error', message: 'The model service is overloaded (HTTP 529)' } };
      },
    });
    assert.equal(calls.length, 1);
    assert.equal(states.get('a')?.status, 'failed');
  });

  test('budget stops are not retried and halt the schedule', async () => {
    let spent = false;
    const { states, halted } = await runSchedule({
      subtasks: [st('a'), st('b', ['a'])],
      concurrency: 1,
      signal: new AbortController().signal,
      shouldHalt: () => (spent ? { kind: 'cost_budget', message: 'spent $1 of $1' } : undefined),
      runAttempt: async () => {
        spent = true;
        return { status: 'failed', stop: { kind: 'cost_budget', message: 'spent $1 of $1' } };
      },
    });
    assert.equal(states.get('a')?.attempts, 1);
    assert.equal(halted?.kind, 'cost_budget');
    assert.equal(states.get('b')?.status, 'skipped');
  });

  test('cancellation reaches every running worker and nothing new starts', async () => {
    const controller = new AbortController();
    const aborted: string[] = [];
    const started: string[] = [];
    const run = runSchedule({
      subtasks: [st('a'), st('b'), st('c'), st('d', ['a'])],
      concurrency: 3,
      signal: controller.signal,
      runAttempt: ({ subtask }) =>
        new Promise((resolve) => {
          started.push(subtask.id);
          controller.signal.addEventListener('abort', () => {
            aborted.push(subtask.id);
            resolve({ status: 'cancelled', stop: { kind: 'cancelled', message: 'cancelled by user' } });
          });
        }),
    });
    await sleep(10);
    controller.abort();
    const { states, halted } = await run;
    assert.deepEqual(started.sort(), ['a', 'b', 'c']);
    assert.deepEqual(aborted.sort(), ['a', 'b', 'c']);
    assert.equal(halted?.kind, 'cancelled');
    assert.ok(['cancelled', 'skipped'].includes(states.get('d')?.status ?? ''));
    assert.equal(states.get('a')?.attempts, 1, 'a cancelled worker is not retried');
  });

  test('resume: succeeded subtasks are not run again', async () => {
    const ran: string[] = [];
    const { states } = await runSchedule({
      subtasks: [st('a'), st('b', ['a'])],
      initial: new Map([
        ['a', { id: 'a', status: 'succeeded', attempts: 1, result: { kept: true } }],
        ['b', { id: 'b', status: 'running', attempts: 1 }],
      ]),
      concurrency: 2,
      signal: new AbortController().signal,
      runAttempt: async ({ subtask }) => {
        ran.push(subtask.id);
        return ok(subtask.id);
      },
    });
    assert.deepEqual(ran, ['b']);
    assert.deepEqual(states.get('a')?.result, { kept: true });
  });

  test('a worker that throws is a failure, not a crash of the schedule', async () => {
    const { states } = await runSchedule({
      subtasks: [st('a')],
      concurrency: 1,
      maxAttempts: 1,
      signal: new AbortController().signal,
      runAttempt: async () => {
        throw new Error('boom');
      },
    });
    assert.equal(states.get('a')?.status, 'failed');
    assert.equal(states.get('a')?.stop?.message, 'boom');
  });
});
