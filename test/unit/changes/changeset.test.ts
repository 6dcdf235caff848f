import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { BinaryFileError, FileExistsError } from '../../../src/core/changes/errors';
import { FileNotFoundError, WorkspacePathError } from '../../../src/core/workspace/ports';
import { MemoryFileSystem } from '../../support/memory-fs';

const alice = { workerId: 'alice', subtaskId: 't1', role: 'code', reason: 'fix the bug' };
const bob = { workerId: 'bob', subtaskId: 't2', role: 'test', reason: 'add a test' };
const sha = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');
const numbered = (n: number, prefix = 'line'): string => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');

describe('ChangeSet overlay', () => {
  test('reads see pending edits first and fall through to disk otherwise', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'disk a\n', 'b.txt': 'disk b\n' });
    const set = new ChangeSet(fs);
    await set.write('a.txt', 'proposed a\n', alice);
    assert.equal(await set.readText('a.txt'), 'proposed a\n');
    assert.equal(await set.readText('b.txt'), 'disk b\n');
    assert.equal(fs.text('a.txt'), 'disk a\n', 'the disk is untouched');
  });

  test('create, modify and delete are recorded with base content and sha256 of the base bytes', async () => {
    const fs = new MemoryFileSystem({ 'keep.txt': 'k\n', 'old.txt': 'bye\n' });
    const set = new ChangeSet(fs);
    await set.create('src/new.ts', 'export const x = 1;\n', alice);
    await set.write('keep.txt', 'k2\n', alice);
    await set.remove('old.txt', bob);

    assert.deepEqual(
      set.files().map((f) => [f.path, f.kind, f.baseContent, f.baseHash, f.newContent]),
      [
        ['keep.txt', 'modify', 'k\n', sha('k\n'), 'k2\n'],
        ['old.txt', 'delete', 'bye\n', sha('bye\n'), undefined],
        ['src/new.ts', 'create', undefined, '', 'export const x = 1;\n'],
      ],
    );
    assert.equal(await set.exists('old.txt'), false, 'a deleted file is gone from the view');
    await assert.rejects(set.readText('old.txt'), FileNotFoundError);
    assert.equal(await set.exists('src/new.ts'), true);
    assert.equal(await set.exists('src'), true, 'a folder that only holds pending files exists');
    assert.deepEqual(fs.paths(), ['keep.txt', 'old.txt'], 'nothing was written to disk');
  });

  test('the base is recorded at first touch: later disk changes do not move it', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'one\n' });
    const set = new ChangeSet(fs);
    await set.write('a.txt', 'two\n', alice);
    fs.writeFile('a.txt', 'user edit\n');
    await set.write('a.txt', 'three\n', alice);
    assert.equal(set.get('a.txt')?.baseContent, 'one\n');
    assert.equal(set.get('a.txt')?.baseHash, sha('one\n'));
  });

  test('net changes only: a file edited back to its base, or created then deleted, disappears', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'same\n' });
    const set = new ChangeSet(fs);
    await set.write('a.txt', 'different\n', alice);
    assert.equal(set.files().length, 1);
    await set.write('a.txt', 'same\n', alice);
    assert.deepEqual(set.files(), []);
    await set.create('tmp.txt', 'x', alice);
    await set.remove('tmp.txt', alice);
    assert.deepEqual(set.files(), []);
    assert.equal(await set.exists('tmp.txt'), false);
  });

  test('deleting then recreating an existing file is a modify', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'a.txt': 'v1\n' }));
    await set.remove('a.txt', alice);
    await set.create('a.txt', 'v2\n', bob);
    assert.equal(set.get('a.txt')?.kind, 'modify');
    assert.deepEqual(set.get('a.txt')?.provenance.map((p) => p.workerId), ['alice', 'bob']);
  });

  test('create refuses an existing path, remove refuses an absent one', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'a.txt': 'a', 'dir/b.txt': 'b' }));
    await assert.rejects(set.create('a.txt', 'x', alice), FileExistsError);
    await assert.rejects(set.create('dir', 'x', alice), /directory/);
    await assert.rejects(set.remove('nope.txt', alice), FileNotFoundError);
    await set.create('c.txt', 'c', alice);
    await assert.rejects(set.create('c.txt', 'again', alice), FileExistsError);
    await set.remove('a.txt', alice);
    await assert.rejects(set.remove('a.txt', alice), FileNotFoundError);
    assert.deepEqual(set.files().map((f) => f.path), ['a.txt', 'c.txt']);
  });

  test('binary files are refused for edits with a clear error, and binary content is refused', async () => {
    const fs = new MemoryFileSystem({ 'img.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), 'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]) });
    const set = new ChangeSet(fs);
    await assert.rejects(set.write('img.png', 'text', alice), (error: unknown) => {
      assert.ok(error instanceof BinaryFileError);
      assert.match(error.message, /img\.png is a binary/);
      return true;
    });
    await assert.rejects(set.remove('img.png', alice), BinaryFileError);
    await assert.rejects(set.write('latin1.txt', 'café', alice), BinaryFileError, 'invalid UTF-8 is not edited');
    await assert.rejects(set.create('x.bin', 'a\0b', alice), BinaryFileError);
    await assert.rejects(set.readText('img.png'), BinaryFileError);
    assert.deepEqual(set.files(), []);
  });

  test('a UTF-8 BOM is kept, so the base hash matches the bytes on disk', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a]);
    const set = new ChangeSet(new MemoryFileSystem({ 'bom.txt': bytes }));
    assert.equal(await set.readText('bom.txt'), '\ufeffa\n');
    await set.write('bom.txt', '\ufeffb\n', alice);
    assert.equal(set.get('bom.txt')?.baseHash, sha(bytes));
  });

  test('a CRLF file stays CRLF when an edit brings LF line breaks', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'win.txt': 'a\r\nb\r\n', 'unix.txt': 'a\nb\n' }));
    await set.write('win.txt', 'a\r\nnew\nb\r\n', alice);
    assert.equal(await set.readText('win.txt'), 'a\r\nnew\r\nb\r\n');
    await set.write('unix.txt', 'a\nnew\nb\n', alice);
    assert.equal(await set.readText('unix.txt'), 'a\nnew\nb\n');
  });

  test('paths that are not normalized workspace-relative paths are refused', async () => {
    const set = new ChangeSet(new MemoryFileSystem());
    for (const bad of ['../x', '/etc/passwd', 'a/../b', '.git/config', 'a\\b', 'a//b', '']) {
      await assert.rejects(set.write(bad, 'x', alice), WorkspacePathError, bad);
    }
  });

  test('discard drops a proposal and onDidChange reports every change until unsubscribed', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'a.txt': 'a\n' }));
    const seen: string[][] = [];
    const off = set.onDidChange((event) => seen.push(event.paths));
    set.onDidChange(() => {
      throw new Error('a broken listener does not block edits');
    });
    await set.write('a.txt', 'b\n', alice);
    await set.write('a.txt', 'b\n', alice); // no change, no event
    assert.equal(set.discard('a.txt'), true);
    assert.equal(set.discard('a.txt'), false);
    off();
    await set.write('a.txt', 'c\n', alice);
    assert.deepEqual(seen, [['a.txt'], ['a.txt']]);
    assert.equal(set.revision, 3);
    assert.equal(await set.readText('a.txt'), 'c\n');
  });

  test('concurrent first writes to one file do not lose either base or edit', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'base\n' });
    const set = new ChangeSet(fs);
    await Promise.all([set.write('a.txt', 'x\n', alice), set.write('a.txt', 'y\n', bob)]);
    const change = set.get('a.txt');
    assert.equal(change?.baseContent, 'base\n');
    assert.equal(change?.newContent, 'y\n');
  });
});

describe('ChangeSet provenance', () => {
  test('each hunk carries the provenance of the worker that made it; the file carries all', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'f.txt': numbered(30) }));
    const afterAlice = numbered(30).replace('line 3\n', 'LINE 3\n');
    await set.write('f.txt', afterAlice, alice);
    await set.write('f.txt', afterAlice.replace('line 25\n', ''), bob);

    const diff = set.diff('f.txt');
    assert.equal(diff.hunks.length, 2);
    assert.deepEqual(diff.hunks[0]!.provenance, [alice]);
    assert.deepEqual(diff.hunks[1]!.provenance, [bob], 'a pure deletion is attributed to who deleted');
    assert.deepEqual(set.get('f.txt')?.provenance, [alice, bob]);
  });

  test('a hunk touched by two workers names both; one worker with two reasons keeps both reasons', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'f.txt': numbered(10) }));
    await set.write('f.txt', numbered(10).replace('line 5\n', 'five\n'), alice);
    await set.write('f.txt', numbered(10).replace('line 5\n', 'five\nsix-ish\n'), bob);
    const again = { ...alice, reason: 'tidy' };
    await set.write('f.txt', numbered(10).replace('line 5\n', 'five\nsix-ish\n').replace('line 1\n', 'one\n'), again);
    const diff = set.diff('f.txt');
    assert.equal(diff.hunks.length, 1);
    assert.deepEqual(diff.hunks[0]!.provenance.map((p) => `${p.workerId}:${p.reason}`).sort(), [
      'alice:fix the bug',
      'alice:tidy',
      'bob:add a test',
    ]);
  });

  test('diff() of an unchanged path is an empty modify diff; diffs() and unifiedPatch() cover every file', async () => {
    const set = new ChangeSet(new MemoryFileSystem({ 'a.txt': 'a\n' }));
    assert.deepEqual(set.diff('a.txt'), { path: 'a.txt', kind: 'modify', hunks: [], binary: false, wholeFile: false });
    assert.equal(set.unifiedPatch(), '');
    await set.write('a.txt', 'b\n', alice);
    await set.create('n.txt', 'n\n', alice);
    assert.deepEqual(set.diffs().map((d) => [d.path, d.kind]), [['a.txt', 'modify'], ['n.txt', 'create']]);
    assert.equal(
      set.unifiedPatch(),
      'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-a\n+b\n' +
        'diff --git a/n.txt b/n.txt\nnew file mode 100644\n--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,1 @@\n+n\n',
    );
  });
});

describe('ChangeSet JSON', () => {
  test('round trip keeps bases, proposals, kinds and hunk provenance', async () => {
    const fs = new MemoryFileSystem({ 'f.txt': numbered(30), 'gone.txt': 'g\n' });
    const set = new ChangeSet(fs);
    await set.write('f.txt', numbered(30).replace('line 3\n', 'LINE 3\n'), alice);
    await set.write('f.txt', numbered(30).replace('line 3\n', 'LINE 3\n').replace('line 25\n', 'LINE 25\n'), bob);
    await set.remove('gone.txt', bob);
    await set.create('new/x.txt', 'x', alice);

    const json = JSON.parse(JSON.stringify(set)) as unknown;
    const restored = ChangeSet.fromJSON(fs, json);
    assert.deepEqual(restored.files(), set.files());
    assert.deepEqual(restored.diffs(), set.diffs());
    assert.equal(restored.unifiedPatch(), set.unifiedPatch());
    assert.deepEqual(restored.diff('f.txt').hunks.map((h) => h.provenance.map((p) => p.workerId)), [['alice'], ['bob']]);
    assert.equal(await restored.readText('new/x.txt'), 'x');
  });

  test('invalid or tampered state is refused with a readable error', () => {
    const fs = new MemoryFileSystem();
    assert.throws(() => ChangeSet.fromJSON(fs, { version: 2, files: [] }), /Invalid change set state/);
    assert.throws(() => ChangeSet.fromJSON(fs, { version: 1, files: [{ path: 'a' }] }), /Invalid change set state/);
    const tampered = { version: 1, files: [{ path: 'a.txt', base: 'a\n', baseHash: sha('other'), content: 'b\n', provenance: [] }] };
    assert.throws(() => ChangeSet.fromJSON(fs, tampered), /base hash of a\.txt/);
    const escaping = { version: 1, files: [{ path: '../a.txt', base: null, baseHash: '', content: 'b\n', provenance: [] }] };
    assert.throws(() => ChangeSet.fromJSON(fs, escaping), WorkspacePathError);
  });

  test('state without attribution still loads; hunks then carry the file provenance', () => {
    const state = {
      version: 1,
      files: [{ path: 'a.txt', base: 'a\n', baseHash: sha('a\n'), content: 'b\n', provenance: [alice] }],
    };
    const set = ChangeSet.fromJSON(new MemoryFileSystem(), state);
    assert.deepEqual(set.diff('a.txt').hunks[0]!.provenance, [alice]);
  });
});
