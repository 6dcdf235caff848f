import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import type { DiffLine, FileDiff, Hunk } from '../../../src/core/changes/types';
import { readOutcome } from '../../../src/ui/review/outcome-view';
import { buildReviewModel } from '../../../src/ui/review/review-model';
import { ReviewState } from '../../../src/ui/review/review-state';
import { parseToWebview } from '../../../src/webview/review-protocol';
import { splitRows, unifiedRows } from '../../../src/webview/review/rows';

/**
 * The review's own cost on a large change set: 200 files, 20,000 changed
 * lines (10 hunks × (5 removed + 5 added) per file, 3 context lines each
 * side). Prints numbers; asserts only what was built (timings never fail).
 */

const FILES = 200;
const HUNKS = 10;
const PER_SIDE = 5;

function syntheticDiff(f: number): FileDiff {
  const path = `src/module${String(f).padStart(3, '0')}/file${f}.ts`;
  const hunks: Hunk[] = [];
  for (let h = 0; h < HUNKS; h++) {
    const start = h * 40 + 1;
    const lines: DiffLine[] = [];
    let oldLine = start;
    let newLine = start;
    for (let c = 0; c < 3; c++) lines.push({ kind: 'context', text: `  const keep${c} = compute(${h}, ${c});`, oldLine: oldLine++, newLine: newLine++ });
    for (let r = 0; r < PER_SIDE; r++) lines.push({ kind: 'remove', text: `  const value${r} = legacyCompute(input${r}, options.mode, ${h});`, oldLine: oldLine++ });
    for (let a = 0; a < PER_SIDE; a++) lines.push({ kind: 'add', text: `  const value${a} = compute(input${a}, options.mode, ${h}, { strict: true });`, newLine: newLine++ });
    for (let c = 0; c < 3; c++) lines.push({ kind: 'context', text: `  return keep${c};`, oldLine: oldLine++, newLine: newLine++ });
    hunks.push({
      id: `f${f}h${h}`,
      path,
      oldStart: start,
      oldLines: 3 + PER_SIDE + 3,
      newStart: start,
      newLines: 3 + PER_SIDE + 3,
      lines,
      provenance: [{ workerId: `w${f % 4}`, subtaskId: `s${f % 4}`, role: 'code', reason: 'migrate to compute()' }],
    });
  }
  return { path, kind: 'modify', binary: false, wholeFile: false, hunks };
}

test('review model, protocol validation and rows on 200 files / 20,000 changed lines', () => {
  const diffs = Array.from({ length: FILES }, (_, f) => syntheticDiff(f));
  const outcome = readOutcome({ synthesis: { criteria: [{ criterion: 'every caller uses compute()', met: true }] } });

  const t0 = performance.now();
  const state = new ReviewState();
  state.setDiffs(diffs);
  state.decideAll('accept');
  const decisions = state.view();
  const t1 = performance.now();
  const model = buildReviewModel({ runId: 'bench', revision: state.revision, diffs, changes: [], outcome });
  const t2 = performance.now();
  const wire = JSON.stringify({ type: 'model', model, decisions });
  const t3 = performance.now();
  const parsed = parseToWebview(JSON.parse(wire));
  const t4 = performance.now();
  let unified = 0;
  let split = 0;
  for (const file of model.files) for (const hunk of file.hunks) unified += unifiedRows(hunk.lines).length;
  const t5 = performance.now();
  for (const file of model.files) for (const hunk of file.hunks) split += splitRows(hunk.lines).length;
  const t6 = performance.now();

  const changed = model.files.reduce((n, f) => n + f.added + f.removed, 0);
  assert.equal(model.files.length, FILES);
  assert.equal(changed, 20_000);
  assert.ok(parsed.ok);
  assert.equal(decisions.counts.accepted, FILES * HUNKS);
  assert.equal(unified, FILES * HUNKS * (6 + 2 * PER_SIDE));
  assert.equal(split, FILES * HUNKS * (6 + PER_SIDE));
  // Intra-line highlights were computed for every paired line.
  assert.ok(model.files[0]!.hunks[0]!.lines.some((l) => l.hl));

  const ms = (a: number, b: number): string => `${(b - a).toFixed(1)} ms`;
  console.log(
    [
      `review.large_set files=${FILES} changed_lines=${changed} hunks=${FILES * HUNKS}`,
      `  state (setDiffs + accept all + view): ${ms(t0, t1)}`,
      `  buildReviewModel (incl. intra-line):  ${ms(t1, t2)}`,
      `  JSON message: ${(wire.length / 1024 / 1024).toFixed(2)} MiB, stringify ${ms(t2, t3)}`,
      `  webview zod validation of the model:  ${ms(t3, t4)}`,
      `  unified rows (all hunks): ${ms(t4, t5)}; split rows: ${ms(t5, t6)}`,
      `  total host+webview data work: ${ms(t0, t6)}`,
    ].join('\n'),
  );
});
