/**
 * Whole-line matching of oldText at three growing tolerances:
 *   trailing-whitespace: lines equal after trimming their ends;
 *   indentation: lines equal after trimming both sides, with indents that map consistently;
 *   blank-lines: as indentation, with blank lines ignored on both sides.
 * Each level finds every match, so callers can refuse anything not unique.
 */
import { consistentMapping, type IndentPair } from './edit-indent';
import { isBlank, leadingWhitespace, type Line } from './edit-lines';

export type LineLevel = 'trailing-whitespace' | 'indentation' | 'blank-lines';

export interface LineMatch {
  level: LineLevel;
  /** 0-based, inclusive file line range replaced. */
  start: number;
  end: number;
  /** File line of oldText's first non-blank line: identifies the match across levels. */
  anchorLine: number;
  /** File line paired with each old line (undefined for old blank lines skipped at blank-lines level). */
  pairs: Array<number | undefined>;
  mapping: Map<string, string>;
}

export class LineIndex {
  private readonly byTrimmed = new Map<string, number[]>();
  readonly trimmed: string[];

  constructor(readonly lines: readonly Line[]) {
    this.trimmed = lines.map((l) => l.text.trim());
    this.trimmed.forEach((text, i) => {
      const list = this.byTrimmed.get(text);
      if (list) list.push(i);
      else this.byTrimmed.set(text, [i]);
    });
  }

  positionsOf(trimmedText: string): readonly number[] {
    return this.byTrimmed.get(trimmedText) ?? [];
  }
}

function mappingOf(oldLines: readonly string[], fileLines: readonly Line[], pairs: Array<number | undefined>) {
  const indentPairs: IndentPair[] = [];
  pairs.forEach((f, k) => {
    if (f === undefined || isBlank(oldLines[k]!)) return;
    indentPairs.push({ old: leadingWhitespace(oldLines[k]!), file: leadingWhitespace(fileLines[f]!.text) });
  });
  return consistentMapping(indentPairs);
}

/** Every match of oldLines at one level, in file order. */
export function findLineMatches(index: LineIndex, oldLines: readonly string[], level: LineLevel): LineMatch[] {
  const anchor = oldLines.findIndex((l) => !isBlank(l));
  if (anchor < 0) return [];
  const anchorText = oldLines[anchor]!.trim();
  const matches: LineMatch[] = [];
  for (const at of index.positionsOf(anchorText)) {
    const match = level === 'blank-lines' ? matchSkippingBlanks(index, oldLines, anchor, at) : matchStrict(index, oldLines, anchor, at, level);
    if (match) matches.push(match);
  }
  return matches;
}

function matchStrict(
  index: LineIndex,
  oldLines: readonly string[],
  anchor: number,
  at: number,
  level: LineLevel,
): LineMatch | undefined {
  const start = at - anchor;
  const end = start + oldLines.length - 1;
  if (start < 0 || end >= index.lines.length) return undefined;
  const pairs: number[] = [];
  for (let k = 0; k < oldLines.length; k++) {
    const old = oldLines[k]!;
    const file = index.lines[start + k]!.text;
    const same = level === 'trailing-whitespace' ? old.trimEnd() === file.trimEnd() : old.trim() === index.trimmed[start + k];
    if (!same) return undefined;
    pairs.push(start + k);
  }
  const mapping = mappingOf(oldLines, index.lines, pairs);
  if (!mapping) return undefined;
  return { level, start, end, anchorLine: at, pairs, mapping };
}

function matchSkippingBlanks(
  index: LineIndex,
  oldLines: readonly string[],
  anchor: number,
  at: number,
): LineMatch | undefined {
  // The anchor is the first non-blank old line, so the match starts at `at`.
  const pairs: Array<number | undefined> = oldLines.map(() => undefined);
  let f = at;
  let last = at;
  for (let k = anchor; k < oldLines.length; k++) {
    const old = oldLines[k]!;
    if (isBlank(old)) continue;
    while (f < index.lines.length && index.trimmed[f] === '') f++;
    if (f >= index.lines.length || index.trimmed[f] !== old.trim()) return undefined;
    pairs[k] = f;
    last = f;
    f++;
  }
  const mapping = mappingOf(oldLines, index.lines, pairs);
  if (!mapping) return undefined;
  return { level: 'blank-lines', start: at, end: last, anchorLine: at, pairs, mapping };
}
