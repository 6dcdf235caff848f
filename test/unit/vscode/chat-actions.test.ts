import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueFromText } from '../../../src/core/issue/types';
import { handleViewMessage, type ChatHost } from '../../../src/ui/chat/chat-actions';
import { ChatSession } from '../../../src/ui/chat/chat-session';
import { RunController, type RunRequest } from '../../../src/ui/run-controller';
import { parseViewMessage } from '../../../src/webview/protocol';

function setup() {
  const calls: string[] = [];
  const host: ChatHost = new Proxy({} as ChatHost, {
    get: (_t, name: string) => async (...args: unknown[]) => void calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(',')})`),
  });
  let request: RunRequest | undefined;
  const controller = new RunController({
    launcher: { launch: (req) => ((request = req), new Promise<never>(() => undefined)) },
    session: new ChatSession(),
    persistAlways: async () => true,
    newRunId: () => 'run-1',
    newId: () => 'a1',
  });
  const send = (raw: unknown) => {
    const parsed = parseViewMessage(raw);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    return handleViewMessage(parsed.message, controller, host);
  };
  return { calls, controller, send, req: () => request! };
}

test('submit starts a task when idle and is a follow-up during a run', async () => {
  const { calls, controller, send, req } = setup();
  await send({ type: 'submit', text: 'owner/repo#7' });
  assert.deepEqual(calls, ['startTask("owner/repo#7")']);
  controller.start(issueFromText('x'));
  await new Promise((r) => setImmediate(r));
  await send({ type: 'submit', text: 'also update the docs' });
  assert.deepEqual(req().inbox.take(), ['also update the docs']);
  assert.equal(calls.length, 1);
});

test('run controls answer with a readable error when they cannot act', async () => {
  const { controller, send } = setup();
  await assert.rejects(send({ type: 'stop' }), /No run is going/);
  await assert.rejects(send({ type: 'pause' }), /No run is going/);
  await assert.rejects(send({ type: 'approveCommand', approvalId: 'zz', decision: 'run_once' }), /no longer open/);
  await assert.rejects(send({ type: 'approvePlan', approved: true }), /No plan is waiting/);
  controller.start(issueFromText('x'));
  await send({ type: 'pause' });
  await assert.rejects(send({ type: 'pause' }), /already paused/);
  await send({ type: 'resume' });
  await assert.rejects(send({ type: 'openRun', runId: 'old' }), /Stop the current run/);
  await send({ type: 'stop' });
});

test('buttons that reach beyond the run go to the host', async () => {
  const { calls, send } = setup();
  for (const m of [
    { type: 'openReview' },
    { type: 'showRunLog', runId: 'r9' },
    { type: 'openRun', runId: 'r9' },
    { type: 'resumeRun', runId: 'r9' },
    { type: 'refreshHistory' },
    { type: 'pickIssue' },
    { type: 'setApiKey' },
    { type: 'tryDemo' },
    { type: 'manageTrust' },
    { type: 'log', level: 'warn', message: 'dropped' },
    { type: 'ready' },
  ]) {
    await send(m);
  }
  assert.deepEqual(calls, [
    'openReview()',
    'showRunLog("r9")',
    'openRun("r9")',
    'resumeRun("r9")',
    'refreshHistory()',
    'pickIssue()',
    'setApiKey()',
    'tryDemo()',
    'manageTrust()',
    'log("warn","chat view: dropped")',
    'viewReady()',
  ]);
});
