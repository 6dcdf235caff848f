import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { issueFromText } from '../../../src/core/issue/types';
import { SolveSettingsSchema } from '../../../src/core/orchestrator/settings';
import type { RunOutcome } from '../../../src/core/orchestrator/solve';
import type { RunStore } from '../../../src/core/run/store';
import { ChatSession } from '../../../src/ui/chat/chat-session';
import type { PlanEditorPort } from '../../../src/ui/plan-review';
import { RunController } from '../../../src/ui/run-controller';
import { SolveLauncher, type RunEnvironment, type SolveEntry } from '../../../src/ui/solve-launcher';
import { harness, planReply, sub } from '../orchestrator/solve-harness';

/**
 * The edited plan's whole way without VS Code: chat approval → run
 * controller → SolveLauncher → the real solveIssue (scripted model and
 * agents). Only the edited plan's subtasks run, and the chat's plan tree
 * shows the edited plan.
 */

function environment(planApproval: 'ask' | 'auto'): RunEnvironment {
  const store = { startRun: () => undefined, append: () => undefined, finishRun: () => undefined, saveState: () => undefined } as unknown as RunStore;
  return {
    workspaceRoot: '/w',
    fs: undefined as never,
    search: undefined as never,
    runner: undefined as never,
    sandboxes: undefined as never,
    model: { model: 'scripted', send: async () => assert.fail('the harness has its own model') },
    settings: SolveSettingsSchema.parse({ planApproval, readOnlyWorkers: 'single-call' }),
    store,
  };
}

/** An editor holding whatever the "user" typed. */
function editorWith(text: () => string): PlanEditorPort {
  let open = false;
  return {
    open: async () => void (open = true),
    text: () => (open ? text() : undefined),
    close: async () => void (open = false),
    onDidClose: () => ({ dispose: () => undefined }),
  };
}

function setup(planApproval: 'ask' | 'auto') {
  const h = harness({
    plan: () => planReply({ subtasks: [sub('look', 'code'), sub('fix', 'code', ['look'])] }),
  });
  // The launcher's own options (events, approval, signal) reach the harness's solveIssue.
  const solve: SolveEntry = (options) =>
    h.run({ approvePlan: options.approvePlan, settings: options.settings, events: options.events, signal: options.signal, inbox: options.inbox }) as Promise<RunOutcome>;
  const session = new ChatSession();
  const controller = new RunController({
    launcher: new SolveLauncher(async () => solve, async () => environment(planApproval)),
    session,
    persistAlways: async () => true,
    newRunId: () => 'run-1',
    newId: () => 'id-1',
  });
  return { h, session, controller };
}

const untilPending = async (controller: RunController) => {
  for (let i = 0; i < 200 && !controller.awaitingPlan; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(controller.awaitingPlan, true, 'the plan waits for the user');
};

describe('plan edit flow: chat → controller → launcher → solveIssue', () => {
  test('an edited plan reaches the orchestrator: only its subtask runs, the chat shows it', async () => {
    const { h, session, controller } = setup('ask');
    controller.plans.attach(
      editorWith(() => {
        const plan = controller.pendingPlan as { subtasks: Array<{ id: string; dependsOn?: string[] }> };
        return JSON.stringify({ ...plan, subtasks: plan.subtasks.filter((s) => s.id === 'fix').map((s) => ({ ...s, description: 'fix it my way', dependsOn: [] })) });
      }),
    );
    const run = controller.start(issueFromText('Fix the cart'));
    await untilPending(controller);
    assert.deepEqual(session.state.plan?.subtasks.map((s) => s.id), ['look', 'fix']);
    await controller.plans.edit();
    await controller.plans.approve();
    const result = await run.done;
    assert.equal(result.stop.kind, 'done', result.stop.message);
    assert.deepEqual(Object.keys(h.agentCalls), ['fix'], 'only the edited plan\'s subtask ran');
    assert.deepEqual(session.state.plan?.subtasks.map((s) => [s.id, s.description, s.state]), [['fix', 'fix it my way', 'succeeded']]);
    assert.ok(session.state.items.some((i) => i.kind === 'notice' && /^Plan updated/.test(i.text)), 'the timeline says the plan changed');
  });

  test('approved as proposed: both subtasks run', async () => {
    const { h, controller } = setup('ask');
    const run = controller.start(issueFromText('Fix the cart'));
    await untilPending(controller);
    await controller.plans.approve();
    assert.equal((await run.done).stop.kind, 'done');
    assert.deepEqual(Object.keys(h.agentCalls).sort(), ['fix', 'look']);
  });

  test('planApproval off: the orchestrator never asks', async () => {
    const { h, controller } = setup('auto');
    const run = controller.start(issueFromText('Fix the cart'));
    assert.equal((await run.done).stop.kind, 'done');
    assert.equal(controller.awaitingPlan, false);
    assert.deepEqual(Object.keys(h.agentCalls).sort(), ['fix', 'look']);
  });
});
