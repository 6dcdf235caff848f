import type { DiffLine } from '../../core/changes/types';

/** [start, end) of the changed part of a line. */
export type Range = [number, number];

/** Beyond this length a line is highlighted whole: the highlight is a reading aid, not worth the cost. */
const MAX_LINE = 2000;

/**
 * The changed middle of a removed/added line pair: everything between the
 * common prefix and the common suffix. Linear in the line length, so it stays
 * cheap on 20,000 changed lines; word-level diffs are the diff engine's job
 * where it provides ranges.
 */
export function changedMiddle(before: string, after: string): { before: Range; after: Range } | undefined {
  if (before === after || before.length > MAX_LINE || after.length > MAX_LINE) return undefined;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // Nothing in common: a highlight of the whole line says nothing more than the line colour.
  if (prefix === 0 && suffix === 0) return undefined;
  return { before: [prefix, before.length - suffix], after: [prefix, after.length - suffix] };
}

/**
 * Intra-line ranges for a hunk's lines: each run of removed lines followed by
 * a run of added lines is paired line by line. Returns a sparse array indexed
 * like `lines`.
 */
export function intralineRanges(lines: readonly DiffLine[]): Array<Range[] | undefined> {
  const out: Array<Range[] | undefined> = new Array(lines.length);
  let i = 0;
  while (i < lines.length) {
    if (lines[i]?.kind !== 'remove') {
      i++;
      continue;
    }
    const removeStart = i;
    while (i < lines.length && lines[i]?.kind === 'remove') i++;
    const addStart = i;
    while (i < lines.length && lines[i]?.kind === 'add') i++;
    const pairs = Math.min(addStart - removeStart, i - addStart);
    for (let p = 0; p < pairs; p++) {
      const removed = lines[removeStart + p];
      const added = lines[addStart + p];
      if (!removed || !added) continue;
      const middle = changedMiddle(removed.text, added.text);
      if (!middle) continue;
      if (middle.before[1] > middle.before[0]) out[removeStart + p] = [middle.before];
      if (middle.after[1] > middle.after[0]) out[addStart + p] = [middle.after];
    }
  }
  return out;
}
