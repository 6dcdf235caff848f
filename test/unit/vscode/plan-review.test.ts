import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { issueFromText } from '../../../src/core/issue/types';
import { handleViewMessage, type ChatHost } from '../../../src/ui/chat/chat-actions';
import { ChatSession } from '../../../src/ui/chat/chat-session';
import { planEditText } from '../../../src/ui/edited-plan';
import type { PlanEditorPort } from '../../../src/ui/plan-review';
import { RunController, type PlanDecision, type RunRequest } from '../../../src/ui/run-controller';
import type { ChatEvent } from '../../../src/webview/chat/chat-state';
import { parseViewMessage } from '../../../src/webview/protocol';
import { TWO_STEP_PLAN } from './plan-fixture';

/** An editor the test types into: what VS Code's untitled JSON editor is in production. */
class FakeEditor implements PlanEditorPort {
  content: string | undefined;
  opens = 0;
  closes = 0;
  private readonly listeners = new Set<() => void>();
  async open(text: string): Promise<void> {
    this.opens++;
    this.content ??= text;
  }
  text(): string | undefined {
    return this.content;
  }
  async close(): Promise<void> {
    this.closes++;
    this.content = undefined;
  }
  onDidClose(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  /** The user closes the tab and discards the edit. */
  userCloses(): void {
    this.content = undefined;
    for (const l of this.listeners) l();
  }
}

const tick = () => new Promise((r) => setImmediate(r));
const withoutLook = () => JSON.stringify({ ...TWO_STEP_PLAN, subtasks: [{ ...TWO_STEP_PLAN.subtasks[1], dependsOn: [] }] }, null, 2);

async function setup(options: { editor?: boolean } = {}) {
  const session = new ChatSession();
  const seen: ChatEvent[] = [];
  session.onEvent((e) => seen.push(e));
  let request: RunRequest | undefined;
  const controller = new RunController({
    launcher: { launch: (req) => ((request = req), new Promise<never>(() => undefined)) },
    session,
    persistAlways: async () => true,
    newRunId: () => 'run-1',
    newId: () => 'a1',
  });
  const editor = new FakeEditor();
  if (options.editor !== false) controller.plans.attach(editor);
  controller.start(issueFromText('Fix the cart'));
  await tick();
  // The orchestrator asks, as solveIssue does when foreman.planApproval is on.
  const decision: Promise<PlanDecision> = request!.approvePlan(TWO_STEP_PLAN);
  const host = new Proxy({} as ChatHost, { get: () => async () => undefined });
  const send = (raw: unknown) => {
    const parsed = parseViewMessage(raw);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    return handleViewMessage(parsed.message, controller, host);
  };
  const notices = () => seen.flatMap((e) => (e.kind === 'notice' ? [`${e.level}: ${e.text}`] : []));
  return { session, seen, controller, editor, decision, send, notices };
}

describe('plan review: edit the plan before workers start', () => {
  test('Edit plan opens the proposal as JSON; Approve passes the edited plan to the run', async () => {
    const { controller, editor, decision, send, session, seen, notices } = await setup();
    assert.deepEqual(controller.pendingPlan, TWO_STEP_PLAN);
    await send({ type: 'editPlan' });
    assert.equal(editor.content, planEditText(TWO_STEP_PLAN));
    assert.equal(session.state.run?.planEditing, true, 'the chat knows an edit is open (its button says "Approve edited plan")');
    editor.content = withoutLook();
    await send({ type: 'approvePlan', approved: true });
    const answer = await decision;
    assert.equal(answer.approved, true);
    assert.deepEqual(answer.approved && (answer.plan as typeof TWO_STEP_PLAN).subtasks.map((s) => s.id), ['fix']);
    assert.match(notices().join('\n'), /info: Approving your edited plan \(1 subtask\)/);
    assert.deepEqual(seen.filter((e) => e.kind === 'plan_resolved'), [{ kind: 'plan_resolved', approved: true, edited: true }]);
    assert.equal(controller.awaitingPlan, false);
    assert.equal(controller.pendingPlan, undefined);
    assert.equal(editor.closes, 1, 'the edit is closed once the plan is decided');
    assert.equal(session.state.run?.planEditing, false);
  });

  test('an invalid edit is reported and the plan stays pending until it is fixed', async () => {
    const { controller, editor, decision, send, notices } = await setup();
    await send({ type: 'editPlan' });
    editor.content = '{ "analysis": "x", }';
    await assert.rejects(send({ type: 'approvePlan', approved: true }), /The edited plan is not valid: not valid JSON: .*line 1/);
    editor.content = JSON.stringify({ ...TWO_STEP_PLAN, subtasks: [TWO_STEP_PLAN.subtasks[1]] });
    await assert.rejects(send({ type: 'approvePlan', approved: true }), /depends on unknown subtask "look"/);
    assert.equal(controller.awaitingPlan, true, 'still pending: the user can fix the edit');
    assert.equal(editor.closes, 0, 'the edit stays open to be fixed');
    assert.match(notices().filter((n) => n.startsWith('error:')).join('\n'), /still waiting[\s\S]*depends on unknown subtask "look"/);
    let settled = false;
    void decision.then(() => (settled = true));
    await tick();
    assert.equal(settled, false, 'the run is still waiting for a decision');
    editor.content = withoutLook();
    await send({ type: 'approvePlan', approved: true });
    const answer = await decision;
    assert.ok(answer.approved && answer.plan, 'the fixed edit is approved');
  });

  test('Edit plan again keeps the text typed so far', async () => {
    const { editor, send } = await setup();
    await send({ type: 'editPlan' });
    editor.content = withoutLook();
    await send({ type: 'editPlan' });
    assert.equal(editor.opens, 2);
    assert.equal(editor.content, withoutLook());
  });

  test('an edit identical to the proposal approves the plan as proposed', async () => {
    const { editor, decision, send, notices } = await setup();
    await send({ type: 'editPlan' });
    editor.content = JSON.stringify(TWO_STEP_PLAN); // reformatted, same plan
    await send({ type: 'approvePlan', approved: true });
    assert.deepEqual(await decision, { approved: true });
    assert.match(notices().at(-1)!, /same as the proposal/);
  });

  test('an edit the user closed is forgotten: Approve approves the proposal', async () => {
    const { controller, editor, decision, send, session } = await setup();
    await send({ type: 'editPlan' });
    editor.content = '{ broken';
    editor.userCloses();
    assert.equal(session.state.run?.planEditing, false);
    await assert.rejects(controller.plans.approve({ requireEdit: true }), /No edited plan is open/);
    await send({ type: 'approvePlan', approved: true });
    assert.deepEqual(await decision, { approved: true });
  });

  test('Reject and Stop close the edit; the run gets the rejection', async () => {
    const rejected = await setup();
    await rejected.send({ type: 'editPlan' });
    await rejected.send({ type: 'approvePlan', approved: false, reason: 'not now' });
    assert.deepEqual(await rejected.decision, { approved: false, reason: 'not now' });
    assert.equal(rejected.editor.closes, 1);

    const stopped = await setup();
    await stopped.send({ type: 'editPlan' });
    stopped.controller.stop();
    assert.deepEqual(await stopped.decision, { approved: false, reason: 'cancelled by user' });
    assert.equal(stopped.editor.closes, 1);
    assert.equal(stopped.session.state.run?.planEditing, false);
  });

  test('nothing to edit or approve without a pending plan, or without an editor', async () => {
    const { controller, send, decision } = await setup({ editor: false });
    await assert.rejects(send({ type: 'editPlan' }), /needs the editor/);
    controller.plans.reject('no');
    await decision;
    await assert.rejects(send({ type: 'editPlan' }), /No plan is waiting/);
    await assert.rejects(send({ type: 'approvePlan', approved: true }), /No plan is waiting/);
    assert.throws(() => controller.plans.reject('again'), /No plan is waiting/);
  });
});
