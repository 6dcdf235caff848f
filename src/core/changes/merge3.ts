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
  const aSide = new SideCursor(aBlocks);
  const bSide = new SideCursor(bBlocks);

  while (!aSide.done() || !bSide.done()) {
    const groupStart = Math.min(aSide.nextStart(), bSide.nextStart());
    let groupEnd = groupStart;
    aSide.startGroup();
    bSide.startGroup();
    // Grow the group while a block of either side starts inside or right at its end.
    do groupEnd = bSide.take(aSide.take(groupEnd));
    while (aSide.grew || bSide.grew);
    if (basePos < groupStart) {
      regions.push(unchanged(basePos, groupStart, aSide.delta, bSide.delta));
    }
    const aSpan = aSide.span(groupStart, groupEnd);
    const bSpan = bSide.span(groupStart, groupEnd);
    let kind: Merge3Region['kind'];
    if (aSide.inGroup > 0 && bSide.inGroup > 0) kind = sameLines(aLines, aSpan, bLines, bSpan) ? 'both' : 'conflict';
    else kind = aSide.inGroup > 0 ? 'a' : 'b';
    regions.push({ kind, base: [groupStart, groupEnd], a: aSpan, b: bSpan });
    aSide.endGroup();
    bSide.endGroup();
    basePos = groupEnd;
  }
  if (basePos < baseLines.length) regions.push(unchanged(basePos, baseLines.length, aSide.delta, bSide.delta));

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

/** One side's change blocks, walked group by group; `delta` is how far its lines have moved from base's so far. */
class SideCursor {
  private next = 0;
  delta = 0;
  /** Blocks of this side in the current group, and their line delta. */
  inGroup = 0;
  private groupDelta = 0;
  /** Whether the last take() took a block. */
  grew = false;

  constructor(private readonly blocks: readonly ChangeBlock[]) {}

  done(): boolean {
    return this.next >= this.blocks.length;
  }

  nextStart(): number {
    return this.blocks[this.next]?.oldStart ?? Infinity;
  }

  startGroup(): void {
    this.inGroup = 0;
    this.groupDelta = 0;
  }

  /** Takes the blocks that start inside the group or right at its end; returns the group's new end. */
  take(groupEnd: number): number {
    this.grew = false;
    let end = groupEnd;
    for (let block = this.blocks[this.next]; block && block.oldStart <= end; block = this.blocks[this.next]) {
      end = Math.max(end, block.oldEnd);
      this.groupDelta += block.newEnd - block.newStart - (block.oldEnd - block.oldStart);
      this.next++;
      this.inGroup++;
      this.grew = true;
    }
    return end;
  }

  /** The group's lines on this side. */
  span(groupStart: number, groupEnd: number): Span {
    return [groupStart + this.delta, groupEnd + this.delta + this.groupDelta];
  }

  endGroup(): void {
    this.delta += this.groupDelta;
  }
}
