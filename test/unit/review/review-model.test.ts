import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileChange, FileDiff } from '../../../src/core/changes/types';
import { changedMiddle, intralineRanges } from '../../../src/ui/review/intraline';
import { criteriaForFile, readOutcome } from '../../../src/ui/review/outcome-view';
import { buildReviewModel } from '../../../src/ui/review/review-model';
import { segments, splitRows, unifiedRows } from '../../../src/webview/review/rows';

describe('intra-line ranges', () => {
  test('the changed middle between common prefix and suffix', () => {
    assert.deepEqual(changedMiddle('for (i <= n)', 'for (i < n)'), { before: [8, 9], after: [8, 8] });
    assert.equal(changedMiddle('same', 'same'), undefined);
    assert.equal(changedMiddle('abc', 'xyz'), undefined, 'nothing in common: no highlight');
  });

  test('pairs each removed run with the added run after it', () => {
    const ranges = intralineRanges([
      { kind: 'context', text: 'x' },
      { kind: 'remove', text: 'let a = 1;' },
      { kind: 'remove', text: 'let b = 2;' },
      { kind: 'add', text: 'let a = 10;' },
      { kind: 'context', text: 'y' },
      { kind: 'add', text: 'unpaired' },
    ]);
    assert.equal(ranges[1], undefined, 'a pure insertion leaves the removed side unmarked');
    assert.deepEqual(ranges[3], [[9, 10]]);
    assert.equal(ranges[2], undefined, 'no partner');
    assert.equal(ranges[5], undefined);
  });
});

describe('rows', () => {
  test('segments split text at highlights, clamped and ordered', () => {
    assert.deepEqual(segments('abcdef', [[4, 99], [1, 2]]), [
      { text: 'a', hl: false },
      { text: 'b', hl: true },
      { text: 'cd', hl: false },
      { text: 'ef', hl: true },
    ]);
    assert.deepEqual(segments('', undefined), [{ text: '', hl: false }]);
  });

  test('unified rows keep line numbers per side', () => {
    const rows = unifiedRows([
      { k: 'c', t: 'a', o: 1, n: 1 },
      { k: 'r', t: 'b', o: 2 },
      { k: 'a', t: 'c', n: 2, nonl: true },
    ]);
    assert.deepEqual(rows.map((r) => [r.kind, r.old, r.new, r.noNewline]), [
      ['context', 1, 1, undefined],
      ['remove', 2, undefined, undefined],
      ['add', undefined, 2, true],
    ]);
  });

  test('split rows pair removals with additions and pad the shorter side', () => {
    const rows = splitRows([
      { k: 'c', t: 'a', o: 1, n: 1 },
      { k: 'r', t: 'b', o: 2 },
      { k: 'r', t: 'c', o: 3 },
      { k: 'a', t: 'B', n: 2 },
      { k: 'c', t: 'd', o: 4, n: 3 },
      { k: 'a', t: 'e', n: 4 },
    ]);
    assert.deepEqual(
      rows.map((r) => [r.left?.line, r.left?.kind, r.right?.line, r.right?.kind]),
      [
        [1, 'context', 1, 'context'],
        [2, 'remove', 2, 'add'],
        [3, 'remove', undefined, undefined],
        [4, 'context', 3, 'context'],
        [undefined, undefined, 4, 'add'],
      ],
    );
  });
});

describe('outcome and review model', () => {
  const outcome = readOutcome({
    stop: { kind: 'done', message: 'solved and verified' },
    plan: {
      acceptanceCriteria: ['plan criterion'],
      subtasks: [{ id: 's1', role: 'code', description: 'Fix the loop in src/loop.js' }, { broken: true }],
    },
    synthesis: {
      summary: 'Fixed it',
      criteria: [
        { criterion: 'sum() in src/loop.js includes n', met: true, evidence: 'test passes' },
        { criterion: 'README updated', met: false },
        'not a criterion',
      ],
    },
    workers: [
      { id: 'w-test', subtaskId: 's2', role: 'test', result: { command: 'node --test', resultBefore: '1 failing', resultAfter: '2 passing', testsAdded: ['t.test.js'] } },
      { id: 'w-code', role: 'code', result: { changes: [] } },
      42,
    ],
  });

  test('reads criteria, evidence and subtasks best effort, skipping what does not parse', () => {
    assert.equal(outcome.stop, 'solved and verified');
    assert.equal(outcome.summary, 'Fixed it');
    assert.deepEqual(outcome.criteria.map((c) => c.criterion), ['sum() in src/loop.js includes n', 'README updated']);
    assert.deepEqual(outcome.evidence, [
      { workerId: 'w-test', subtaskId: 's2', command: 'node --test', before: '1 failing', after: '2 passing', testsAdded: ['t.test.js'] },
    ]);
    assert.equal(outcome.subtasks.get('s1')?.title, 'Fix the loop in src/loop.js');
    assert.deepEqual(readOutcome(undefined), { criteria: [], evidence: [], subtasks: new Map() });
    assert.deepEqual(readOutcome({ plan: { acceptanceCriteria: ['only the plan'] } }).criteria, [{ criterion: 'only the plan' }]);
  });

  test('criteria are linked to files that they name', () => {
    assert.deepEqual(criteriaForFile('src/loop.js', outcome.criteria), ['sum() in src/loop.js includes n']);
    assert.deepEqual(criteriaForFile('README.md', outcome.criteria), []);
  });

  test('the model carries hunks, provenance with subtask titles, highlights and counts', () => {
    const diff: FileDiff = {
      path: 'src/loop.js',
      kind: 'modify',
      binary: false,
      wholeFile: false,
      hunks: [
        {
          id: 'h1',
          path: 'src/loop.js',
          oldStart: 3,
          oldLines: 1,
          newStart: 3,
          newLines: 1,
          lines: [
            { kind: 'remove', text: 'i < n', oldLine: 3 },
            { kind: 'add', text: 'i <= n', newLine: 3, noNewlineAtEnd: true },
          ],
          provenance: [{ workerId: 'w-code', subtaskId: 's1', role: 'code', reason: 'off by one' }, { workerId: 'w-code', subtaskId: 's1' }],
        },
      ],
    };
    const change: FileChange = { path: 'src/loop.js', kind: 'modify', baseContent: 'x', baseHash: 'h', newContent: 'y', provenance: [{ workerId: 'w-code', subtaskId: 's1' }] };
    const model = buildReviewModel({ runId: 'r', revision: 3, diffs: [diff], changes: [change], outcome });
    const file = model.files[0]!;
    assert.equal(model.revision, 3);
    assert.equal(file.added, 1);
    assert.equal(file.removed, 1);
    assert.deepEqual(file.hunks[0]!.provenance, [{ workerId: 'w-code', subtaskId: 's1', role: 'code', reason: 'off by one', title: 'Fix the loop in src/loop.js' }]);
    assert.deepEqual(file.hunks[0]!.criteria, ['sum() in src/loop.js includes n']);
    assert.equal(file.hunks[0]!.header, '@@ -3,1 +3,1 @@');
    assert.deepEqual(file.hunks[0]!.lines, [
      { k: 'r', t: 'i < n', o: 3 },
      { k: 'a', t: 'i <= n', n: 3, hl: [[3, 4]], nonl: true },
    ]);
  });

  test("the diff engine's own highlights win over the fallback", () => {
    const diff: FileDiff = {
      path: 'a', kind: 'modify', binary: false, wholeFile: false,
      hunks: [{ id: 'h', path: 'a', oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, provenance: [], lines: [
        { kind: 'remove', text: 'alpha beta', oldLine: 1, highlights: [[0, 5]] },
        { kind: 'add', text: 'gamma beta', newLine: 1, highlights: [[0, 5]] },
      ] }],
    };
    const model = buildReviewModel({ runId: 'r', revision: 1, diffs: [diff], changes: [], outcome: readOutcome(undefined) });
    assert.deepEqual(model.files[0]!.hunks[0]!.lines.map((l) => l.hl), [[[0, 5]], [[0, 5]]]);
  });
});

describe('test evidence from subtask states', () => {
  test('a subtask state with a test result is evidence, keyed by its subtask id', () => {
    const view = readOutcome({
      plan: { subtasks: [{ id: 't1', role: 'test', description: 'Add a failing test' }] },
      subtasks: [
        { id: 't1', workerId: 'w7', status: 'succeeded', result: { testsAdded: ['a.test.js'], command: 'npm test', resultBefore: 'fail', resultAfter: 'pass' } },
        { id: 'c1', workerId: 'w8', status: 'succeeded', result: { changes: 'x' } },
      ],
    });
    assert.deepEqual(view.evidence, [
      { workerId: 'w7', subtaskId: 't1', title: 'Add a failing test', command: 'npm test', before: 'fail', after: 'pass', testsAdded: ['a.test.js'] },
    ]);
  });
});
