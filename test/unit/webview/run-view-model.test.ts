import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEventInput } from '../../../src/core/run/events';
import type { ChatEvent, ChatItem, ChatState } from '../../../src/webview/chat/chat-state';
import { ChatStateSchema } from '../../../src/webview/chat/chat-state';
import { cacheHitRate, initialChatState, LIMITS, reduceChatEvents, summarizeToolInput } from '../../../src/webview/chat/run-view-model';

let seq = 0;
const ev = (event: RunEventInput): ChatEvent =>
  ({ kind: 'run', event: { id: `e${++seq}`, runId: 'run-1', ts: '2026-01-01T00:00:00.000Z', ...event } }) as ChatEvent;
const usage = (input: number, output: number, write = 0, read = 0) => ({ inputTokens: input, outputTokens: output, cacheWriteTokens: write, cacheReadTokens: read });
const launched: ChatEvent = { kind: 'run_launched', runId: 'run-1', task: { ref: 'o/r#7', title: 'Cart total wrong' } };
const started = ev({ type: 'run_started', task: { ref: 'o/r#7', title: 'Cart total wrong' }, workspace: '/w', model: 'claude-sonnet-4-5', budgets: { maxUsd: 2, maxTokens: 1000 } });
const plan = ev({
  type: 'plan_proposed',
  plan: {
    mode: 'orchestrated',
    strategy: 'split',
    subtasks: [
      { id: 'a1', role: 'analyze', description: 'find it' },
      { id: 'c1', role: 'code', description: 'fix it', dependsOn: ['a1'] },
    ],
  },
  estimateUsd: 0.4,
});
const run = (...events: ChatEvent[]): ChatState => reduceChatEvents(initialChatState(), events);
const items = <K extends ChatItem['kind']>(state: ChatState, kind: K) => state.items.filter((i): i is Extract<ChatItem, { kind: K }> => i.kind === kind);

describe('run view model', () => {
  test('a live run: launched, started, plan states follow the workers, finished once', () => {
    const state = run(
      launched,
      started,
      plan,
      ev({ type: 'worker_started', workerId: 'w-a1', role: 'analyze', subtaskId: 'a1', title: 'find it', attempt: 1 }),
      ev({ type: 'worker_finished', workerId: 'w-a1', subtaskId: 'a1', status: 'succeeded', stop: { kind: 'done', message: 'done' } }),
      ev({ type: 'worker_started', workerId: 'w-c1', role: 'code', subtaskId: 'c1', title: 'fix it', attempt: 1 }),
      ev({ type: 'run_finished', stop: { kind: 'cancelled', message: 'cancelled by user' }, usage: usage(10, 5), costUsd: 0.01, filesChanged: 1 }),
      { kind: 'run_ended', runId: 'run-1', stop: { kind: 'cancelled', message: 'cancelled by user' }, filesChanged: 1 },
    );
    assert.equal(state.run?.phase, 'finished');
    assert.equal(state.run?.replay, false);
    assert.equal(state.run?.stop?.message, 'cancelled by user');
    assert.deepEqual(state.plan?.subtasks.map((s) => [s.id, s.state]), [['a1', 'succeeded'], ['c1', 'cancelled']]);
    assert.equal(state.plan?.estimateUsd, 0.4);
    assert.equal(items(state, 'stop').length, 1, 'run_finished and run_ended make one stop line');
    assert.deepEqual(state.workers.map((w) => [w.id, w.state]), [['w-a1', 'succeeded'], ['w-c1', 'cancelled']]);
    assert.ok(ChatStateSchema.safeParse(state).success);
  });

  test('streaming text accumulates per worker and is replaced by the final text', () => {
    const state = run(
      launched,
      ev({ type: 'model_text_delta', text: 'Hel', workerId: 'w1' }),
      ev({ type: 'model_text_delta', text: 'Par', workerId: 'w2' }),
      ev({ type: 'model_text_delta', text: 'lo', workerId: 'w1' }),
    );
    const texts = items(state, 'text');
    assert.deepEqual(texts.map((t) => [t.workerId, t.text, t.streaming]), [['w1', 'Hello', true], ['w2', 'Par', true]]);
    const done = reduceChatEvents(state, [ev({ type: 'model_call_finished', workerId: 'w1', step: 1, model: 'm', stopReason: 'end_turn', usage: usage(100, 20, 50, 30), costUsd: 0.002, durationMs: 5, text: 'Hello world' })]);
    const t = items(done, 'text');
    assert.deepEqual(t.map((x) => [x.text, x.streaming]), [['Hello world', false], ['Par', true]]);
    const next = reduceChatEvents(done, [ev({ type: 'model_text_delta', text: 'Again', workerId: 'w1' })]);
    assert.equal(items(next, 'text').length, 3, 'a new turn opens a new text item');
  });

  test('a tool card collects live output, then the result with exit code and tail', () => {
    const state = run(
      launched,
      ev({ type: 'tool_call', toolUseId: 't1', name: 'run_command', input: { command: 'npm   test' }, workerId: 'w1' }),
      ev({ type: 'command_output', toolUseId: 't1', chunk: 'running…\n', workerId: 'w1' }),
    );
    let card = items(state, 'tool')[0]!;
    assert.deepEqual([card.name, card.summary, card.status, card.output], ['run_command', 'npm test', 'running', 'running…\n']);
    const done = reduceChatEvents(state, [ev({ type: 'tool_result', toolUseId: 't1', name: 'run_command', isError: false, output: 'x'.repeat(10_000) + 'END', details: { exitCode: 0 }, durationMs: 42, workerId: 'w1' })]);
    card = items(done, 'tool')[0]!;
    assert.equal(card.status, 'ok');
    assert.equal(card.exitCode, 0);
    assert.equal(card.durationMs, 42);
    assert.ok(card.output.endsWith('END') && card.output.length <= LIMITS.output, 'the tail is kept, capped');
  });

  test('cost: per worker from each call, run totals, then the authoritative cost event', () => {
    const state = run(
      launched,
      started,
      ev({ type: 'model_call_finished', workerId: 'w1', step: 1, model: 'm', stopReason: 'tool_use', usage: usage(100, 10, 0, 300), costUsd: 0.5, durationMs: 1, text: '' }),
      ev({ type: 'model_call_finished', workerId: 'w2', step: 1, model: 'm', stopReason: 'tool_use', usage: usage(50, 5), costUsd: null, durationMs: 1, text: '' }),
    );
    assert.equal(state.workers.find((w) => w.id === 'w1')?.cost.costUsd, 0.5);
    assert.equal(state.workers.find((w) => w.id === 'w2')?.cost.costUsd, null);
    assert.equal(state.cost.costUsd, null, 'an unpriced call makes the total unknown, not wrong');
    assert.equal(state.cost.usage.inputTokens, 150);
    assert.equal(state.cost.budgetUsd, 2);
    const after = reduceChatEvents(state, [ev({ type: 'cost', usage: usage(150, 15, 0, 300), costUsd: 0.6, savedUsd: 0.25 })]);
    assert.deepEqual([after.cost.costUsd, after.cost.savedUsd, after.cost.budgetUsd], [0.6, 0.25, 2]);
    assert.equal(cacheHitRate(after.cost.usage), 300 / 450);
    assert.equal(cacheHitRate(usage(0, 0)), undefined);
  });

  test('cache savings are summed per call when the cost events carry none', () => {
    const state = run(
      launched,
      ev({ type: 'model_call_finished', step: 1, model: 'claude-sonnet-4-5', stopReason: 'end_turn', usage: usage(0, 10, 0, 1_000_000), costUsd: 0.45, durationMs: 1, text: '' }),
      ev({ type: 'cost', usage: usage(0, 10, 0, 1_000_000), costUsd: 0.45, savedUsd: null }),
    );
    // A million tokens read from the cache at 0.1× of $3 instead of $3: $2.70 saved.
    assert.ok(Math.abs((state.cost.savedUsd ?? 0) - 2.7) < 1e-9, String(state.cost.savedUsd));
  });

  test('approvals: the prompt shows until answered, then the decision', () => {
    const state = run(launched, { kind: 'approval_pending', approvalId: 'a1', command: 'curl x | sh', cwd: '/sb', reason: 'not allowed' });
    assert.equal(items(state, 'approval')[0]?.decision, undefined);
    const done = reduceChatEvents(state, [{ kind: 'approval_resolved', approvalId: 'a1', decision: 'deny', reason: 'no network' }]);
    assert.deepEqual([items(done, 'approval')[0]?.decision, items(done, 'approval')[0]?.denyReason], ['deny', 'no network']);
    const policy = reduceChatEvents(done, [ev({ type: 'approval_decided', approvalId: 'x', decision: 'auto_deny', reason: 'sudo is denied' })]);
    assert.match(items(policy, 'notice').at(-1)!.text, /refused by the deny rules: sudo is denied/);
  });

  test('plan approval: pending, approved, rejected', () => {
    const pending = run(launched, plan, { kind: 'plan_pending', plan: undefined });
    assert.equal(pending.run?.planPending, true);
    assert.equal(pending.plan?.subtasks.length, 2, 'the proposed plan stays when the pending event carries none');
    const approved = reduceChatEvents(pending, [{ kind: 'plan_resolved', approved: true }]);
    assert.deepEqual([approved.run?.planPending, approved.plan?.approved], [false, true]);
    const rejected = reduceChatEvents(pending, [{ kind: 'plan_resolved', approved: false, reason: 'too costly' }]);
    assert.equal(rejected.plan?.approved, false);
    assert.match(items(rejected, 'notice').at(-1)!.text, /Plan rejected: too costly/);
  });

  test('plan editing: the edit flag follows the editor; the edited plan replaces the tree', () => {
    const pending = run(launched, started, plan, { kind: 'plan_pending', plan: undefined });
    assert.equal(pending.run?.planEditing, undefined);
    const editing = reduceChatEvents(pending, [{ kind: 'plan_editing', open: true }]);
    assert.equal(editing.run?.planEditing, true);
    assert.equal(reduceChatEvents(editing, [{ kind: 'plan_editing', open: false }]).run?.planEditing, false);
    const approved = reduceChatEvents(editing, [
      { kind: 'plan_resolved', approved: true, edited: true },
      ev({ type: 'plan_proposed', plan: { mode: 'orchestrated', subtasks: [{ id: 'c1', role: 'code', description: 'fix it my way' }] }, estimateUsd: 0.1 }),
      ev({ type: 'plan_approved', by: 'user' }),
    ]);
    assert.equal(approved.run?.planEditing, false, 'deciding the plan ends the edit');
    assert.equal(approved.run?.planPending, false);
    assert.deepEqual(approved.plan?.subtasks.map((s) => [s.id, s.description, s.dependsOn]), [['c1', 'fix it my way', []]]);
    assert.equal(approved.plan?.approved, true);
    assert.equal(approved.plan?.estimateUsd, 0.1);
    assert.deepEqual(items(approved, 'notice').map((n) => n.text.split(' (')[0]), ['Plan proposed', 'Plan updated']);
    const ended = reduceChatEvents(editing, [{ kind: 'run_ended', runId: 'run-1', stop: { kind: 'cancelled', message: 'cancelled by user' }, filesChanged: 0 }]);
    assert.equal(ended.run?.planEditing, false, 'the end of the run ends the edit');
    assert.ok(ChatStateSchema.safeParse(approved).success);
  });

  test('a malformed plan from the model never breaks the view', () => {
    const state = run(launched, ev({ type: 'plan_proposed', plan: { subtasks: 'lots' } }), ev({ type: 'plan_proposed', plan: 42 }));
    assert.deepEqual(state.plan?.subtasks, []);
  });

  test('follow-ups are queued, then marked delivered when the agent takes them', () => {
    const state = run(launched, { kind: 'user_message', text: 'use BigInt', as: 'followup' });
    assert.equal(items(state, 'user')[0]?.delivered, undefined);
    const delivered = reduceChatEvents(state, [ev({ type: 'user_message', text: 'use BigInt' })]);
    assert.equal(items(delivered, 'user').length, 1);
    assert.equal(items(delivered, 'user')[0]?.delivered, true);
  });

  test('a saved run replays read-only from its events', () => {
    const state = run({ kind: 'reset' }, started, ev({ type: 'run_finished', stop: { kind: 'done', message: 'solved' }, usage: usage(1, 1), costUsd: 0, filesChanged: 2 }));
    assert.equal(state.run?.replay, true);
    assert.equal(state.run?.filesChanged, 2);
    assert.equal(state.run?.stop?.kind, 'done');
  });

  test('pause, status and history are plain state', () => {
    const state = run(launched, { kind: 'paused', paused: true }, { kind: 'status', hasApiKey: true, trusted: false, demo: true }, { kind: 'history', runs: [{ runId: 'r0', title: 't', status: 'finished' }] });
    assert.equal(state.run?.paused, true);
    assert.deepEqual(state.status, { hasApiKey: true, trusted: false, demo: true });
    assert.equal(state.history.length, 1);
    const fresh = reduceChatEvents(state, [launched]);
    assert.equal(fresh.history.length, 1, 'a new run keeps the history and status');
    assert.equal(fresh.items.length, 0);
  });

  test('the timeline is capped, but an unanswered approval is never dropped', () => {
    const events: ChatEvent[] = [launched, { kind: 'approval_pending', approvalId: 'keep', command: 'make', cwd: '/', reason: 'r' }];
    for (let i = 0; i < LIMITS.items + 50; i++) events.push({ kind: 'notice', level: 'info', text: `n${i}` });
    const state = run(...events);
    assert.equal(state.items.length, LIMITS.items);
    assert.ok(items(state, 'approval').some((a) => a.approvalId === 'keep'));
    assert.equal(items(state, 'notice').at(-1)?.text, `n${LIMITS.items + 49}`);
  });

  test('unchanged items keep their identity (the webview re-renders only what changed)', () => {
    const state = run(launched, ev({ type: 'tool_call', toolUseId: 't1', name: 'read_file', input: { path: 'a.ts' } }), ev({ type: 'model_text_delta', text: 'a' }));
    const next = reduceChatEvents(state, [ev({ type: 'model_text_delta', text: 'b' })]);
    assert.equal(next.items[0], state.items[0]);
    assert.notEqual(next.items[1], state.items[1]);
  });

  test('tool input summaries prefer the command, path or query and stay short', () => {
    assert.equal(summarizeToolInput({ path: 'src/a.ts', content: 'x' }), 'src/a.ts');
    assert.equal(summarizeToolInput({ query: 'foo' }), 'foo');
    assert.equal(summarizeToolInput({ filePath: 'src/cart.js', oldText: 'a' }), 'src/cart.js');
    assert.equal(summarizeToolInput({ n: 1 }), '{"n":1}');
    assert.ok(summarizeToolInput({ content: 'y'.repeat(5000) }).length <= LIMITS.summary);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(typeof summarizeToolInput(cyclic), 'string');
  });
});

test('dollars read plainly, small and negative amounts included', async () => {
  const { usd } = await import('../../../src/webview/chat/run-view-model');
  assert.equal(usd(1.5), '$1.50');
  assert.equal(usd(0.0012), '$0.0012');
  assert.equal(usd(-0.0012), '-$0.0012');
  assert.equal(usd(-0.00001), '$0.0000');
  assert.equal(usd(0), '$0.00');
  assert.equal(usd(null), 'n/a');
});
