import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from '../../../src/fake-model';
import { createAnthropicModelClient } from '../../../src/core/model/anthropic';
import { issueFromText } from '../../../src/core/issue/types';
import { solveIssue } from '../../../src/core/orchestrator/solve';
import { RunStore } from '../../../src/core/run/store';
import { createSandboxFactory } from '../../../src/core/sandbox';
import { ChatSession } from '../../../src/ui/chat/chat-session';
import { runHistory, replayEvents } from '../../../src/ui/chat/run-history';
import { DEMO_FILES, DEMO_ISSUE } from '../../../src/ui/demo/demo-files';
import { createDemoProject } from '../../../src/ui/demo/demo-project';
import { demoScript } from '../../../src/ui/demo/demo-script';
import { RunController } from '../../../src/ui/run-controller';
import { createRunEnvironment } from '../../../src/ui/run-environment';
import { SolveLauncher } from '../../../src/ui/solve-launcher';
import { defaultSettings } from '../../../src/vscode/settings-schema';
import { initialChatState, reduceChatEvents } from '../../../src/webview/chat/run-view-model';

/**
 * The chat's whole flow without VS Code: the controller and the production
 * launcher on the real orchestrator, through the real SDK against the fake
 * model (the bundled demo script), on a real git repo with a real sandbox and
 * run store. What the sidebar would show is the session's state.
 */
const temp = mkdtempSync(join(tmpdir(), 'foreman-chat-flow-'));
// Inside node --test, this variable makes the demo repo's own `node --test` skip its tests.
delete process.env.NODE_TEST_CONTEXT;
let fake: FakeAnthropic | undefined;
after(async () => {
  await fake?.close();
  rmSync(temp, { recursive: true, force: true });
});

test('a demo run from the chat: plan, worker, tool cards, approval, record, untouched workspace', { timeout: 60_000 }, async () => {
  const root = join(temp, 'repo');
  await createDemoProject(root);
  fake = await startFakeAnthropic({ script: demoScript() as never });
  const store = new RunStore(join(temp, 'runs'));
  const session = new ChatSession();
  const log: string[] = [];
  const launcher = new SolveLauncher(async () => solveIssue, async () =>
    createRunEnvironment({
      workspaceRoot: root,
      appRoot: join(temp, 'no-vscode'),
      settings: { ...defaultSettings(), commandAllow: [] },
      model: { client: createAnthropicModelClient({ apiKey: 'test', baseURL: fake!.url, model: 'claude-sonnet-4-6' }), demo: true, secrets: [] },
      store,
      sandboxes: createSandboxFactory({ workspaceRoot: root, baseDir: join(temp, 'sandboxes') }),
      output: { append: (t) => log.push(t), appendLine: (t) => log.push(`${t}\n`) },
    }),
  );
  let ids = 0;
  const controller = new RunController({ launcher, session, persistAlways: async () => true, newRunId: () => 'flow-run-1', newId: () => `ap-${++ids}` });
  // The user answers every command prompt with "Run once", as a click in the chat would.
  const answered: string[] = [];
  session.onEvent((e) => {
    if (e.kind === 'approval_pending') {
      answered.push(e.command);
      void controller.decideCommand(e.approvalId, 'run_once');
    }
  });
  const viewEvents: Parameters<typeof reduceChatEvents>[1][number][] = [];
  session.onEvent((e) => viewEvents.push(JSON.parse(JSON.stringify(e))));

  const run = controller.start(issueFromText(DEMO_ISSUE, 'demo'));
  const result = await run.done;

  assert.equal(result.stop.kind, 'done', result.stop.message);
  assert.deepEqual(result.changes.files().map((f) => f.path), ['src/cart.js']);
  assert.equal(readFileSync(join(root, 'src', 'cart.js'), 'utf8'), DEMO_FILES['src/cart.js'], 'nothing touches the workspace before review');

  const state = session.state;
  assert.equal(state.run?.phase, 'finished');
  assert.equal(state.run?.filesChanged, 1);
  assert.deepEqual(state.plan?.subtasks.map((s) => [s.id, s.state]), [['fix-cart', 'succeeded']]);
  const tools = state.items.flatMap((i) => (i.kind === 'tool' ? [[i.name, i.status, i.exitCode ?? '']] : []));
  assert.ok(tools.some(([name]) => name === 'edit_file'), JSON.stringify(tools));
  const commands = tools.filter(([name]) => name === 'run_command');
  assert.ok(commands.some(([, , code]) => code !== 0 && code !== ''), `a failing test run is shown: ${JSON.stringify(commands)}`);
  assert.equal(commands.at(-1)?.[2], 0, 'the last test run passes');
  assert.ok(state.items.some((i) => i.kind === 'text' && /cartTotal|subtotal/.test(i.text)), 'the worker text is shown');
  const u = state.cost.usage;
  assert.ok(u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens > 0 && u.outputTokens > 0, JSON.stringify(u));
  assert.ok((state.cost.savedUsd ?? 0) > 0, 'the cache savings are shown');
  assert.equal(state.workers[0]?.state, 'succeeded');
  assert.ok(log.join('').includes('$ npm test'), 'commands are shown in the output channel');

  // The webview reduces the same events to the same state.
  assert.deepEqual(reduceChatEvents(initialChatState(), viewEvents), JSON.parse(JSON.stringify(state)));

  // The record: listed in history, replayable read-only.
  const history = runHistory(store);
  assert.equal(history[0]?.runId, 'flow-run-1');
  assert.equal(history[0]?.status, 'finished');
  const replay = reduceChatEvents(initialChatState(), replayEvents(store, 'flow-run-1'));
  assert.equal(replay.run?.replay, true);
  assert.equal(replay.run?.stop?.kind, 'done');
  assert.deepEqual(replay.plan?.subtasks.map((s) => s.state), ['succeeded']);
  console.log(`chat flow: ${state.items.length} items, ${answered.length} approval prompt(s), $${state.cost.costUsd?.toFixed(4)}`);
});
