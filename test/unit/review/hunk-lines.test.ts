import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { hunkAt, hunkPlace, nextHunkLine } from '../../../src/ui/review/hunk-lines';
import { MemoryFileSystem } from '../../support/memory-fs';

const who = { workerId: 'w1' };
const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

async function hunks(next: string) {
  const cs = new ChangeSet(new MemoryFileSystem({ 'a.txt': base }));
  await cs.write('a.txt', next, who);
  return cs.diff('a.txt').hunks;
}

describe('hunk places', () => {
  test('a replacement: old side marks the removed line, new side the added one', async () => {
    const [h] = await hunks(base.replace('line 10\n', 'ten\n'));
    const old = hunkPlace(h!, 'old');
    assert.equal(old.start, 9);
    assert.deepEqual(old.changed, [9]);
    // The replacement's note sits on the (red) line it replaces.
    assert.deepEqual(old.insertions, [{ after: 9, lines: ['ten'] }]);
    const neu = hunkPlace(h!, 'new');
    assert.equal(neu.start, 9);
    assert.deepEqual(neu.changed, [9]);
  });

  test('a pure insertion anchors after the line it follows; at the top it anchors at -1', async () => {
    const [mid] = await hunks(base.replace('line 20\n', 'line 20\nnew a\nnew b\n'));
    assert.deepEqual(hunkPlace(mid!, 'old').insertions, [{ after: 19, lines: ['new a', 'new b'] }]);
    assert.deepEqual(hunkPlace(mid!, 'old').changed, []);
    const [top] = await hunks('first\n' + base);
    assert.deepEqual(hunkPlace(top!, 'old').insertions, [{ after: -1, lines: ['first'] }]);
    assert.equal(hunkPlace(top!, 'old').start, 0);
  });

  test('navigation wraps, and the hunk at the cursor is the covering or next one', async () => {
    const all = await hunks(base.replace('line 3\n', 'three\n').replace('line 25\n', 'twenty-five\n'));
    const places = all.map((h) => hunkPlace(h, 'old'));
    assert.deepEqual(places.map((p) => p.start), [2, 24]);
    assert.equal(nextHunkLine(places, 0, 1), 2);
    assert.equal(nextHunkLine(places, 2, 1), 24);
    assert.equal(nextHunkLine(places, 24, 1), 2, 'wraps to the first');
    assert.equal(nextHunkLine(places, 2, -1), 24, 'wraps to the last');
    assert.equal(hunkAt(places, 2)?.hunkId, all[0]!.id);
    assert.equal(hunkAt(places, 10)?.hunkId, all[1]!.id);
    assert.equal(hunkAt(places, 29)?.hunkId, all[1]!.id);
    assert.equal(nextHunkLine([], 0, 1), undefined);
  });
});
