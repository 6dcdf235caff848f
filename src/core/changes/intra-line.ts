import { diffWordsWithSpace } from 'diff';

/**
 * Intra-line highlights for a removed line paired with an added line: the
 * [start, end) character ranges that differ, for the review UI. Bounded in
 * cost: long lines are skipped and the word diff gives up past a small edit
 * length. Lines that share too little are left unhighlighted (the whole line
 * changed; highlighting fragments of it would only be noise).
 */

export interface IntraLineLimits {
  /** Lines longer than this (in characters) get no highlights. */
  intraLineMaxLineLength: number;
  /** Word-level edits explored before giving up on a pair. */
  intraLineMaxEditLength: number;
}

export type Range = [start: number, end: number];

/** Below this share of unchanged characters a pair is not highlighted. */
const MIN_SIMILARITY = 0.3;

export function intraLineRanges(
  oldText: string,
  newText: string,
  limits: IntraLineLimits,
): { old: Range[]; new: Range[] } | undefined {
  if (oldText.length > limits.intraLineMaxLineLength || newText.length > limits.intraLineMaxLineLength) return undefined;
  if (oldText === newText) return { old: [], new: [] };
  const changes = diffWordsWithSpace(oldText, newText, { maxEditLength: limits.intraLineMaxEditLength });
  if (!changes) return undefined;

  const oldRanges: Range[] = [];
  const newRanges: Range[] = [];
  let oldPos = 0;
  let newPos = 0;
  let common = 0;
  for (const change of changes) {
    const length = change.value.length;
    if (change.removed) {
      pushRange(oldRanges, oldPos, oldPos + length);
      oldPos += length;
    } else if (change.added) {
      pushRange(newRanges, newPos, newPos + length);
      newPos += length;
    } else {
      common += length;
      oldPos += length;
      newPos += length;
    }
  }
  const total = oldText.length + newText.length;
  if (total > 0 && (2 * common) / total < MIN_SIMILARITY) return undefined;
  return { old: oldRanges, new: newRanges };
}

/** Appends [start, end), joining it to the previous range when they touch. */
function pushRange(ranges: Range[], start: number, end: number): void {
  if (end <= start) return;
  const last = ranges[ranges.length - 1];
  if (last && last[1] === start) last[1] = end;
  else ranges.push([start, end]);
}
