import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileDiff } from '../../../src/core/changes/types';
import { ReviewState, type DecisionRecord } from '../../../src/ui/review/review-state';

function diff(path: string, hunkIds: string[], kind: FileDiff['kind'] = 'modify'): FileDiff {
  return {
    path,
    kind,
    binary: hunkIds.length === 0,
    wholeFile: false,
    hunks: hunkIds.map((id, i) => ({
      id,
      path,
      oldStart: i * 10 + 1,
      oldLines: 1,
      newStart: i * 10 + 1,
      newLines: 1,
      lines: [
        { kind: 'remove', text: `old ${id}`, oldLine: i * 10 + 1 },
        { kind: 'add', text: `new ${id}`, newLine: i * 10 + 1 },
      ],
      provenance: [{ workerId: 'w1' }],
    })),
  };
}

function setup(): { state: ReviewState; records: DecisionRecord[] } {
  const records: DecisionRecord[] = [];
  const state = new ReviewState({ now: () => new Date('2026-01-02T03:04:05Z'), onRecord: (r) => records.push(r) });
  state.setDiffs([diff('a.ts', ['a1', 'a2', 'a3']), diff('b.ts', ['b1']), diff('img.png', [])]);
  return { state, records };
}

describe('ReviewState', () => {
  test('starts undecided and counts every hunk plus hunk-less files', () => {
    const { state } = setup();
    assert.deepEqual(state.counts(), { hunks: 5, accepted: 0, rejected: 0, undecided: 5, withReason: 0 });
    assert.equal(state.fileDecision('a.ts'), undefined);
  });

  test('per-hunk decisions give exactly those hunks in the selection', () => {
    const { state } = setup();
    assert.ok(state.decideHunk('a.ts', 'a1', 'accept'));
    assert.ok(state.decideHunk('a.ts', 'a3', 'reject', 'breaks the API'));
    const a = state.selection().find((s) => s.path === 'a.ts');
    assert.deepEqual(a, { path: 'a.ts', accepted: ['a1'], rejected: ['a3'], undecided: ['a2'], file: undefined });
    assert.equal(state.counts().accepted, 1);
    assert.equal(state.counts().rejected, 1);
    assert.equal(state.counts().withReason, 1);
  });

  test('an unknown file or hunk is refused and changes nothing', () => {
    const { state, records } = setup();
    assert.equal(state.decideHunk('a.ts', 'nope', 'accept'), false);
    assert.equal(state.decideHunk('zzz.ts', 'a1', 'accept'), false);
    assert.equal(state.decideFile('zzz.ts', 'accept'), false);
    assert.equal(records.length, 0);
    assert.equal(state.counts().undecided, 5);
  });

  test('a file decision decides all its hunks; mixed when they differ', () => {
    const { state } = setup();
    state.decideFile('a.ts', 'accept');
    assert.equal(state.fileDecision('a.ts'), 'accept');
    state.decideHunk('a.ts', 'a2', 'reject');
    assert.equal(state.fileDecision('a.ts'), 'mixed');
    state.decideFile('a.ts', null);
    assert.equal(state.fileDecision('a.ts'), undefined);
    assert.equal(state.selection().find((s) => s.path === 'a.ts')?.undecided.length, 3);
  });

  test('a file without hunks is decided as a whole', () => {
    const { state } = setup();
    state.decideFile('img.png', 'accept');
    assert.equal(state.fileDecision('img.png'), 'accept');
    assert.equal(state.selection().find((s) => s.path === 'img.png')?.file, 'accept');
    assert.equal(state.counts().accepted, 1);
  });

  test('accept all / reject all cover every file; null clears', () => {
    const { state } = setup();
    state.decideAll('accept');
    assert.deepEqual(state.counts(), { hunks: 5, accepted: 5, rejected: 0, undecided: 0, withReason: 0 });
    state.decideAll('reject');
    assert.equal(state.counts().rejected, 5);
    state.decideAll(null);
    assert.equal(state.counts().undecided, 5);
  });

  test('feedback lists only rejections with a reason, file and hunk level', () => {
    const { state } = setup();
    state.decideHunk('a.ts', 'a1', 'reject', 'wrong name');
    state.decideHunk('a.ts', 'a2', 'reject');
    state.decideFile('b.ts', 'reject', 'not needed');
    state.decideHunk('a.ts', 'a3', 'accept', 'ignored: reasons belong to rejections');
    assert.deepEqual(state.feedback(), [
      { path: 'a.ts', hunkId: 'a1', reason: 'wrong name' },
      { path: 'b.ts', reason: 'not needed' },
    ]);
    assert.equal(state.hunkDecision('a.ts', 'a3')?.reason, undefined);
  });

  test('every decision is recorded with who and when', () => {
    const { state, records } = setup();
    state.decideHunk('a.ts', 'a1', 'reject', 'why not');
    state.decideFile('b.ts', 'accept');
    assert.deepEqual(records, [
      { path: 'a.ts', hunkId: 'a1', decision: 'reject', reason: 'why not', by: 'user', at: '2026-01-02T03:04:05.000Z' },
      { path: 'b.ts', decision: 'accept', by: 'user', at: '2026-01-02T03:04:05.000Z' },
    ]);
    assert.equal(state.log.length, 2);
  });

  test('a new change set keeps decisions on surviving hunks and drops the rest', () => {
    const { state } = setup();
    state.decideHunk('a.ts', 'a1', 'accept');
    state.decideHunk('a.ts', 'a2', 'reject', 'redo');
    const before = state.revision;
    state.setDiffs([diff('a.ts', ['a1', 'a2-revised'])]);
    assert.equal(state.revision, before + 1);
    assert.equal(state.hunkDecision('a.ts', 'a1')?.decision, 'accept');
    assert.equal(state.hunkDecision('a.ts', 'a2-revised'), undefined);
    assert.deepEqual(state.paths(), ['a.ts']);
  });

  test('listeners hear every change, and a throwing listener does not stop others', () => {
    const { state } = setup();
    let heard = 0;
    state.onDidChange(() => {
      throw new Error('broken view');
    });
    const off = state.onDidChange(() => heard++);
    state.decideHunk('a.ts', 'a1', 'accept');
    state.decideAll('reject');
    off();
    state.decideAll(null);
    assert.equal(heard, 2);
  });

  test('view() carries decisions for the webview', () => {
    const { state } = setup();
    state.decideHunk('b.ts', 'b1', 'reject', 'no');
    state.decideFile('img.png', 'accept');
    const view = state.view();
    assert.deepEqual(view.hunks, { 'b.ts': { b1: { decision: 'reject', reason: 'no' } } });
    assert.deepEqual(view.files, { 'img.png': { decision: 'accept' } });
  });
});
