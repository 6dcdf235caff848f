import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planApply } from '../../../src/core/changes/apply-plan';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { buildEditList } from '../../../src/ui/review/edit-list';
import { toPlanSelection } from '../../../src/ui/review/plan-selection';
import { ReviewState } from '../../../src/ui/review/review-state';
import { MemoryFileSystem } from '../../support/memory-fs';

/**
 * The review's decisions through the real ChangeSet and planApply to the
 * edit list the WorkspaceEdit is built from: the bytes the user would get.
 */

const who = { workerId: 'w1', role: 'code' };
const lines = (n: number, eol = '\n', last = true): string =>
  Array.from({ length: n }, (_, i) => `line ${i + 1}`).join(eol) + (last ? eol : '');

async function review(files: Record<string, string>, edit: (cs: ChangeSet) => Promise<void>) {
  const fs = new MemoryFileSystem(files);
  const changes = new ChangeSet(fs);
  await edit(changes);
  const state = new ReviewState();
  state.setDiffs(changes.diffs());
  const disk = new Map(Object.entries(files));
  const apply = async () => {
    const plan = await planApply({ changes: changes.files(), selection: toPlanSelection(state.selection()), readCurrent: async (p) => disk.get(p) });
    return buildEditList(plan.files, changes.files());
  };
  return { changes, state, disk, apply };
}

describe('review → planApply → edit list', () => {
  test('exactly the accepted hunk is applied; the rejected one leaves its lines as they were (bytes)', async () => {
    const base = lines(40);
    const r = await review({ 'a.txt': base }, async (cs) => {
      await cs.write('a.txt', base.replace('line 3\n', 'LINE THREE\n').replace('line 30\n', 'LINE THIRTY\n'), who);
    });
    const hunks = r.state.hunkIds('a.txt');
    assert.equal(hunks.length, 2, 'two separate hunks');
    r.state.decideHunk('a.txt', hunks[0]!, 'accept');
    r.state.decideHunk('a.txt', hunks[1]!, 'reject', 'keep it');
    const list = await r.apply();
    assert.deepEqual(list.ops, [{ type: 'replace', path: 'a.txt', content: base.replace('line 3\n', 'LINE THREE\n') }]);
    assert.deepEqual(list.results.map((x) => [x.status, x.hunksApplied, x.hunksLeftOut]), [['clean', 1, 1]]);
  });

  test('a rejected (or undecided) file produces no operation at all', async () => {
    const r = await review({ 'a.txt': lines(3), 'b.txt': lines(3) }, async (cs) => {
      await cs.write('a.txt', 'changed\n', who);
      await cs.write('b.txt', 'changed too\n', who);
    });
    r.state.decideFile('a.txt', 'reject');
    const list = await r.apply();
    assert.deepEqual(list.ops, []);
    assert.deepEqual(list.results.map((x) => [x.path, x.action, x.status]), [['a.txt', 'none', 'skipped'], ['b.txt', 'none', 'skipped']]);
  });

  test('CRLF and no trailing newline survive a partial accept', async () => {
    const base = lines(30, '\r\n', false);
    const r = await review({ 'w.txt': base }, async (cs) => {
      await cs.write('w.txt', base.replace('line 2\r\n', 'two\r\n').replace('line 30', 'thirty'), who);
    });
    const [first, second] = r.state.hunkIds('w.txt');
    r.state.decideHunk('w.txt', second!, 'accept');
    r.state.decideHunk('w.txt', first!, 'reject');
    const list = await r.apply();
    const op = list.ops[0];
    assert.equal(op?.type, 'replace');
    assert.equal(op?.type === 'replace' ? op.content : '', base.replace('line 30', 'thirty'));
  });

  test('a file the user changed since the proposal merges when apart, conflicts when overlapping', async () => {
    const base = lines(40);
    const r = await review({ 'm.txt': base, 'c.txt': base }, async (cs) => {
      await cs.write('m.txt', base.replace('line 5\n', 'five\n'), who);
      await cs.write('c.txt', base.replace('line 5\n', 'five\n'), who);
    });
    r.state.decideAll('accept');
    r.disk.set('m.txt', base.replace('line 35\n', 'user 35\n'));
    r.disk.set('c.txt', base.replace('line 5\n', 'user 5\n'));
    const list = await r.apply();
    assert.deepEqual(list.ops, [{ type: 'replace', path: 'm.txt', content: base.replace('line 5\n', 'five\n').replace('line 35\n', 'user 35\n') }]);
    const byPath = Object.fromEntries(list.results.map((x) => [x.path, x.status]));
    assert.deepEqual(byPath, { 'c.txt': 'conflict', 'm.txt': 'merged' });
  });

  test('create and delete accepted as files; a moved file becomes a rename', async () => {
    const body = 'export const x = 1;\n';
    const r = await review({ 'old.ts': body, 'gone.ts': 'bye\n' }, async (cs) => {
      await cs.create('new/created.ts', 'hello\n', who);
      await cs.remove('gone.ts', who);
      await cs.remove('old.ts', who);
      await cs.create('moved/old.ts', body, who);
    });
    r.state.decideAll('accept');
    const list = await r.apply();
    assert.deepEqual(list.ops, [
      { type: 'delete', path: 'gone.ts' },
      { type: 'create', path: 'new/created.ts', content: 'hello\n' },
      { type: 'rename', from: 'old.ts', to: 'moved/old.ts' },
    ]);
  });

  test('a proposal revised after the review is refused as stale, not applied blind', async () => {
    const base = lines(10);
    const r = await review({ 'a.txt': base }, async (cs) => {
      await cs.write('a.txt', base.replace('line 2\n', 'two\n'), who);
    });
    r.state.decideAll('accept');
    const selection = toPlanSelection(r.state.selection());
    await r.changes.write('a.txt', base.replace('line 2\n', 'TWO (revised)\n'), who);
    const plan = await planApply({ changes: r.changes.files(), selection, readCurrent: async (p) => r.disk.get(p) });
    assert.equal(plan.files[0]?.status, 'conflict');
    assert.equal(buildEditList(plan.files, r.changes.files()).ops.length, 0);
  });
});
