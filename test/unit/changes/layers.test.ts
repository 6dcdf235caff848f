import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { MemoryFileSystem } from '../../support/memory-fs';

const coder = { workerId: 'coder', subtaskId: 's1', role: 'code', reason: 'fix parse()' };
const tester = { workerId: 'tester', subtaskId: 's2', role: 'test', reason: 'cover parse()' };
const docs = { workerId: 'docs', subtaskId: 's3', role: 'document', reason: 'changelog' };
const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
const edit = (text: string, from: string, to: string): string => {
  assert.ok(text.includes(from), `fixture has ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

describe('ChangeSet layers', () => {
  test('a layer reads through its parent and the disk, and its writes stay in the layer', async () => {
    const fs = new MemoryFileSystem({ 'a.txt': 'disk\n', 'b.txt': 'disk b\n' });
    const run = new ChangeSet(fs);
    await run.write('a.txt', 'run\n', coder);
    const worker = run.layer();
    assert.equal(await worker.readText('a.txt'), 'run\n');
    assert.equal(await worker.readText('b.txt'), 'disk b\n');
    await worker.write('b.txt', 'worker b\n', tester);
    await worker.remove('a.txt', tester);
    assert.equal(await run.readText('b.txt'), 'disk b\n', 'the parent does not see unmerged layer edits');
    assert.equal(await run.exists('a.txt'), true);
    assert.equal(await worker.exists('a.txt'), false);
    assert.equal(worker.get('a.txt')?.baseContent, 'run\n', "a layer's base is the parent's view");
  });

  test('non-overlapping edits of two siblings to one file both land', async () => {
    const fs = new MemoryFileSystem({ 'f.txt': numbered(40) });
    const run = new ChangeSet(fs);
    const one = run.layer();
    const two = run.layer();
    await one.write('f.txt', edit(numbered(40), 'line 5\n', 'line five\n'), coder);
    await two.write('f.txt', edit(numbered(40), 'line 30\n', 'line thirty\nline 30b\n'), tester);
    await two.create('test/f.test.ts', 'test\n', tester);

    assert.deepEqual(await run.mergeLayer(one), { merged: ['f.txt'], conflicts: [] });
    // The parent now holds the sibling's edit: two's hunk is rebased onto it.
    assert.deepEqual(await run.mergeLayer(two), { merged: ['f.txt', 'test/f.test.ts'], conflicts: [] });

    const expected = edit(edit(numbered(40), 'line 5\n', 'line five\n'), 'line 30\n', 'line thirty\nline 30b\n');
    assert.equal(await run.readText('f.txt'), expected);
    assert.equal(await run.readText('test/f.test.ts'), 'test\n');
    const change = run.get('f.txt')!;
    assert.equal(change.baseContent, numbered(40), 'the run keeps the disk base');
    assert.deepEqual(change.provenance.map((p) => p.workerId), ['coder', 'tester']);
    assert.deepEqual(run.diff('f.txt').hunks.map((h) => h.provenance.map((p) => p.workerId)), [['coder'], ['tester']]);
    assert.equal(fs.text('f.txt'), numbered(40), 'disk untouched');
  });

  test('overlapping edits are a conflict naming both workers; the conflicting change is left out', async () => {
    const fs = new MemoryFileSystem({ 'f.txt': numbered(40), 'other.txt': 'o\n' });
    const run = new ChangeSet(fs);
    const one = run.layer();
    const two = run.layer();
    await one.write('f.txt', edit(numbered(40), 'line 10\n', 'coder 10\n'), coder);
    await two.write('f.txt', edit(numbered(40), 'line 10\n', 'tester 10\n'), tester);
    await two.write('other.txt', 'tester o\n', tester);

    assert.deepEqual((await run.mergeLayer(one)).conflicts, []);
    const report = await run.mergeLayer(two);
    assert.deepEqual(report.merged, ['other.txt'], 'the rest of the layer still merges');
    assert.equal(report.conflicts.length, 1);
    const conflict = report.conflicts[0]!;
    assert.equal(conflict.path, 'f.txt');
    assert.deepEqual(conflict.workers, ['coder', 'tester']);
    assert.match(conflict.message, /overlapping edits at line 10/);
    assert.match(conflict.message, /tester conflicts with coder/);

    assert.equal(await run.readText('f.txt'), edit(numbered(40), 'line 10\n', 'coder 10\n'), 'never silently merged');
    assert.deepEqual(run.get('f.txt')?.provenance.map((p) => p.workerId), ['coder']);
    assert.equal(await two.readText('f.txt'), edit(numbered(40), 'line 10\n', 'tester 10\n'), 'the layer keeps its change');
  });

  test('adjacent edits (touching lines) count as overlapping', async () => {
    const run = new ChangeSet(new MemoryFileSystem({ 'f.txt': numbered(20) }));
    const one = run.layer();
    const two = run.layer();
    await one.write('f.txt', edit(numbered(20), 'line 10\n', 'ten\n'), coder);
    await two.write('f.txt', edit(numbered(20), 'line 11\n', 'eleven\n'), tester);
    await run.mergeLayer(one);
    const report = await run.mergeLayer(two);
    assert.deepEqual(report.conflicts.map((c) => c.path), ['f.txt']);
  });

  test('identical edits from two siblings merge without a conflict', async () => {
    const run = new ChangeSet(new MemoryFileSystem({ 'f.txt': numbered(10) }));
    const one = run.layer();
    const two = run.layer();
    const same = edit(numbered(10), 'line 2\n', 'two\n');
    await one.write('f.txt', same, coder);
    await two.write('f.txt', same, tester);
    await run.mergeLayer(one);
    assert.deepEqual(await run.mergeLayer(two), { merged: ['f.txt'], conflicts: [] });
    assert.equal(await run.readText('f.txt'), same);
  });

  test('create/create with different content, delete vs. modify and modify vs. delete are conflicts', async () => {
    const fs = new MemoryFileSystem({ 'del.txt': 'd\n', 'mod.txt': 'm\n' });
    const run = new ChangeSet(fs);
    const one = run.layer();
    const two = run.layer();
    await one.create('new.txt', 'from coder\n', coder);
    await one.remove('del.txt', coder);
    await one.write('mod.txt', 'm coder\n', coder);
    await two.create('new.txt', 'from tester\n', tester);
    await two.write('del.txt', 'd tester\n', tester);
    await two.remove('mod.txt', tester);

    assert.deepEqual((await run.mergeLayer(one)).conflicts, []);
    const report = await run.mergeLayer(two);
    assert.deepEqual(report.merged, []);
    assert.deepEqual(
      report.conflicts.map((c) => [c.path, c.workers]),
      [
        ['del.txt', ['coder', 'tester']],
        ['mod.txt', ['coder', 'tester']],
        ['new.txt', ['coder', 'tester']],
      ],
    );
    assert.match(report.conflicts[0]!.message, /deleted meanwhile/);
    assert.match(report.conflicts[1]!.message, /this worker deleted it/);
    assert.match(report.conflicts[2]!.message, /both created/);
    assert.equal(await run.readText('new.txt'), 'from coder\n');
    assert.equal(await run.exists('del.txt'), false);
  });

  test('a conflict names only the workers whose hunks overlap, not every contributor to the file', async () => {
    const run = new ChangeSet(new MemoryFileSystem({ 'f.txt': numbered(60) }));
    const a = run.layer();
    const b = run.layer();
    const c = run.layer();
    await a.write('f.txt', edit(numbered(60), 'line 5\n', 'a5\n'), coder);
    await b.write('f.txt', edit(numbered(60), 'line 50\n', 'b50\n'), docs);
    await c.write('f.txt', edit(numbered(60), 'line 50\n', 'c50\n'), tester);
    await run.mergeLayer(a);
    await run.mergeLayer(b);
    const report = await run.mergeLayer(c);
    assert.deepEqual(report.conflicts.map((x) => x.workers), [['docs', 'tester']]);
  });

  test('a layer created after the parent changed merges against that state; deletes land', async () => {
    const run = new ChangeSet(new MemoryFileSystem({ 'f.txt': numbered(10), 'x.txt': 'x\n' }));
    await run.write('f.txt', edit(numbered(10), 'line 1\n', 'one\n'), coder);
    const worker = run.layer();
    await worker.write('f.txt', edit(edit(numbered(10), 'line 1\n', 'one\n'), 'line 9\n', 'nine\n'), tester);
    await worker.remove('x.txt', tester);
    assert.deepEqual(await run.mergeLayer(worker), { merged: ['f.txt', 'x.txt'], conflicts: [] });
    assert.equal(await run.readText('f.txt'), edit(edit(numbered(10), 'line 1\n', 'one\n'), 'line 9\n', 'nine\n'));
    assert.equal(run.get('x.txt')?.kind, 'delete');
    assert.deepEqual(run.diff('f.txt').hunks.map((h) => h.provenance.map((p) => p.workerId)), [['coder'], ['tester']]);
  });

  test('parallel workers writing at the same time, then merged in turn, each land (nested layers too)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`m${i}.txt`] = numbered(30);
    const run = new ChangeSet(new MemoryFileSystem(files));
    const workers = [coder, tester, docs].map((p, w) => ({ p, w, layer: run.layer() }));
    // Each worker edits its own line of every file; the writes interleave on the event loop.
    await Promise.all(
      workers.map(async ({ p, w, layer }) => {
        for (let i = 0; i < 10; i++) {
          const path = `m${i}.txt`;
          const text = await layer.readText(path);
          await layer.write(path, edit(text, `line ${5 + w * 10}\n`, `${p.workerId} was here\n`), p);
        }
      }),
    );
    const nested = workers[2]!.layer.layer();
    await nested.write('m0.txt', edit(await nested.readText('m0.txt'), 'line 30\n', 'nested\n'), docs);
    assert.deepEqual((await workers[2]!.layer.mergeLayer(nested)).conflicts, []);

    for (const { layer } of workers) assert.deepEqual((await run.mergeLayer(layer)).conflicts, []);
    let expected = numbered(30);
    for (const { p, w } of workers) expected = edit(expected, `line ${5 + w * 10}\n`, `${p.workerId} was here\n`);
    for (let i = 1; i < 10; i++) assert.equal(await run.readText(`m${i}.txt`), expected);
    assert.equal(await run.readText('m0.txt'), edit(expected, 'line 30\n', 'nested\n'));
    assert.deepEqual(run.diff('m0.txt').hunks.map((h) => h.provenance.map((p) => p.workerId)), [['coder'], ['tester'], ['docs']]);
  });

  test('mergeLayer refuses a change set that is not its layer', async () => {
    const fs = new MemoryFileSystem();
    const run = new ChangeSet(fs);
    await assert.rejects(run.mergeLayer(new ChangeSet(fs)), /not a layer/);
    await assert.rejects(run.mergeLayer(run.layer().layer()), /not a layer/);
  });

  test('merging fires one change event with the merged paths', async () => {
    const run = new ChangeSet(new MemoryFileSystem({ 'a.txt': 'a\n' }));
    const worker = run.layer();
    await worker.write('a.txt', 'b\n', coder);
    await worker.create('c.txt', 'c\n', coder);
    const events: string[][] = [];
    run.onDidChange((e) => events.push(e.paths));
    await run.mergeLayer(worker);
    assert.deepEqual(events, [['a.txt', 'c.txt']]);
  });
});

test('pendingPaths of a layer is relative to the disk, through its parent', async () => {
  const fs = new MemoryFileSystem({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  const parent = new ChangeSet(fs);
  const who = { workerId: 'w1' };
  await parent.create('new.txt', 'n\n', who);
  await parent.remove('b.txt', who);
  const child = parent.layer();
  await child.write('new.txt', 'n2\n', who); // still a create on disk
  await child.create('b.txt', 'b2\n', who); // deleted by the parent, back: a modify on disk
  await child.write('a.txt', 'a2\n', who);
  const byPath = Object.fromEntries(child.pendingPaths().map((p) => [p.path, p.kind]));
  assert.deepEqual(byPath, { 'new.txt': 'create', 'b.txt': 'modify', 'a.txt': 'modify' });
  await child.remove('new.txt', who); // created then deleted: nothing pending on disk
  assert.equal(child.pendingPaths().some((p) => p.path === 'new.txt'), false);
});
