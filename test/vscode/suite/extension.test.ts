/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startFakeAnthropic, type FakeAnthropic } from '../../../src/fake-model';
import type { ForemanApi } from '../../../src/extension';
import { COMMANDS } from '../../../src/ui/command-ids';
import { DEMO_FILES, DEMO_ISSUE } from '../../../src/ui/demo/demo-files';
import { demoScript } from '../../../src/ui/demo/demo-script';
import type { ChatState } from '../../../src/webview/chat/chat-state';

/**
 * Foreman in a real extension host: activation, the contributed commands,
 * and the chat view's message flow end to end (the view's messages through
 * the provider, a run on the demo workspace against the fake model).
 */

const EXTENSION_ID = 'foreman-dev.foreman';
const workspace = process.env.FOREMAN_SUITE_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

async function api(): Promise<ForemanApi> {
  const extension = vscode.extensions.getExtension<ForemanApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

suite('Foreman extension', () => {
  let fake: FakeAnthropic | undefined;

  suiteSetup(async () => {
    fake = await startFakeAnthropic({ script: demoScript() as never });
    const { app } = await api();
    await vscode.workspace.getConfiguration('foreman').update('baseUrl', fake.url, vscode.ConfigurationTarget.Global);
    await app.apiKeys.set('suite-test-key');
  });

  suiteTeardown(async () => {
    const { app } = await api();
    app.controller.stop();
    await app.apiKeys.clear();
    await vscode.workspace.getConfiguration('foreman').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
  });

  test('activates quickly and logs the time', async () => {
    const { activationMs } = await api();
    assert.ok(activationMs < 500, `activation took ${activationMs} ms`);
    console.log(`extension.activation_ms: ${activationMs} ms`);
  });

  test('contributes and registers every command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of [...Object.values(COMMANDS), 'foreman.openReview']) assert.ok(registered.has(id), id);
  });

  test('the chat view opens from the activity bar container', async () => {
    const { app } = await api();
    await vscode.commands.executeCommand('foreman.chat.focus');
    await until('the chat webview to be resolved', () => app.chat.isResolved, 15_000);
  });

  test('invalid view messages are dropped, never acted on', async () => {
    const { app } = await api();
    const before = app.session.state;
    await app.chat.receive({ type: 'submit', text: 'x', sneaky: true });
    await app.chat.receive({ type: 'stop', requestId: 42 });
    await app.chat.receive('not even an object');
    assert.equal(app.session.state, before);
    assert.equal(app.controller.active, false);
  });

  test('a task typed in the chat runs on the workspace, streams into the view, and ends with its reason', async () => {
    const { app } = await api();
    const received: string[] = [];
    const sub = app.chat.onDidReceiveMessage((m) => received.push(m.type));
    await app.chat.receive({ type: 'ready' });
    await app.chat.receive({ type: 'submit', text: DEMO_ISSUE, requestId: 'r1' });
    assert.equal(app.controller.active, true);
    await app.controller.current!.done;
    const state: ChatState = app.session.state;
    assert.equal(state.run?.phase, 'finished');
    assert.equal(state.run?.stop?.kind, 'done', state.run?.stop?.message);
    assert.deepEqual(state.plan?.subtasks.map((s) => s.state), ['succeeded']);
    assert.ok(state.items.some((i) => i.kind === 'tool' && i.name === 'run_command' && i.exitCode === 0));
    // The real chat view may also say 'ready' when it loads (in a visible workbench): count ours.
    assert.deepEqual(received.filter((type) => type !== 'ready'), ['submit']);
    assert.ok(received.includes('ready'));
    // Nothing on disk changed: the proposal waits for review.
    assert.equal(readFileSync(join(workspace, 'src', 'cart.js'), 'utf8'), DEMO_FILES['src/cart.js']);
    assert.equal(app.controller.hasChanges, true);
    assert.ok(app.reviewSource.current()?.changes.files().some((f) => f.path === 'src/cart.js'));
    sub.dispose();
  });

  test('Stop from the chat ends a run with "cancelled by user"', async () => {
    const { app } = await api();
    await app.chat.receive({ type: 'submit', text: DEMO_ISSUE });
    await until('the run to start', () => app.session.state.run?.phase === 'running');
    const stoppedAt = Date.now();
    await app.chat.receive({ type: 'stop', requestId: 's1' });
    await app.controller.current!.done;
    assert.ok(Date.now() - stoppedAt < 2_000, 'stops within 2 s');
    assert.equal(app.session.state.run?.stop?.message, 'cancelled by user');
    assert.equal(readFileSync(join(workspace, 'src', 'cart.js'), 'utf8'), DEMO_FILES['src/cart.js']);
  });

  test('history lists the runs of this session from their records', async () => {
    const { app } = await api();
    await app.chat.receive({ type: 'refreshHistory' });
    assert.ok(app.session.state.history.length >= 2);
    const runId = app.session.state.history[0]!.runId;
    await app.chat.receive({ type: 'openRun', runId });
    assert.equal(app.session.state.run?.replay, true);
  });

  test('Stop Run without a run says so instead of failing', async () => {
    await vscode.commands.executeCommand(COMMANDS.stopRun);
  });
});
