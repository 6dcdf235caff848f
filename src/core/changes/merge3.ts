import { changeBlocks, diffLineTokens, wholeFileRuns, type ChangeBlock, type LineDiffLimits } from './line-diff';
import { DEFAULT_DIFF_LIMITS } from './diff';
import { splitLines } from './text';

/**
 * diff3-style three-way merge over lines. `a` and `b` are two descendants of
 * `base` (for apply: the user's current file and the accepted proposal; for
 * layers: the parent overlay and a worker's overlay). Changes of both sides
 * land when they are apart. Changes that overlap or touch (adjacent lines, or
 * insertions at the same place) are a conflict unless both sides made exactly
 * the same change: never silently merged.
 */

export type Span = [start: number, end: number];

export interface Merge3Region {
  /** unchanged: neither side; a / b: one side; both: the same change on both sides; conflict: different changes. */
  kind: 'unchanged' | 'a' | 'b' | 'both' | 'conflict';
  /** 0-based line spans [start, end) in base, a and b. */
  base: Span;
  a: Span;
  b: Span;
}

export interface Merge3Result {
  clean: boolean;
  /** The merged text when clean, else undefined. */
  text: string | undefined;
  /** Covers base, a and b in order. */
  regions: Merge3Region[];
  conflicts: Merge3Region[];
}

export function merge3(base: string, a: string, b: string, limits: LineDiffLimits = DEFAULT_DIFF_LIMITS): Merge3Result {
  const baseLines = splitLines(base);
  const aLines = splitLines(a);
  const bLines = splitLines(b);
  const blocksOf = (side: string[]): ChangeBlock[] =>
    changeBlocks(diffLineTokens(baseLines, side, limits) ?? wholeFileRuns(baseLines.length, side.length));
  const aBlocks = blocksOf(aLines);
  const bBlocks = blocksOf(bLines);

  const regions: Merge3Region[] = [];
  let basePos = 0;
  let aDelta = 0;
  let bDelta = 0;
  let i = 0;
  let j = 0;
  const blockDelta = (block: ChangeBlock): number => block.newEnd - block.newStart - (block.oldEnd - block.oldStart);

  while (i < aBlocks.length || j < bBlocks.length) {
    const nextA = aBlocks[i];
    const nextB = bBlocks[j];
    const groupStart = Math.min(nextA?.oldStart ?? Infinity, nextB?.oldStart ?? Infinity);
    let groupEnd = groupStart;
    let aIn = 0;
    let bIn = 0;
    let aGroupDelta = 0;
    let bGroupDelta = 0;
    // Grow the group while a block of either side starts inside or right at its end.
    for (let grew = true; grew; ) {
      grew = false;
      while (i < aBlocks.length && aBlocks[i]!.oldStart <= groupEnd) {
        groupEnd = Math.max(groupEnd, aBlocks[i]!.oldEnd);
        aGroupDelta += blockDelta(aBlocks[i]!);
        i++;
        aIn++;
        grew = true;
      }
      while (j < bBlocks.length && bBlocks[j]!.oldStart <= groupEnd) {
        groupEnd = Math.max(groupEnd, bBlocks[j]!.oldEnd);
        bGroupDelta += blockDelta(bBlocks[j]!);
        j++;
        bIn++;
        grew = true;
      }
    }
    if (basePos < groupStart) {
      regions.push(unchanged(basePos, groupStart, aDelta, bDelta));
    }
    const aSpan: Span = [groupStart + aDelta, groupEnd + aDelta + aGroupDelta];
    const bSpan: Span = [groupStart + bDelta, groupEnd + bDelta + bGroupDelta];
    let kind: Merge3Region['kind'];
    if (aIn > 0 && bIn > 0) kind = sameLines(aLines, aSpan, bLines, bSpan) ? 'both' : 'conflict';
    else kind = aIn > 0 ? 'a' : 'b';
    regions.push({ kind, base: [groupStart, groupEnd], a: aSpan, b: bSpan });
    aDelta += aGroupDelta;
    bDelta += bGroupDelta;
    basePos = groupEnd;
  }
  if (basePos < baseLines.length) regions.push(unchanged(basePos, baseLines.length, aDelta, bDelta));

  const conflicts = regions.filter((region) => region.kind === 'conflict');
  const clean = conflicts.length === 0;
  let text: string | undefined;
  if (clean) {
    const out: string[] = [];
    for (const region of regions) {
      const [lines, span] = region.kind === 'b' ? [bLines, region.b] : [aLines, region.a];
      for (let k = span[0]; k < span[1]; k++) out.push(lines[k]!);
    }
    text = out.join('');
  }
  return { clean, text, regions, conflicts };
}

function unchanged(start: number, end: number, aDelta: number, bDelta: number): Merge3Region {
  return { kind: 'unchanged', base: [start, end], a: [start + aDelta, end + aDelta], b: [start + bDelta, end + bDelta] };
}

function sameLines(a: readonly string[], aSpan: Span, b: readonly string[], bSpan: Span): boolean {
  if (aSpan[1] - aSpan[0] !== bSpan[1] - bSpan[0]) return false;
  for (let k = 0; k < aSpan[1] - aSpan[0]; k++) if (a[aSpan[0] + k] !== b[bSpan[0] + k]) return false;
  return true;
}
