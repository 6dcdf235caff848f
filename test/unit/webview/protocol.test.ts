import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HostMessageSchema, parseHostMessage, parseViewMessage, ViewMessageSchema, type HostMessage, type ViewMessage } from '../../../src/webview/protocol';
import { initialChatState, reduceChat } from '../../../src/webview/chat/run-view-model';
import type { ChatEvent } from '../../../src/webview/chat/chat-state';

/** One valid example of every webview → host message, and ways each one must be refused. */
const viewCases: Record<ViewMessage['type'], { valid: ViewMessage; invalid: unknown[] }> = {
  ready: { valid: { type: 'ready' }, invalid: [{ type: 'ready', extra: true }, { type: 'ready', requestId: 42 }] },
  submit: {
    valid: { type: 'submit', text: 'Fix #12', requestId: 'r1' },
    invalid: [{ type: 'submit' }, { type: 'submit', text: '   ' }, { type: 'submit', text: 'x'.repeat(100_001) }, { type: 'submit', text: 7 }],
  },
  stop: { valid: { type: 'stop', requestId: 'r2' }, invalid: [{ type: 'stop', now: true }, { type: 'stop', requestId: '' }] },
  pause: { valid: { type: 'pause' }, invalid: [{ type: 'pause', requestId: 'x'.repeat(65) }] },
  resume: { valid: { type: 'resume' }, invalid: [{ type: 'resume', runId: 'a' }] },
  approveCommand: {
    valid: { type: 'approveCommand', approvalId: 'a1', decision: 'deny', reason: 'not on my machine' },
    invalid: [
      { type: 'approveCommand', approvalId: 'a1', decision: 'allow_all' },
      { type: 'approveCommand', decision: 'run_once' },
      { type: 'approveCommand', approvalId: '', decision: 'run_once' },
      { type: 'approveCommand', approvalId: 'a1', decision: 'deny', reason: 'x'.repeat(2_001) },
    ],
  },
  approvePlan: {
    valid: { type: 'approvePlan', approved: false, reason: 'too big' },
    // The edited plan never travels in the message: the host reads it from its own editor.
    invalid: [{ type: 'approvePlan', approved: 'yes' }, { type: 'approvePlan' }, { type: 'approvePlan', approved: true, plan: { subtasks: [] } }],
  },
  editPlan: {
    valid: { type: 'editPlan', requestId: 'r7' },
    invalid: [{ type: 'editPlan', text: '{"subtasks": []}' }, { type: 'editPlan', plan: {} }, { type: 'editPlan', requestId: 7 }],
  },
  openReview: { valid: { type: 'openReview' }, invalid: [{ type: 'openReview', path: '/etc/passwd' }] },
  showRunLog: { valid: { type: 'showRunLog', runId: 'run-1' }, invalid: [{ type: 'showRunLog', runId: '' }, { type: 'showRunLog', runId: 5 }] },
  openRun: { valid: { type: 'openRun', runId: 'run-1' }, invalid: [{ type: 'openRun' }, { type: 'openRun', runId: 'x'.repeat(201) }] },
  resumeRun: { valid: { type: 'resumeRun', runId: 'run-1' }, invalid: [{ type: 'resumeRun' }] },
  refreshHistory: { valid: { type: 'refreshHistory' }, invalid: [{ type: 'refreshHistory', all: 1 }] },
  pickIssue: { valid: { type: 'pickIssue' }, invalid: [{ type: 'pickIssue', issue: 3 }] },
  setApiKey: { valid: { type: 'setApiKey' }, invalid: [{ type: 'setApiKey', key: 'sk-ant-123' }] },
  tryDemo: { valid: { type: 'tryDemo' }, invalid: [{ type: 'tryDemo', script: {} }] },
  manageTrust: { valid: { type: 'manageTrust' }, invalid: [{ type: 'manageTrust', trust: true }] },
  log: { valid: { type: 'log', level: 'warn', message: 'dropped x' }, invalid: [{ type: 'log', level: 'fatal', message: 'x' }, { type: 'log', level: 'info' }] },
};

const runEvent = (event: Record<string, unknown>): ChatEvent =>
  ({ kind: 'run', event: { id: 'e1', runId: 'run-1', ts: '2026-01-01T00:00:00.000Z', ...event } }) as ChatEvent;

const hostCases: Record<HostMessage['type'], { valid: HostMessage[]; invalid: unknown[] }> = {
  snapshot: {
    valid: [{ type: 'snapshot', state: reduceChat(initialChatState(), { kind: 'notice', level: 'info', text: 'hi' }) }],
    invalid: [{ type: 'snapshot' }, { type: 'snapshot', state: { ...initialChatState(), items: [{ id: 1, kind: 'html', html: '<img onerror>' }] } }],
  },
  events: {
    valid: [
      {
        type: 'events',
        events: [
          runEvent({ type: 'model_text_delta', text: 'hello', workerId: 'w1' }),
          { kind: 'approval_pending', approvalId: 'a1', command: 'npm test', cwd: '/tmp/sb', reason: 'not in the allow list' },
          { kind: 'paused', paused: true },
          { kind: 'plan_editing', open: true },
          { kind: 'plan_resolved', approved: true, edited: true },
        ],
      },
    ],
    invalid: [
      { type: 'events', events: [{ kind: 'run', event: { type: 'model_text_delta', text: 'x' } }] },
      { type: 'events', events: [{ kind: 'unknown' }] },
      { type: 'events', events: 'x' },
      { type: 'events', events: [{ kind: 'plan_editing', open: 'yes' }] },
      { type: 'events', events: [{ kind: 'plan_editing' }] },
      { type: 'events', events: [{ kind: 'plan_resolved', approved: true, edited: 'yes' }] },
      { type: 'events', events: Array.from({ length: 1_001 }, () => ({ kind: 'paused', paused: true })) },
    ],
  },
  response: {
    valid: [
      { type: 'response', requestId: 'r1', ok: true },
      { type: 'response', requestId: 'r1', ok: false, error: 'No run is going.' },
    ],
    invalid: [{ type: 'response', ok: true }, { type: 'response', requestId: 'r1' }, { type: 'response', requestId: 'r1', ok: 'no' }],
  },
  focusInput: { valid: [{ type: 'focusInput', text: 'owner/repo#1' }, { type: 'focusInput' }], invalid: [{ type: 'focusInput', text: 3 }] },
};

describe('webview protocol: view → host', () => {
  test('the cases cover every message type of the schema', () => {
    const types = ViewMessageSchema.options.map((o) => o.shape.type.value).sort();
    assert.deepEqual(Object.keys(viewCases).sort(), types);
  });
  for (const [type, { valid, invalid }] of Object.entries(viewCases)) {
    test(`${type}: round-trips through JSON and is refused when malformed`, () => {
      const parsed = parseViewMessage(JSON.parse(JSON.stringify(valid)));
      assert.ok(parsed.ok, `valid ${type} refused: ${parsed.ok ? '' : parsed.error}`);
      assert.deepEqual(parsed.message, valid);
      for (const bad of invalid) {
        const result = parseViewMessage(bad);
        assert.equal(result.ok, false, `accepted ${JSON.stringify(bad).slice(0, 120)}`);
        if (!result.ok) assert.match(result.error, new RegExp(`invalid message '${type}'`));
      }
    });
  }
  test('non-objects and unknown types are refused with a readable reason', () => {
    for (const bad of [null, undefined, 'ready', 42, [], {}, { type: 'eval', code: 'x' }, { type: 'READY' }]) {
      const result = parseViewMessage(bad);
      assert.equal(result.ok, false, String(JSON.stringify(bad)));
      if (!result.ok) assert.match(result.error, /^invalid message/);
    }
  });
});

describe('webview protocol: host → view', () => {
  test('the cases cover every message type of the schema', () => {
    const types = [...new Set(HostMessageSchema.options.map((o) => o.shape.type.value))].sort();
    assert.deepEqual(Object.keys(hostCases).sort(), types);
  });
  for (const [type, { valid, invalid }] of Object.entries(hostCases)) {
    test(`${type}: round-trips through JSON and is refused when malformed`, () => {
      for (const message of valid) {
        const parsed = parseHostMessage(JSON.parse(JSON.stringify(message)));
        assert.ok(parsed.ok, `valid ${type} refused: ${parsed.ok ? '' : parsed.error}`);
        assert.deepEqual(parsed.message, message);
      }
      for (const bad of invalid) assert.equal(parseHostMessage(bad).ok, false, `accepted ${JSON.stringify(bad).slice(0, 120)}`);
    });
  }
  test('a snapshot of a busy run state round-trips', () => {
    let state = initialChatState();
    const events: ChatEvent[] = [
      { kind: 'run_launched', runId: 'run-1', task: { ref: 'o/r#1', title: 'Fix it' } },
      runEvent({ type: 'run_started', task: { ref: 'o/r#1', title: 'Fix it' }, workspace: '/w', model: 'claude-sonnet-4-5', budgets: { maxUsd: 5 } }),
      runEvent({ type: 'tool_call', toolUseId: 't1', name: 'run_command', input: { command: 'npm test' }, workerId: 'w1' }),
      runEvent({ type: 'tool_result', toolUseId: 't1', name: 'run_command', isError: true, output: 'FAIL', details: { exitCode: 1 }, durationMs: 12, workerId: 'w1' }),
      { kind: 'plan_pending', plan: { mode: 'orchestrated', subtasks: [{ id: 'a', role: 'analyze', description: 'look' }] } },
      { kind: 'plan_editing', open: true },
    ];
    for (const e of events) state = reduceChat(state, e);
    const parsed = parseHostMessage(JSON.parse(JSON.stringify({ type: 'snapshot', state })));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.ok && parsed.message.type === 'snapshot' ? parsed.message.state : undefined, state);
    assert.equal(state.run?.planEditing, true, 'the snapshot carries the open plan edit');
  });
  test('a snapshot saved before plan editing existed (no planEditing) still parses', () => {
    const state = reduceChat(initialChatState(), { kind: 'run_launched', runId: 'run-1', task: { ref: 'o/r#1', title: 'Fix it' } });
    const { planEditing: _dropped, ...older } = state.run!;
    assert.ok(parseHostMessage({ type: 'snapshot', state: { ...state, run: older } }).ok);
  });
});
