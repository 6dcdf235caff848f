import type { Hunk } from '../../core/changes/types';

/**
 * Where a hunk sits in a document, 0-based: in the file as it was (old side,
 * the user's file when unchanged since the proposal) or in the proposal (new
 * side). Pure, for the inline review's lenses, decorations and navigation.
 */

export type Side = 'old' | 'new';

export interface HunkPlace {
  hunkId: string;
  /** First changed line (0-based): where the lens goes and navigation lands. */
  start: number;
  /** Last line the hunk covers on this side (>= start). */
  end: number;
  /** Lines this side loses (old) or gains (new), 0-based. */
  changed: number[];
  /** On the old side: runs of added lines, anchored on the line they follow (-1 = top of file). */
  insertions: Array<{ after: number; lines: string[] }>;
}

export function hunkPlace(hunk: Hunk, side: Side): HunkPlace {
  const leading = hunk.lines.findIndex((l) => l.kind !== 'context');
  const startNumber = side === 'old' ? hunk.oldStart : hunk.newStart;
  const start = Math.max(0, startNumber - 1 + Math.max(0, leading));
  const changed: number[] = [];
  const insertions: HunkPlace['insertions'] = [];
  let lastOld = -1;
  for (const line of hunk.lines) {
    if (side === 'old') {
      if (line.kind !== 'add' && line.oldLine !== undefined) lastOld = line.oldLine - 1;
      if (line.kind === 'remove' && line.oldLine !== undefined) changed.push(line.oldLine - 1);
      if (line.kind === 'add') {
        const last = insertions[insertions.length - 1];
        const anchor = lastOld;
        if (last && last.after === anchor) last.lines.push(line.text);
        else insertions.push({ after: anchor, lines: [line.text] });
      }
    } else if (line.kind === 'add' && line.newLine !== undefined) {
      changed.push(line.newLine - 1);
    }
  }
  const lastChanged = Math.max(start, ...changed, ...insertions.map((i) => i.after));
  return { hunkId: hunk.id, start, end: lastChanged, changed, insertions };
}

/** The hunk at a cursor line: the one covering it, else the next below, else the last. */
export function hunkAt(places: readonly HunkPlace[], line: number): HunkPlace | undefined {
  const sorted = [...places].sort((a, b) => a.start - b.start);
  return sorted.find((p) => line >= p.start && line <= p.end) ?? sorted.find((p) => p.start > line) ?? sorted[sorted.length - 1];
}

/** The next (or previous) hunk start from a cursor line, wrapping around. */
export function nextHunkLine(places: readonly HunkPlace[], line: number, direction: 1 | -1): number | undefined {
  const starts = [...new Set(places.map((p) => p.start))].sort((a, b) => a - b);
  if (starts.length === 0) return undefined;
  if (direction === 1) return starts.find((s) => s > line) ?? starts[0];
  return [...starts].reverse().find((s) => s < line) ?? starts[starts.length - 1];
}
