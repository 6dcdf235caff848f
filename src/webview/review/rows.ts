import type { LineView } from '../review-protocol';

/**
 * The rows a hunk renders as, for the unified and the side-by-side views.
 * Pure (no DOM) so its cost on a large change set is measured in Node; the
 * DOM code only turns rows into elements.
 */

/** A piece of a line's text; `hl` marks an intra-line change. */
export interface Segment {
  text: string;
  hl: boolean;
}

export type RowKind = 'context' | 'add' | 'remove';

export interface UnifiedRow {
  kind: RowKind;
  old?: number;
  new?: number;
  segments: Segment[];
  noNewline?: boolean;
}

export interface SideCell {
  kind: RowKind;
  line: number | undefined;
  segments: Segment[];
  noNewline?: boolean;
}

/** One row of the side-by-side view; a side is absent where the other side has a line with no partner. */
export interface SplitRow {
  left?: SideCell;
  right?: SideCell;
}

const KIND: Record<LineView['k'], RowKind> = { c: 'context', a: 'add', r: 'remove' };

/** Splits a line into highlighted and plain segments; ranges are clamped and ordered defensively. */
export function segments(text: string, ranges: LineView['hl']): Segment[] {
  if (!ranges || ranges.length === 0) return [{ text, hl: false }];
  const out: Segment[] = [];
  let pos = 0;
  for (const [rawStart, rawEnd] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const start = Math.max(pos, Math.min(rawStart, text.length));
    const end = Math.max(start, Math.min(rawEnd, text.length));
    if (start > pos) out.push({ text: text.slice(pos, start), hl: false });
    if (end > start) out.push({ text: text.slice(start, end), hl: true });
    pos = end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), hl: false });
  return out.length > 0 ? out : [{ text: '', hl: false }];
}

export function unifiedRows(lines: readonly LineView[]): UnifiedRow[] {
  return lines.map((line) => ({
    kind: KIND[line.k],
    ...(line.o !== undefined && line.k !== 'a' ? { old: line.o } : {}),
    ...(line.n !== undefined && line.k !== 'r' ? { new: line.n } : {}),
    segments: segments(line.t, line.hl),
    ...(line.nonl ? { noNewline: true } : {}),
  }));
}

function cell(line: LineView, side: 'old' | 'new'): SideCell {
  return {
    kind: KIND[line.k],
    line: side === 'old' ? line.o : line.n,
    segments: segments(line.t, line.hl),
    ...(line.nonl ? { noNewline: true } : {}),
  };
}

/** Context lines sit on both sides; each run of removals is paired with the additions after it. */
export function splitRows(lines: readonly LineView[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.k === 'c') {
      rows.push({ left: cell(line, 'old'), right: cell(line, 'new') });
      i++;
      continue;
    }
    const removed: LineView[] = [];
    const added: LineView[] = [];
    while (i < lines.length && lines[i]!.k === 'r') removed.push(lines[i++]!);
    while (i < lines.length && lines[i]!.k === 'a') added.push(lines[i++]!);
    for (let p = 0; p < Math.max(removed.length, added.length); p++) {
      const left = removed[p];
      const right = added[p];
      rows.push({ ...(left ? { left: cell(left, 'old') } : {}), ...(right ? { right: cell(right, 'new') } : {}) });
    }
  }
  return rows;
}
