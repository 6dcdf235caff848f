import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileChange } from '../../../src/core/changes/types';
import { buildEditList, recordedOutcome, type PlannedFile } from '../../../src/ui/review/edit-list';

function change(path: string, kind: FileChange['kind'], base: string | undefined, next: string | undefined): FileChange {
  return { path, kind, baseContent: base, baseHash: base === undefined ? '' : 'h', newContent: next, provenance: [{ workerId: 'w1' }] };
}

const planned = (p: Partial<PlannedFile> & Pick<PlannedFile, 'path' | 'action' | 'status'>): PlannedFile => ({
  hunksApplied: [],
  hunksLeftOut: [],
  ...p,
});

describe('buildEditList', () => {
  test('writes, creates and deletes become operations; conflicts and skips do not', () => {
    const plan = [
      planned({ path: 'b.ts', action: 'write', status: 'clean', content: 'B2\r\n', hunksApplied: ['h1'], hunksLeftOut: ['h2'] }),
      planned({ path: 'a.ts', action: 'write', status: 'merged', content: 'A2', hunksApplied: ['h3'], message: 'merged with your edits' }),
      planned({ path: 'c.ts', action: 'write', status: 'conflict', message: 'you changed lines 3-5', hunksLeftOut: ['h4'] }),
      planned({ path: 'new.ts', action: 'create', status: 'clean', content: 'x', hunksApplied: ['h5'] }),
      planned({ path: 'gone.ts', action: 'delete', status: 'clean', hunksApplied: ['h6'] }),
      planned({ path: 'rejected.ts', action: 'none', status: 'skipped', hunksLeftOut: ['h7'] }),
    ];
    const list = buildEditList(plan, [change('gone.ts', 'delete', 'old', undefined)]);
    assert.deepEqual(list.ops, [
      { type: 'replace', path: 'a.ts', content: 'A2' },
      { type: 'replace', path: 'b.ts', content: 'B2\r\n' },
      { type: 'delete', path: 'gone.ts' },
      { type: 'create', path: 'new.ts', content: 'x' },
    ]);
    assert.deepEqual(
      list.results.map((r) => [r.path, r.action, r.status, r.hunksApplied, r.hunksLeftOut]),
      [
        ['a.ts', 'write', 'merged', 1, 0],
        ['b.ts', 'write', 'clean', 1, 1],
        ['c.ts', 'write', 'conflict', 0, 1],
        ['gone.ts', 'delete', 'clean', 1, 0],
        ['new.ts', 'create', 'clean', 1, 0],
        ['rejected.ts', 'none', 'skipped', 0, 1],
      ],
    );
    assert.equal(list.results.find((r) => r.path === 'c.ts')?.message, 'you changed lines 3-5');
  });

  test('content is passed through byte for byte (CRLF, no trailing newline, BOM)', () => {
    const content = '\uFEFFline1\r\nline2\r\nlast';
    const list = buildEditList([planned({ path: 'w.txt', action: 'write', status: 'clean', content })], []);
    assert.deepEqual(list.ops, [{ type: 'replace', path: 'w.txt', content }]);
  });

  test('a delete plus a create of the same content is a rename', () => {
    const body = 'export const x = 1;\n';
    const plan = [
      planned({ path: 'old/name.ts', action: 'delete', status: 'clean', hunksApplied: ['d'] }),
      planned({ path: 'new/name.ts', action: 'create', status: 'clean', content: body, hunksApplied: ['c'] }),
    ];
    const list = buildEditList(plan, [change('old/name.ts', 'delete', body, undefined), change('new/name.ts', 'create', undefined, body)]);
    assert.deepEqual(list.ops, [{ type: 'rename', from: 'old/name.ts', to: 'new/name.ts' }]);
    assert.deepEqual(list.results.map((r) => [r.path, r.action]), [['new/name.ts', 'rename'], ['old/name.ts', 'rename']]);
  });

  test('no rename when the contents differ, or when the delete conflicts', () => {
    const plan = [
      planned({ path: 'a.ts', action: 'delete', status: 'conflict' }),
      planned({ path: 'b.ts', action: 'create', status: 'clean', content: 'same' }),
      planned({ path: 'c.ts', action: 'delete', status: 'clean' }),
      planned({ path: 'd.ts', action: 'create', status: 'clean', content: 'different' }),
    ];
    const list = buildEditList(plan, [change('a.ts', 'delete', 'same', undefined), change('c.ts', 'delete', 'other', undefined)]);
    assert.deepEqual(list.ops, [
      { type: 'create', path: 'b.ts', content: 'same' },
      { type: 'delete', path: 'c.ts' },
      { type: 'create', path: 'd.ts', content: 'different' },
    ]);
  });

  test('a write without content is refused as a conflict, never an emptied file', () => {
    const list = buildEditList([planned({ path: 'x.ts', action: 'write', status: 'clean' })], []);
    assert.deepEqual(list.ops, []);
    assert.equal(list.results[0]?.status, 'conflict');
  });

  test('recordedOutcome maps results to run-record decisions', () => {
    const base = { path: 'a', hunksApplied: 1, hunksLeftOut: 0 };
    assert.equal(recordedOutcome({ ...base, action: 'write', status: 'clean' }), 'applied');
    assert.equal(recordedOutcome({ ...base, action: 'write', status: 'merged' }), 'merged');
    assert.equal(recordedOutcome({ ...base, action: 'write', status: 'conflict' }), 'conflict');
    assert.equal(recordedOutcome({ ...base, action: 'none', status: 'skipped' }), undefined);
  });
});
