/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { ReviewState } from '../../../src/ui/review/review-state';
import { applyReview } from '../../../src/vscode/apply-edit';
import type { ApplyResultView } from '../../../src/webview/review-protocol';
import { MemoryFileSystem } from '../../support/memory-fs';

/**
 * Review apply in a real extension host: the user's decisions through
 * planApply into one WorkspaceEdit, checked on disk byte for byte, and
 * undone with one undo. Real temp folders; every editor closed and every
 * folder removed afterwards.
 */

// The runner chooses the mocha UI (tdd or bdd); work under either.
const g = globalThis as unknown as Record<string, unknown>;
const group = (g.suite ?? g.describe) as Mocha.SuiteFunction;
const check = (g.test ?? g.it) as Mocha.TestFunction;
const afterAll = (g.suiteTeardown ?? g.after) as Mocha.HookFunction;
const afterEach = (g.teardown ?? g.afterEach) as Mocha.HookFunction;

const who = { workerId: 'w1', subtaskId: 's1', role: 'code', reason: 'test' };
const numbered = (n: number, eol = '\n', trailing = true): string =>
  Array.from({ length: n }, (_, i) => `line ${i + 1}`).join(eol) + (trailing ? eol : '');

const dirs: string[] = [];

interface Fixture {
  dir: string;
  changes: ChangeSet;
  state: ReviewState;
  bytes(path: string): Buffer;
  text(path: string): string;
  exists(path: string): boolean;
  write(path: string, content: string): void;
  uri(path: string): vscode.Uri;
  apply(): Promise<ApplyResultView>;
}

/** A temp folder with `files` on disk, and the same files as the base of a ChangeSet edited by `propose`. */
async function fixture(files: Record<string, string>, propose: (changes: ChangeSet) => Promise<void>): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'foreman-review-'));
  dirs.push(dir);
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  const changes = new ChangeSet(new MemoryFileSystem(files));
  await propose(changes);
  const state = new ReviewState();
  state.setDiffs(changes.diffs());
  const root = vscode.Uri.file(dir);
  return {
    dir,
    changes,
    state,
    bytes: (path) => readFileSync(join(dir, path)),
    text: (path) => readFileSync(join(dir, path), 'utf8'),
    exists: (path) => existsSync(join(dir, path)),
    write,
    uri: (path) => vscode.Uri.joinPath(root, ...path.split('/')),
    apply: () => applyReview({ root, changes: changes.files(), selection: state.selection(), signal: new AbortController().signal }),
  };
}

group('review: apply through one WorkspaceEdit', function (this: Mocha.Suite) {
  this.timeout(20_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  check('per-hunk selection is applied exactly (bytes compared)', async () => {
    const base = numbered(40);
    const f = await fixture({ 'src/a.txt': base }, async (cs) => {
      await cs.write('src/a.txt', base.replace('line 3\n', 'LINE 3\n').replace('line 33\n', 'LINE 33\n'), who);
    });
    const [first, second] = f.state.hunkIds('src/a.txt');
    assert.ok(first && second, 'two hunks');
    f.state.decideHunk('src/a.txt', first, 'accept');
    f.state.decideHunk('src/a.txt', second, 'reject', 'keep 33');
    const result = await f.apply();
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(f.bytes('src/a.txt'), Buffer.from(base.replace('line 3\n', 'LINE 3\n')));
    assert.deepEqual(result.files.map((r) => [r.path, r.status, r.hunksApplied, r.hunksLeftOut]), [['src/a.txt', 'clean', 1, 1]]);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === f.uri('src/a.txt').fsPath);
    assert.equal(doc?.isDirty ?? false, false, 'applied documents are saved');
  });

  check('a rejected file is left untouched', async () => {
    const base = numbered(5);
    const f = await fixture({ 'a.txt': base, 'b.txt': base }, async (cs) => {
      await cs.write('a.txt', 'replaced\n', who);
      await cs.write('b.txt', 'replaced too\n', who);
    });
    f.state.decideFile('a.txt', 'reject', 'no');
    f.state.decideFile('b.txt', 'accept');
    const result = await f.apply();
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(f.bytes('a.txt'), Buffer.from(base));
    assert.equal(f.text('b.txt'), 'replaced too\n');
    assert.equal(result.files.find((r) => r.path === 'a.txt')?.status, 'skipped');
  });

  check('a file changed after the proposal merges when apart, conflicts when overlapping; the rest applies', async () => {
    const base = numbered(40);
    const f = await fixture({ 'merge.txt': base, 'conflict.txt': base, 'clean.txt': base }, async (cs) => {
      for (const path of ['merge.txt', 'conflict.txt', 'clean.txt']) await cs.write(path, base.replace('line 5\n', 'five\n'), who);
    });
    f.state.decideAll('accept');
    f.write('merge.txt', base.replace('line 35\n', 'user 35\n'));
    f.write('conflict.txt', base.replace('line 5\n', 'user 5\n'));
    const result = await f.apply();
    assert.equal(result.ok, true, result.message);
    const status = Object.fromEntries(result.files.map((r) => [r.path, r.status]));
    assert.deepEqual(status, { 'clean.txt': 'clean', 'conflict.txt': 'conflict', 'merge.txt': 'merged' });
    assert.equal(f.text('merge.txt'), base.replace('line 5\n', 'five\n').replace('line 35\n', 'user 35\n'));
    assert.equal(f.text('conflict.txt'), base.replace('line 5\n', 'user 5\n'), 'a conflict is never overwritten');
    assert.equal(f.text('clean.txt'), base.replace('line 5\n', 'five\n'));
  });

  check('unsaved edits in an open editor are what the merge works on', async () => {
    const base = numbered(40);
    const f = await fixture({ 'open.txt': base }, async (cs) => {
      await cs.write('open.txt', base.replace('line 2\n', 'two\n'), who);
    });
    f.state.decideAll('accept');
    const editor = await vscode.window.showTextDocument(f.uri('open.txt'));
    await editor.edit((b) => b.replace(new vscode.Range(37, 0, 37, 7), 'typed 38'));
    assert.ok(editor.document.isDirty);
    const result = await f.apply();
    assert.equal(result.files[0]?.status, 'merged', result.message);
    assert.equal(editor.document.getText(), base.replace('line 2\n', 'two\n').replace('line 38\n', 'typed 38\n'));
    assert.equal(f.text('open.txt'), editor.document.getText(), 'saved');
  });

  check('create, delete and modify are applied together and undone with one undo', async () => {
    const base = numbered(10);
    const f = await fixture({ 'keep.txt': base, 'gone.txt': 'bye\n' }, async (cs) => {
      await cs.write('keep.txt', base.replace('line 4\n', 'four\n'), who);
      await cs.create('new/created.txt', 'hello\n', who);
      await cs.remove('gone.txt', who);
    });
    f.state.decideAll('accept');
    const editor = await vscode.window.showTextDocument(f.uri('keep.txt'));
    const result = await f.apply();
    assert.equal(result.ok, true, result.message);
    assert.equal(f.text('keep.txt'), base.replace('line 4\n', 'four\n'));
    assert.equal(f.text('new/created.txt'), 'hello\n');
    assert.equal(f.exists('gone.txt'), false);

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), base, 'the modification is undone');
    assert.equal(f.exists('new/created.txt'), false, 'the created file is gone again');
    assert.equal(f.exists('gone.txt'), true, 'the deleted file is back');
    assert.equal(f.text('gone.txt'), 'bye\n');
  });

  check('a moved file is a rename', async () => {
    const body = 'export const x = 1;\n';
    const f = await fixture({ 'old.ts': body }, async (cs) => {
      await cs.remove('old.ts', who);
      await cs.create('moved/old.ts', body, who);
    });
    f.state.decideAll('accept');
    const result = await f.apply();
    assert.equal(result.ok, true, result.message);
    assert.equal(f.exists('old.ts'), false);
    assert.equal(f.text('moved/old.ts'), body);
    assert.deepEqual(result.files.map((r) => r.action), ['rename', 'rename']);
  });

  check('CRLF files and files without a trailing newline keep their endings', async () => {
    const crlf = numbered(30, '\r\n');
    const noEol = numbered(30, '\n', false);
    const f = await fixture({ 'crlf.txt': crlf, 'noeol.txt': noEol }, async (cs) => {
      await cs.write('crlf.txt', crlf.replace('line 2\r\n', 'two\r\n').replace('line 29\r\n', 'twenty-nine\r\n'), who);
      await cs.write('noeol.txt', noEol.replace('line 30', 'thirty'), who);
    });
    const [crlfFirst, crlfSecond] = f.state.hunkIds('crlf.txt');
    f.state.decideHunk('crlf.txt', crlfSecond!, 'accept');
    f.state.decideHunk('crlf.txt', crlfFirst!, 'reject');
    f.state.decideFile('noeol.txt', 'accept');
    const result = await f.apply();
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(f.bytes('crlf.txt'), Buffer.from(crlf.replace('line 29\r\n', 'twenty-nine\r\n')));
    assert.deepEqual(f.bytes('noeol.txt'), Buffer.from(noEol.replace('line 30', 'thirty')));
  });
});
