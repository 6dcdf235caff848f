import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { planApply, type ApplyFilePlan } from '../../../src/core/changes/apply-plan';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { acceptAll, SelectionSchema, type Selection } from '../../../src/core/changes/selection';
import { MemoryFileSystem } from '../../support/memory-fs';

const worker = { workerId: 'coder' };
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const numbered = (n: number, eol = '\n'): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${eol}`).join('');

/** A change set over a memory disk, and a plan against what the memory disk holds now. */
async function setup(files: Record<string, string>) {
  const fs = new MemoryFileSystem(files);
  const set = new ChangeSet(fs);
  const plan = async (selection: Selection): Promise<ApplyFilePlan[]> =>
    (await planApply({ changes: set.files(), selection, readCurrent: async (path) => fs.text(path) })).files;
  return { fs, set, plan };
}

describe('planApply: selection', () => {
  test('exactly the accepted hunks are applied, bytes compared', async () => {
    const { set, plan } = await setup({ 'f.txt': numbered(40) });
    const proposal = numbered(40).replace('line 3\n', 'three\n').replace('line 20\n', 'twenty\nmore\n').replace('line 37\n', '');
    await set.write('f.txt', proposal, worker);
    const ids = set.diff('f.txt').hunks.map((h) => h.id);
    assert.equal(ids.length, 3);

    const [file] = await plan({ 'f.txt': { accept: 'hunks', hunkIds: [ids[0]!, ids[2]!] } });
    assert.equal(file!.action, 'write');
    assert.equal(file!.status, 'clean');
    assert.equal(file!.content, numbered(40).replace('line 3\n', 'three\n').replace('line 37\n', ''));
    assert.deepEqual(file!.hunksApplied, [ids[0], ids[2]]);
    assert.deepEqual(file!.hunksLeftOut, [ids[1]]);
    assert.equal(file!.currentHash, sha(numbered(40)));

    const [all] = await plan({ 'f.txt': { accept: 'all' } });
    assert.equal(all!.content, proposal);
    const [everyHunk] = await plan({ 'f.txt': { accept: 'hunks', hunkIds: ids } });
    assert.equal(everyHunk!.content, proposal);
  });

  test('rejected or unselected files are skipped and get no content', async () => {
    const { set, plan } = await setup({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    await set.write('a.txt', 'A\n', worker);
    await set.write('b.txt', 'B\n', worker);
    await set.write('c.txt', 'C\n', worker);
    const files = await plan({ 'a.txt': { accept: 'none' }, 'b.txt': { accept: 'hunks', hunkIds: [] } });
    for (const file of files) {
      assert.equal(file.action, 'none');
      assert.equal(file.status, 'skipped');
      assert.equal(file.content, undefined);
      assert.deepEqual(file.hunksApplied, []);
      assert.equal(file.hunksLeftOut.length, 1);
    }
  });

  test('a selection naming hunks that are no longer proposed is a conflict, not a guess', async () => {
    const { set, plan } = await setup({ 'a.txt': 'a\n' });
    await set.write('a.txt', 'A\n', worker);
    const [file] = await plan({ 'a.txt': { accept: 'hunks', hunkIds: ['deadbeefdeadbeef'] } });
    assert.equal(file!.status, 'conflict');
    assert.match(file!.message!, /review it again/);
  });

  test('CRLF files stay CRLF and a file without final newline keeps that under partial selection', async () => {
    const crlf = numbered(30, '\r\n');
    const noEol = numbered(30).slice(0, -1);
    const { set, plan } = await setup({ 'win.txt': crlf, 'noeol.txt': noEol });
    await set.write('win.txt', crlf.replace('line 2\r\n', 'two\r\n').replace('line 29\r\n', 'twenty-nine\r\n'), worker);
    await set.write('noeol.txt', noEol.replace('line 2\n', 'two\n').replace('line 30', 'line 30\nline 31'), worker);
    const first = (path: string): string => set.diff(path).hunks[0]!.id;
    const last = (path: string): string => set.diff(path).hunks.at(-1)!.id;
    const files = await plan({
      'win.txt': { accept: 'hunks', hunkIds: [last('win.txt')] },
      'noeol.txt': { accept: 'hunks', hunkIds: [first('noeol.txt')] },
    });
    const byPath = new Map(files.map((f) => [f.path, f]));
    assert.equal(byPath.get('win.txt')!.content, crlf.replace('line 29\r\n', 'twenty-nine\r\n'));
    assert.equal(byPath.get('noeol.txt')!.content, noEol.replace('line 2\n', 'two\n'));
    assert.ok(!byPath.get('noeol.txt')!.content!.endsWith('\n'));
  });

  test('the Selection schema parses what the review sends and rejects anything else', () => {
    assert.deepEqual(SelectionSchema.parse({ a: { accept: 'all' }, b: { accept: 'hunks', hunkIds: ['x'] } }), {
      a: { accept: 'all' },
      b: { accept: 'hunks', hunkIds: ['x'] },
    });
    assert.equal(SelectionSchema.safeParse({ a: { accept: 'some' } }).success, false);
    assert.equal(SelectionSchema.safeParse({ a: { accept: 'hunks' } }).success, false);
    assert.deepEqual(acceptAll(['x', 'y']), { x: { accept: 'all' }, y: { accept: 'all' } });
  });
});

describe('planApply: the file changed since the proposal', () => {
  test("the user's edit apart from the accepted hunks is three-way merged", async () => {
    const { fs, set, plan } = await setup({ 'f.txt': numbered(30) });
    await set.write('f.txt', numbered(30).replace('line 5\n', 'five\n').replace('line 25\n', 'twenty-five\n'), worker);
    const [h1] = set.diff('f.txt').hunks.map((h) => h.id);
    fs.writeFile('f.txt', numbered(30).replace('line 15\n', 'user 15\n'));

    const [file] = await plan({ 'f.txt': { accept: 'hunks', hunkIds: [h1!] } });
    assert.equal(file!.status, 'merged');
    assert.equal(file!.action, 'write');
    assert.equal(file!.content, numbered(30).replace('line 5\n', 'five\n').replace('line 15\n', 'user 15\n'));
    assert.match(file!.message!, /merged with your changes/);
    assert.equal(file!.currentHash, sha(numbered(30).replace('line 15\n', 'user 15\n')));
  });

  test('an overlapping user edit is a conflict for that file only; other files still apply', async () => {
    const { fs, set, plan } = await setup({ 'f.txt': numbered(30), 'g.txt': 'g\n' });
    await set.write('f.txt', numbered(30).replace('line 5\n', 'five\n'), worker);
    await set.write('g.txt', 'G\n', worker);
    fs.writeFile('f.txt', numbered(30).replace('line 5\n', 'user five\n'));

    const files = await plan(acceptAll(['f.txt', 'g.txt']));
    const [f, g] = files;
    assert.equal(f!.status, 'conflict');
    assert.equal(f!.action, 'none');
    assert.equal(f!.content, undefined);
    assert.match(f!.message!, /line 5/);
    assert.deepEqual(f!.hunksApplied, []);
    assert.equal(g!.status, 'clean');
    assert.equal(g!.content, 'G\n');
  });

  test('a user edit identical to the accepted hunk means the file already holds it', async () => {
    const { fs, set, plan } = await setup({ 'f.txt': numbered(30) });
    await set.write('f.txt', numbered(30).replace('line 5\n', 'five\n').replace('line 25\n', 'twenty-five\n'), worker);
    const [h1] = set.diff('f.txt').hunks.map((h) => h.id);
    fs.writeFile('f.txt', numbered(30).replace('line 5\n', 'five\n'));
    const [file] = await plan({ 'f.txt': { accept: 'hunks', hunkIds: [h1!] } });
    assert.equal(file!.status, 'merged');
    assert.equal(file!.action, 'none', 'the file already holds the accepted hunk');
  });

  test('a user who applied a rejected hunk by hand still gets the accepted one merged', async () => {
    const { fs, set, plan } = await setup({ 'f.txt': numbered(30) });
    await set.write('f.txt', numbered(30).replace('line 5\n', 'five\n').replace('line 25\n', 'twenty-five\n'), worker);
    const [h1] = set.diff('f.txt').hunks.map((h) => h.id);
    fs.writeFile('f.txt', numbered(30).replace('line 25\n', 'twenty-five\n'));
    const [file] = await plan({ 'f.txt': { accept: 'hunks', hunkIds: [h1!] } });
    assert.equal(file!.status, 'merged');
    assert.equal(file!.content, numbered(30).replace('line 5\n', 'five\n').replace('line 25\n', 'twenty-five\n'));
  });

  test('create onto a path that now exists, and delete of a file the user changed, are conflicts', async () => {
    const { fs, set, plan } = await setup({ 'old.txt': 'old\n' });
    await set.create('new.txt', 'new\n', worker);
    await set.remove('old.txt', worker);
    fs.writeFile('new.txt', 'user made this\n');
    fs.writeFile('old.txt', 'old, edited\n');
    const files = await plan(acceptAll(['new.txt', 'old.txt']));
    assert.deepEqual(files.map((f) => [f.path, f.status, f.action]), [
      ['new.txt', 'conflict', 'none'],
      ['old.txt', 'conflict', 'none'],
    ]);
  });

  test('create, delete and a file deleted by the user', async () => {
    const { fs, set, plan } = await setup({ 'old.txt': 'old\n', 'mod.txt': 'm\n' });
    await set.create('dir/new.txt', 'new\n', worker);
    await set.remove('old.txt', worker);
    await set.write('mod.txt', 'M\n', worker);
    const createId = set.diff('dir/new.txt').hunks[0]!.id;
    fs.deleteFile('mod.txt');
    const files = await plan({ 'dir/new.txt': { accept: 'hunks', hunkIds: [createId] }, 'old.txt': { accept: 'all' }, 'mod.txt': { accept: 'all' } });
    assert.deepEqual(files.map((f) => [f.path, f.action, f.status, f.content]), [
      ['dir/new.txt', 'create', 'clean', 'new\n'],
      ['mod.txt', 'none', 'conflict', undefined],
      ['old.txt', 'delete', 'clean', undefined],
    ]);
    assert.match(files[1]!.message!, /deleted since the proposal/);
    assert.equal(files[0]!.currentHash, '');
  });

  test('the abort signal stops planning', async () => {
    const { set } = await setup({ 'a.txt': 'a\n' });
    await set.write('a.txt', 'b\n', worker);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      planApply({ changes: set.files(), selection: acceptAll(['a.txt']), readCurrent: async () => 'a\n', signal: controller.signal }),
      { name: 'AbortError' },
    );
  });
});
