import type { DiffLine, FileChangeKind, FileDiff, Hunk, Provenance } from './types';
import { changeBlocks, diffLineTokens, wholeFileRuns, type LineDiffLimits, type LineRun } from './line-diff';
import { intraLineRanges, type IntraLineLimits } from './intra-line';
import { hasTerminator, lineContent, looksBinary, sha256Hex, splitLines } from './text';

/**
 * Per-file hunks. Internally a hunk keeps its raw lines (with terminators) so
 * that applying any subset of hunks reproduces bytes exactly; the public
 * `Hunk` (types.ts) is the display form with 1-based line numbers.
 */

export interface DiffLimits extends LineDiffLimits, IntraLineLimits {
  /** Unchanged lines around each change. */
  context: number;
  /** Most removed/added line pairs per file that get intra-line highlights. */
  intraLineMaxPairs: number;
}

/**
 * Defaults: 2,000 line edits (about 0.2 s of jsdiff at worst on a 2-core
 * machine; a change that large reads as a rewrite anyway) before the
 * whole-file fallback, with 1 s per diff as a last-resort safety net, so the
 * fallback (and so the hunk ids) does not depend on the machine's load;
 * 3 lines of context, intra-line highlights for lines up to 1,000 characters.
 */
export const DEFAULT_DIFF_LIMITS: Readonly<DiffLimits> = Object.freeze({
  maxEditLength: 2_000,
  timeoutMs: 1_000,
  context: 3,
  intraLineMaxLineLength: 1_000,
  intraLineMaxEditLength: 100,
  intraLineMaxPairs: 2_000,
});

export interface RawLine {
  kind: 'context' | 'add' | 'remove';
  /** The line with its terminator. */
  raw: string;
  /** 0-based index in the old text (context and remove). */
  oldIndex?: number;
  /** 0-based index in the new text (context and add). */
  newIndex?: number;
}

export interface RawHunk {
  id: string;
  /** 0-based index of the first old line covered. */
  oldStart: number;
  oldLines: number;
  /** 0-based index of the first new line covered. */
  newStart: number;
  newLines: number;
  lines: RawLine[];
}

export interface RawFileDiff {
  path: string;
  kind: FileChangeKind;
  binary: boolean;
  wholeFile: boolean;
  hunks: RawHunk[];
}

export function changeKind(oldText: string | undefined, newText: string | undefined): FileChangeKind {
  if (oldText === undefined && newText === undefined) throw new Error('A change needs an old or a new content');
  if (oldText === undefined) return 'create';
  if (newText === undefined) return 'delete';
  return 'modify';
}

/** Hunks from old to new (undefined = file absent), with the fallback to one whole-file hunk. */
export function computeRawDiff(
  path: string,
  oldText: string | undefined,
  newText: string | undefined,
  limits: DiffLimits = DEFAULT_DIFF_LIMITS,
): RawFileDiff {
  const kind = changeKind(oldText, newText);
  if (looksBinary(oldText ?? '') || looksBinary(newText ?? '')) {
    return { path, kind, binary: true, wholeFile: false, hunks: [] };
  }
  const oldLines = splitLines(oldText ?? '');
  const newLines = splitLines(newText ?? '');
  const runs = diffLineTokens(oldLines, newLines, limits);
  const wholeFile = runs === undefined;
  const context = wholeFile ? 0 : limits.context;
  const hunks = buildHunks(path, oldLines, newLines, runs ?? wholeFileRuns(oldLines.length, newLines.length), context);
  return { path, kind, binary: false, wholeFile, hunks };
}

function buildHunks(
  path: string,
  oldLines: readonly string[],
  newLines: readonly string[],
  runs: readonly LineRun[],
  context: number,
): RawHunk[] {
  const blocks = changeBlocks(runs);
  const hunks: RawHunk[] = [];
  let i = 0;
  while (i < blocks.length) {
    // Blocks whose context would touch or overlap go in one hunk, as in `diff -u`.
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1]!.oldStart - blocks[j]!.oldEnd <= 2 * context) j++;
    const first = blocks[i]!;
    const last = blocks[j]!;
    const oldStart = Math.max(0, first.oldStart - context);
    const oldEnd = Math.min(oldLines.length, last.oldEnd + context);
    const newStart = first.newStart - (first.oldStart - oldStart);
    const newEnd = last.newEnd + (oldEnd - last.oldEnd);

    const lines: RawLine[] = [];
    const pushContext = (from: number, to: number, newFrom: number): void => {
      for (let k = from; k < to; k++) {
        lines.push({ kind: 'context', raw: oldLines[k]!, oldIndex: k, newIndex: newFrom + (k - from) });
      }
    };
    pushContext(oldStart, first.oldStart, newStart);
    for (let k = i; k <= j; k++) {
      const block = blocks[k]!;
      for (let o = block.oldStart; o < block.oldEnd; o++) lines.push({ kind: 'remove', raw: oldLines[o]!, oldIndex: o });
      for (let n = block.newStart; n < block.newEnd; n++) lines.push({ kind: 'add', raw: newLines[n]!, newIndex: n });
      const next = blocks[k + 1];
      const until = k < j && next ? next.oldStart : oldEnd;
      pushContext(block.oldEnd, until, block.newEnd);
    }
    const hunk = { oldStart, oldLines: oldEnd - oldStart, newStart, newLines: newEnd - newStart, lines };
    hunks.push({ id: hunkId(path, hunk), ...hunk });
    i = j + 1;
  }
  return hunks;
}

/** Stable id: sha of path + old range + content (kinds and raw lines). */
function hunkId(path: string, hunk: Omit<RawHunk, 'id'>): string {
  const sign = { context: ' ', add: '+', remove: '-' } as const;
  const body = hunk.lines.map((line) => sign[line.kind] + line.raw).join('\n');
  return sha256Hex(`${path}\0${hunk.oldStart},${hunk.oldLines}\0${body}`).slice(0, 16);
}

/** 1-based start in unified-diff convention: an empty range names the line before it. */
export function unifiedStart(start0: number, count: number): number {
  return count === 0 ? start0 : start0 + 1;
}

/** '@@ -a,b +c,d @@' for a public hunk. */
export function hunkHeader(hunk: Pick<Hunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines'>): string {
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
}

/** Display form of a raw diff; `provenanceOf` attributes each hunk. */
export function toFileDiff(
  raw: RawFileDiff,
  provenanceOf: (hunk: RawHunk) => Provenance[] = () => [],
  limits: DiffLimits = DEFAULT_DIFF_LIMITS,
): FileDiff {
  const budget = { pairs: raw.wholeFile ? 0 : limits.intraLineMaxPairs };
  const hunks: Hunk[] = raw.hunks.map((hunk) => ({
    id: hunk.id,
    path: raw.path,
    oldStart: unifiedStart(hunk.oldStart, hunk.oldLines),
    oldLines: hunk.oldLines,
    newStart: unifiedStart(hunk.newStart, hunk.newLines),
    newLines: hunk.newLines,
    lines: displayLines(hunk.lines, limits, budget),
    provenance: provenanceOf(hunk),
  }));
  return { path: raw.path, kind: raw.kind, hunks, binary: raw.binary, wholeFile: raw.wholeFile };
}

function displayLines(lines: readonly RawLine[], limits: DiffLimits, budget: { pairs: number }): DiffLine[] {
  const out: DiffLine[] = lines.map((line) => {
    const display: DiffLine = { kind: line.kind, text: lineContent(line.raw) };
    if (line.oldIndex !== undefined) display.oldLine = line.oldIndex + 1;
    if (line.newIndex !== undefined) display.newLine = line.newIndex + 1;
    if (!hasTerminator(line.raw)) display.noNewlineAtEnd = true;
    return display;
  });
  // Pair the i-th removed line of a change block with its i-th added line.
  let i = 0;
  while (i < out.length) {
    if (out[i]!.kind !== 'remove') {
      i++;
      continue;
    }
    const removeStart = i;
    while (i < out.length && out[i]!.kind === 'remove') i++;
    const addStart = i;
    while (i < out.length && out[i]!.kind === 'add') i++;
    const pairs = Math.min(addStart - removeStart, i - addStart);
    for (let p = 0; p < pairs && budget.pairs > 0; p++, budget.pairs--) {
      const removed = out[removeStart + p]!;
      const added = out[addStart + p]!;
      const ranges = intraLineRanges(removed.text, added.text, limits);
      if (!ranges) continue;
      removed.highlights = ranges.old;
      added.highlights = ranges.new;
    }
  }
  return out;
}

/** Old text with exactly the accepted hunks applied; rejected hunks leave their lines as they were. */
export function applyHunks(oldText: string, hunks: readonly RawHunk[], accepted: ReadonlySet<string>): string {
  const oldLines = splitLines(oldText);
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    for (let k = cursor; k < hunk.oldStart; k++) out.push(oldLines[k]!);
    if (accepted.has(hunk.id)) {
      for (const line of hunk.lines) if (line.kind !== 'remove') out.push(line.raw);
    } else {
      for (let k = hunk.oldStart; k < hunk.oldStart + hunk.oldLines; k++) out.push(oldLines[k]!);
    }
    cursor = hunk.oldStart + hunk.oldLines;
  }
  for (let k = cursor; k < oldLines.length; k++) out.push(oldLines[k]!);
  return out.join('');
}

/** Convenience: the display diff of two contents. */
export function diffTexts(
  path: string,
  oldText: string | undefined,
  newText: string | undefined,
  limits: DiffLimits = DEFAULT_DIFF_LIMITS,
): FileDiff {
  return toFileDiff(computeRawDiff(path, oldText, newText, limits), undefined, limits);
}
