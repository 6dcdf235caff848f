import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileChange } from '../../../src/core/changes/types';
import { issueFromText } from '../../../src/core/issue/types';
import type { ModelClient, ModelResponse } from '../../../src/core/model/types';
import type { CommandApproval } from '../../../src/core/tools/tool';
import { ChatSession } from '../../../src/ui/chat/chat-session';
import { pausableModel } from '../../../src/ui/pause-gate';
import { RunController, type RunLauncher, type RunRequest } from '../../../src/ui/run-controller';
import { createReviewSource, feedbackText } from '../../../src/ui/run-review-source';
import type { ChatEvent } from '../../../src/webview/chat/chat-state';

const change = (path: string): FileChange => ({ path, kind: 'modify', baseContent: 'a', baseHash: 'h', newContent: 'b', provenance: [{ workerId: 'w1' }] });

/** A launcher the test drives by hand: it records the request and ends when told. */
function manualLauncher() {
  let request: RunRequest | undefined;
  let finish!: (files: string[]) => void;
  let fail!: (err: Error) => void;
  const launcher: RunLauncher = {
    launch: (req) =>
      new Promise((resolve, reject) => {
        request = req;
        finish = (files) => resolve({ stop: { kind: 'done', message: 'solved' }, changes: { files: () => files.map(change) } });
        fail = reject;
        req.signal.addEventListener('abort', () => resolve({ stop: { kind: 'cancelled', message: 'cancelled by user' }, changes: { files: () => [] } }));
      }),
  };
  return { launcher, req: () => request!, finish: (files: string[] = []) => finish(files), fail: (err: Error) => fail(err) };
}

function setup(persistAlways: (command: string) => Promise<boolean> = async () => true) {
  const session = new ChatSession();
  const seen: ChatEvent[] = [];
  session.onEvent((e) => seen.push(e));
  const manual = manualLauncher();
  let n = 0;
  const controller = new RunController({ launcher: manual.launcher, session, persistAlways, newRunId: () => `run-${++n}`, newId: () => `id-${++n}` });
  return { session, seen, manual, controller };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('run controller', () => {
  test('start → events reach the chat → the end with the changes', async () => {
    const { controller, manual, session } = setup();
    const changed: string[] = [];
    controller.onDidChange(() => changed.push(`${controller.active}`));
    const run = controller.start(issueFromText('Fix the cart'));
    await tick();
    assert.equal(controller.active, true);
    manual.req().events.emit({ type: 'log', level: 'warn', message: 'hello from the run' });
    assert.equal(session.state.items.at(-1)?.kind, 'notice');
    manual.finish(['src/cart.js']);
    const result = await run.done;
    assert.equal(result.stop.kind, 'done');
    assert.equal(controller.active, false);
    assert.equal(controller.hasChanges, true);
    assert.equal(session.state.run?.phase, 'finished');
    assert.equal(session.state.run?.filesChanged, 1);
    assert.deepEqual(changed.slice(0, 1), ['true']);
    assert.equal(changed.at(-1), 'false');
  });

  test('one run at a time', async () => {
    const { controller } = setup();
    controller.start(issueFromText('a'));
    assert.throws(() => controller.start(issueFromText('b')), /already going/);
  });

  test('follow-ups reach the inbox exactly once', async () => {
    const { controller, manual, session } = setup();
    assert.equal(controller.followUp('too early'), false);
    controller.start(issueFromText('a'));
    await tick();
    assert.equal(controller.followUp('use integers'), true);
    assert.deepEqual(manual.req().inbox.take(), ['use integers']);
    assert.deepEqual(manual.req().inbox.take(), []);
    assert.ok(session.state.items.some((i) => i.kind === 'user' && i.as === 'followup' && i.text === 'use integers'));
  });

  test('stop aborts the run, denies open prompts and ends with "cancelled by user"', async () => {
    const { controller, manual, session } = setup();
    const run = controller.start(issueFromText('a'));
    await tick();
    const pending = manual.req().approveCommand({ command: 'make', cwd: '/sb', reason: 'not allowed' });
    const plan = manual.req().approvePlan({ subtasks: [] });
    assert.equal(controller.stop(), true);
    assert.equal(manual.req().signal.aborted, true);
    assert.deepEqual(await pending, { decision: 'deny', reason: 'the run was cancelled' });
    assert.deepEqual(await plan, { approved: false, reason: 'cancelled by user' });
    assert.equal((await run.done).stop.message, 'cancelled by user');
    assert.equal(session.state.run?.stop?.message, 'cancelled by user');
    assert.equal(controller.stop(), false, 'nothing left to stop');
  });

  test('pause holds model calls at the gate until resumed', async () => {
    const { controller, manual, session } = setup();
    controller.start(issueFromText('a'));
    await tick();
    let calls = 0;
    const inner: ModelClient = { model: 'm', send: async () => (calls++, { id: 'x', model: 'm', content: [], stopReason: 'end_turn', usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 } } as ModelResponse) };
    const model = pausableModel(inner, manual.req().pause);
    assert.equal(controller.pause(), true);
    assert.equal(session.state.run?.paused, true);
    const call = model.send({ system: 's', messages: [], maxTokens: 1 });
    await tick();
    assert.equal(calls, 0, 'held while paused');
    assert.equal(controller.resume(), true);
    await call;
    assert.equal(calls, 1);
    assert.equal(session.state.run?.paused, false);
  });

  test('a paused call is released by stop', async () => {
    const { controller, manual } = setup();
    controller.start(issueFromText('a'));
    await tick();
    const model = pausableModel({ model: 'm', send: async () => assert.fail('must not be called') }, manual.req().pause);
    controller.pause();
    const call = model.send({ system: 's', messages: [], maxTokens: 1 }, { signal: manual.req().signal });
    controller.stop();
    await assert.rejects(call, /cancelled by user/);
  });

  test('command approvals: run once, always (persisted), deny with a reason', async () => {
    const persisted: string[] = [];
    const { controller, manual, session } = setup(async (c) => (persisted.push(c), true));
    controller.start(issueFromText('a'));
    await tick();
    const ask = (command: string) => manual.req().approveCommand({ command, cwd: '/sb', reason: 'not in the allow list' });
    const approvalIds = () => session.state.items.flatMap((i) => (i.kind === 'approval' && !i.decision ? [i.approvalId] : []));

    const once = ask('make');
    assert.equal(await controller.decideCommand(approvalIds()[0]!, 'run_once'), true);
    assert.deepEqual(await once, { decision: 'run_once' });

    const always = ask('npm run lint');
    await controller.decideCommand(approvalIds()[0]!, 'always');
    assert.deepEqual(await always, { decision: 'always' });
    assert.deepEqual(persisted, ['npm run lint']);

    const denied = ask('curl x | sh');
    const id = approvalIds()[0]!;
    await controller.decideCommand(id, 'deny', '  no network please ');
    assert.deepEqual(await denied, { decision: 'deny', reason: 'no network please' } satisfies CommandApproval);
    assert.equal(await controller.decideCommand(id, 'run_once'), false, 'a stale button does nothing');
    assert.deepEqual(approvalIds(), []);
  });

  test('"always" for a command that cannot be pinned still runs once and says why', async () => {
    const { controller, manual, session } = setup(async () => false);
    controller.start(issueFromText('a'));
    await tick();
    const p = manual.req().approveCommand({ command: 'rm -rf $DIR', cwd: '/sb', reason: 'r' });
    const id = session.state.items.find((i) => i.kind === 'approval')!;
    await controller.decideCommand(id.kind === 'approval' ? id.approvalId : '', 'always');
    assert.deepEqual(await p, { decision: 'always' });
    assert.ok(session.state.items.some((i) => i.kind === 'notice' && /cannot be saved as a rule/.test(i.text)));
  });

  test('plan approval waits for the user', async () => {
    const { controller, manual, session } = setup();
    controller.start(issueFromText('a'));
    await tick();
    assert.equal(controller.decidePlan({ approved: true }), false, 'nothing to approve yet');
    const decision = manual.req().approvePlan({ mode: 'single-agent', subtasks: [{ id: 'c1', role: 'code', description: 'fix' }] });
    assert.equal(controller.awaitingPlan, true);
    assert.equal(session.state.run?.planPending, true);
    assert.equal(controller.decidePlan({ approved: true }), true);
    assert.deepEqual(await decision, { approved: true });
    assert.equal(session.state.plan?.approved, true);
  });

  test('a launcher that fails ends the run with its message', async () => {
    const { controller, manual, session } = setup();
    const run = controller.start(issueFromText('a'));
    await tick();
    manual.fail(new Error('sandbox could not be created'));
    await assert.rejects(run.done, /sandbox/);
    assert.equal(controller.active, false);
    assert.deepEqual(session.state.run?.stop, { kind: 'error', message: 'sandbox could not be created' });
  });
});

describe('review source on the controller', () => {
  test('current() is the finished run; decisions go to the run record', async () => {
    const { controller, manual } = setup();
    const revisions: string[] = [];
    const source = createReviewSource(controller as never, async (f) => void revisions.push(f));
    let fired = 0;
    const sub = source.onDidChange(() => fired++);
    const run = controller.start(issueFromText('a'));
    await tick();
    assert.equal(source.current(), undefined, 'nothing to review while running');
    const recorded: unknown[] = [];
    manual.req().events.subscribe((e) => e.type === 'review_decision' && recorded.push(e));

    await source.sendFeedback([{ path: 'a.ts', hunkId: 'h1', reason: 'keep the old name' }]);
    assert.deepEqual(manual.req().inbox.take(), [feedbackText([{ path: 'a.ts', hunkId: 'h1', reason: 'keep the old name' }])], 'during the run: a follow-up');

    manual.finish(['a.ts']);
    await run.done;
    assert.ok(fired > 0);
    assert.equal(source.current()?.runId, 'run-1');
    assert.deepEqual(source.current()?.changes.files().map((f) => f.path), ['a.ts']);
    source.recordDecision({ path: 'a.ts', hunkId: 'h1', decision: 'reject', reason: 'no' });
    assert.deepEqual(recorded.map((e) => ({ ...(e as object), id: undefined, ts: undefined })), [
      { type: 'review_decision', path: 'a.ts', hunkId: 'h1', decision: 'reject', reason: 'no', by: 'user', runId: 'run-1', id: undefined, ts: undefined },
    ]);
    await source.sendFeedback([{ path: 'a.ts', reason: 'wrong' }]);
    assert.equal(revisions.length, 1, 'after the run: a revision run');
    assert.match(revisions[0]!, /- a\.ts: wrong/);
    sub.dispose();
  });
});
