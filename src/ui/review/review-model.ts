import type { FileChange, FileDiff, Hunk, Provenance } from '../../core/changes/types';
import type { FileView, HunkView, LineView, ProvenanceView, ReviewModel } from '../../webview/review-protocol';
import { intralineRanges } from './intraline';
import { criteriaForFile, type OutcomeView } from './outcome-view';

/**
 * Builds the review panel's data from the change set's diffs: pure, so its
 * cost on a large set (200 files, 20,000 changed lines) is measured in a unit
 * test. Files are sorted by path; hunks keep the diff's order.
 */

export interface ReviewModelInput {
  runId: string;
  revision: number;
  diffs: readonly FileDiff[];
  /** For file-level provenance; diffs alone carry hunk provenance. */
  changes: readonly FileChange[];
  outcome: OutcomeView;
}

export function buildReviewModel(input: ReviewModelInput): ReviewModel {
  const byPath = new Map(input.changes.map((c) => [c.path, c]));
  const files = [...input.diffs]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((diff) => fileView(diff, byPath.get(diff.path), input.outcome));
  return {
    runId: input.runId,
    revision: input.revision,
    ...(input.outcome.summary ? { summary: input.outcome.summary } : {}),
    ...(input.outcome.stop ? { stop: input.outcome.stop } : {}),
    files,
    criteria: input.outcome.criteria,
    evidence: input.outcome.evidence,
  };
}

function fileView(diff: FileDiff, change: FileChange | undefined, outcome: OutcomeView): FileView {
  const criteria = criteriaForFile(diff.path, outcome.criteria);
  const hunks = diff.hunks.map((h) => hunkView(h, criteria, outcome));
  return {
    path: diff.path,
    kind: diff.kind,
    binary: diff.binary,
    wholeFile: diff.wholeFile,
    added: hunks.reduce((n, h) => n + h.added, 0),
    removed: hunks.reduce((n, h) => n + h.removed, 0),
    provenance: provenanceViews(change?.provenance ?? diff.hunks.flatMap((h) => h.provenance), outcome),
    hunks,
  };
}

function hunkView(hunk: Hunk, criteria: string[], outcome: OutcomeView): HunkView {
  // The diff engine's word-level highlights win; the cheap prefix/suffix ranges fill in when it gave none.
  const engineHighlights = hunk.lines.some((l) => l.highlights !== undefined);
  const ranges = engineHighlights ? [] : intralineRanges(hunk.lines);
  let added = 0;
  let removed = 0;
  const lines = hunk.lines.map((line, i): LineView => {
    const view: LineView = { k: line.kind === 'add' ? 'a' : line.kind === 'remove' ? 'r' : 'c', t: line.text };
    if (line.kind === 'add') added++;
    if (line.kind === 'remove') removed++;
    if (line.oldLine !== undefined) view.o = line.oldLine;
    if (line.newLine !== undefined) view.n = line.newLine;
    const hl = engineHighlights ? line.highlights : ranges[i];
    if (hl && hl.length > 0) view.hl = hl.map(([start, end]) => [start, end]);
    if (line.noNewlineAtEnd) view.nonl = true;
    return view;
  });
  return {
    id: hunk.id,
    header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    oldStart: hunk.oldStart,
    newStart: hunk.newStart,
    added,
    removed,
    lines,
    provenance: provenanceViews(hunk.provenance, outcome),
    criteria,
  };
}

/** One entry per worker (the first reason it gave), with the subtask's title where known. */
function provenanceViews(provenance: readonly Provenance[], outcome: OutcomeView): ProvenanceView[] {
  const seen = new Map<string, ProvenanceView>();
  for (const p of provenance) {
    const key = `${p.workerId}\u0000${p.subtaskId ?? ''}`;
    if (seen.has(key)) continue;
    const title = p.subtaskId ? outcome.subtasks.get(p.subtaskId)?.title : undefined;
    seen.set(key, {
      workerId: p.workerId,
      ...(p.subtaskId ? { subtaskId: p.subtaskId } : {}),
      ...(p.role ? { role: p.role } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
      ...(title ? { title } : {}),
    });
  }
  return [...seen.values()];
}
