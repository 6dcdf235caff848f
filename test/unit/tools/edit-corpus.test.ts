/**
 * The edit-matching corpus (test/fixtures/edits): real code from installed
 * packages, 14 kinds of drift and trap. The hard rule: zero edits applied at
 * the wrong place (or with the wrong result). The percentages are reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDIT_CASE_KINDS } from '../../fixtures/edits/corpus-types';
import { loadEditCases, runEditCorpus } from '../../fixtures/edits/run-corpus';

test('edit corpus: no wrong-place applies, every kind covered', (t) => {
  const cases = loadEditCases();
  assert.ok(cases.length >= 300, `at least 300 cases (have ${cases.length})`);
  assert.deepEqual([...new Set(cases.map((c) => c.kind))].sort(), [...EDIT_CASE_KINDS].sort());
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length, 'case ids are unique');
  for (const c of cases) assert.ok(c.source.package && c.source.path && c.source.startLine > 0, `${c.id} names its source`);

  const report = runEditCorpus(cases);
  const wrong = report.results.filter((r) => r.verdict === 'wrong_place').map((r) => r.id);
  t.diagnostic(
    `edits.cases: ${report.cases}; applied correctly ${report.appliedCorrectlyPct}% (${report.appliedCorrectly}/${report.shouldApply}); ` +
      `refused correctly ${report.refusedCorrectlyPct}% (${report.refusedCorrectly}/${report.shouldRefuse}); wrong place ${report.wrongPlace}; ` +
      `${report.totalMs.toFixed(0)} ms`,
  );
  assert.deepEqual(wrong, [], 'edits applied at the wrong place or with the wrong result');
  assert.equal(report.refusedCorrectly, report.shouldRefuse, 'every trap (elided, ambiguous, no-match) is refused');
});

test('the scorer catches a wrong-place apply', () => {
  // A case whose expected content is deliberately wrong must be reported, or the main test proves nothing.
  const [sample] = loadEditCases().filter((c) => c.expect.outcome === 'apply');
  const tampered = { ...sample!, expect: { ...sample!.expect, sha256: '0'.repeat(64) } };
  const refuseExpected = { ...sample!, expect: { outcome: 'refuse' as const } };
  const report = runEditCorpus([tampered, refuseExpected]);
  assert.equal(report.wrongPlace, 2);
});
