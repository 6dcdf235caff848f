/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ChangeSet } from '../../../src/core/changes/changeset';
import type { ReviewSource } from '../../../src/ui/review-source';
import { registerReview } from '../../../src/ui/review/register';
import { MemoryFileSystem } from '../../support/memory-fs';

/**
 * The review's commands, CodeLenses, proposal documents and panel in a real
 * extension host, on a scripted ReviewSource. It registers the review
 * itself, so it runs only in a host where the Foreman extension has not
 * already registered the same commands (the review's own runner); in the
 * extension's suite it skips and says why.
 */

const g = globalThis as unknown as Record<string, unknown>;
const group = (g.suite ?? g.describe) as Mocha.SuiteFunction;
const check = (g.test ?? g.it) as Mocha.TestFunction;
const beforeAll = (g.suiteSetup ?? g.before) as Mocha.HookFunction;
const afterAll = (g.suiteTeardown ?? g.after) as Mocha.HookFunction;

const who = { workerId: 'code-1', subtaskId: 's1', role: 'code', reason: 'fix the bound' };
const base = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const proposed = base.replace('line 3\n', 'LINE 3\n').replace('line 33\n', 'LINE 33\n');

group('review: commands, lenses, proposal documents and panel', function (this: Mocha.Suite) {
  this.timeout(30_000);
  const folder = `review-cmd-${process.pid}-${Date.now()}`;
  const path = `${folder}/a.txt`;
  const recorded: Array<Parameters<ReviewSource['recordDecision']>[0]> = [];
  let root: vscode.Uri;
  let registration: vscode.Disposable | undefined;
  let skip = '';

  beforeAll(async () => {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!workspace) skip = 'no workspace folder';
    else if ((await vscode.commands.getCommands(true)).includes('foreman.openReview')) skip = 'the Foreman extension already registers the review commands in this host';
    if (skip) return;
    root = workspace!;
    mkdirSync(join(root.fsPath, folder), { recursive: true });
    writeFileSync(join(root.fsPath, path), base);
    const changes = new ChangeSet(new MemoryFileSystem({ [path]: base }));
    await changes.write(path, proposed, who);
    const source: ReviewSource = {
      current: () => ({ runId: 'run-cmd', changes }),
      onDidChange: () => new vscode.Disposable(() => undefined),
      recordDecision: (e) => recorded.push(e),
      sendFeedback: async () => undefined,
    };
    // The bundled suite sits at the root of the extension that runs it (dist/webview/review.js and media/review.css beside it).
    const context = { extensionUri: vscode.Uri.file(__dirname), subscriptions: [] as vscode.Disposable[] } as unknown as vscode.ExtensionContext;
    registration = registerReview(context, source);
  });

  afterAll(async () => {
    registration?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (root) rmSync(join(root.fsPath, folder), { recursive: true, force: true });
  });

  const uri = (): vscode.Uri => vscode.Uri.joinPath(root, ...path.split('/'));

  check('CodeLenses offer Accept/Reject per hunk, and running one records the decision', async function (this: Mocha.Context) {
    if (skip) return this.skip();
    const doc = await vscode.workspace.openTextDocument(uri());
    await vscode.window.showTextDocument(doc);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    const accepts = lenses.filter((l) => l.command?.command === 'foreman.review.acceptHunk');
    assert.equal(accepts.length, 2, 'one Accept per hunk');
    assert.deepEqual(accepts.map((l) => l.range.start.line).sort((a, b) => a - b), [2, 32]);
    assert.ok(lenses.some((l) => l.command?.command === 'foreman.review.acceptFile'));
    const first = accepts.find((l) => l.range.start.line === 2)!;
    await vscode.commands.executeCommand(first.command!.command, ...(first.command!.arguments ?? []));
    assert.deepEqual(recorded.at(-1), { path, hunkId: (first.command!.arguments![0] as { hunkId: string }).hunkId, decision: 'accept' });
  });

  check('next/previous hunk move the cursor; reject at the cursor works without arguments', async function (this: Mocha.Context) {
    if (skip) return this.skip();
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri()));
    editor.selection = new vscode.Selection(10, 0, 10, 0);
    await vscode.commands.executeCommand('foreman.review.nextHunk');
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 32);
    await vscode.commands.executeCommand('foreman.review.nextHunk');
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 2, 'wraps around');
    await vscode.commands.executeCommand('foreman.review.previousHunk');
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, 32);
    await vscode.commands.executeCommand('foreman.review.rejectHunk');
    assert.equal(recorded.at(-1)?.decision, 'reject');
    assert.equal(recorded.at(-1)?.path, path);
  });

  check('Open diff shows the file against a read-only proposal document, no temp file', async function (this: Mocha.Context) {
    if (skip) return this.skip();
    await vscode.commands.executeCommand('foreman.review.openDiff', { path });
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff tab');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.fsPath, uri().fsPath);
    assert.equal(input.modified.scheme, 'foreman-proposal');
    const proposal = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(proposal.getText(), proposed);
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(root, folder));
    assert.deepEqual(entries.map(([name]) => name), ['a.txt'], 'nothing written next to the file');
  });

  check('Apply writes exactly the accepted hunk and records it', async function (this: Mocha.Context) {
    if (skip) return this.skip();
    await vscode.commands.executeCommand('foreman.review.apply');
    assert.equal(readFileSync(join(root.fsPath, path), 'utf8'), base.replace('line 3\n', 'LINE 3\n'));
    assert.deepEqual(recorded.at(-1), { path, decision: 'applied' });
  });

  check('Open Review shows the review webview panel', async function (this: Mocha.Context) {
    if (skip) return this.skip();
    await vscode.commands.executeCommand('foreman.openReview');
    // The tab model reaches the extension host asynchronously.
    const reviewTab = (): vscode.Tab | undefined =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && /foreman\.review/.test(tab.input.viewType));
    for (let waited = 0; !reviewTab() && waited < 5000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    assert.ok(reviewTab(), 'a review webview tab');
    assert.equal(reviewTab()?.label, 'Foreman: Review');
  });
});
