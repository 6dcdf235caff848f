/**
 * Indentation of a tolerant match: how the indents of oldText map onto the
 * file's, and how to carry newText's indents over into the file's style.
 * A mapping is only accepted when it keeps the block's shape (same old indent
 * -> same file indent, deeper stays deeper); otherwise the text is not the
 * same code and the match is refused.
 */
import { isBlank, leadingWhitespace } from './edit-lines';

const TAB_COLUMNS = 4;

export function indentColumns(indent: string): number {
  let columns = 0;
  for (const ch of indent) columns += ch === '\t' ? TAB_COLUMNS : 1;
  return columns;
}

export interface IndentPair {
  old: string;
  file: string;
}

/** The old->file indent function of a match, or undefined when the shape differs. */
export function consistentMapping(pairs: readonly IndentPair[]): Map<string, string> | undefined {
  const mapping = new Map<string, string>();
  const byColumns = new Map<number, number>();
  for (const { old, file } of pairs) {
    const known = mapping.get(old);
    if (known !== undefined && known !== file) return undefined;
    mapping.set(old, file);
    const oldCols = indentColumns(old);
    const fileCols = indentColumns(file);
    const knownCols = byColumns.get(oldCols);
    if (knownCols !== undefined && knownCols !== fileCols) return undefined;
    byColumns.set(oldCols, fileCols);
  }
  const sorted = [...byColumns.entries()].sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]![1] <= sorted[i - 1]![1]) return undefined;
  }
  return mapping;
}

/** '\t', a run of spaces, or '' when the lines give no evidence. */
export function detectIndentUnit(lines: readonly string[]): string {
  let tabs = 0;
  const widths: number[] = [];
  for (const line of lines) {
    if (isBlank(line)) continue;
    const indent = leadingWhitespace(line);
    if (indent === '') continue;
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    // JSDoc continuation lines (" * foo") sit one space off the grid.
    if (line.trimStart().startsWith('*')) continue;
    widths.push(indent.length);
  }
  if (tabs > widths.length) return '\t';
  if (widths.length === 0) return '';
  for (const unit of [4, 3, 2]) {
    const fits = widths.filter((w) => w % unit === 0).length;
    if (fits / widths.length >= 0.9) return ' '.repeat(unit);
  }
  return ' '.repeat(Math.max(1, Math.min(...widths)));
}

function levelsOf(indent: string, unit: string): { level: number; rest: string } {
  if (unit === '\t') {
    const tabs = /^\t*/.exec(indent)![0].length;
    return { level: tabs, rest: indent.slice(tabs) };
  }
  const width = unit.length || TAB_COLUMNS;
  const columns = indentColumns(indent);
  return { level: Math.floor(columns / width), rest: ' '.repeat(columns % width) };
}

export interface Reindenter {
  /** The file-style indent for an indent written in oldText/newText style. */
  (indent: string): string;
}

/**
 * Builds the function that translates newText indents. Pure shifts (the
 * whole block moved by some spaces or tabs) stay shifts; anything else
 * (tabs vs spaces, 2 vs 4 columns) is converted level by level from an anchor.
 */
export function makeReindenter(
  mapping: Map<string, string>,
  oldAndNewLines: readonly string[],
  fileLines: readonly string[],
): Reindenter {
  const pairs = [...mapping.entries()].map(([old, file]) => ({ old, file }));
  const shift = pureShift(pairs, oldAndNewLines);
  if (shift) {
    return (indent) => {
      const known = mapping.get(indent);
      if (known !== undefined) return known;
      if (shift.add !== '') return shift.add + indent;
      if (indent.startsWith(shift.remove)) return indent.slice(shift.remove.length);
      return indent.slice(Math.min(indent.length, shift.remove.length));
    };
  }
  const fileUnit = detectIndentUnit(fileLines) || detectIndentUnit(pairs.map((p) => p.file + 'x')) || '\t';
  const oldUnit =
    detectIndentUnit(oldAndNewLines) || (fileUnit === '\t' ? ' '.repeat(TAB_COLUMNS) : fileUnit);
  const anchor = pairs.reduce((a, b) => (indentColumns(b.old) < indentColumns(a.old) ? b : a));
  const anchorOld = levelsOf(anchor.old, oldUnit).level;
  const anchorFile = levelsOf(anchor.file, fileUnit).level;
  return (indent) => {
    const known = mapping.get(indent);
    if (known !== undefined) return known;
    const { level, rest } = levelsOf(indent, oldUnit);
    const target = Math.max(0, anchorFile + level - anchorOld);
    return fileUnit.repeat(target) + rest;
  };
}

/** A common prefix added to (or removed from) every old indent, in the text's own indent character. */
function pureShift(
  pairs: readonly IndentPair[],
  oldAndNewLines: readonly string[],
): { add: string; remove: string } | undefined {
  const first = pairs[0];
  if (!first) return undefined;
  let shift: { add: string; remove: string } | undefined;
  if (first.file.endsWith(first.old)) {
    const add = first.file.slice(0, first.file.length - first.old.length);
    if (pairs.every((p) => p.file === add + p.old)) shift = { add, remove: '' };
  }
  if (!shift && first.old.endsWith(first.file)) {
    const remove = first.old.slice(0, first.old.length - first.file.length);
    if (pairs.every((p) => p.old === remove + p.file)) shift = { add: '', remove };
  }
  if (!shift) return undefined;
  // Only a shift when every indent involved uses one character kind.
  const chars = new Set<string>(shift.add + shift.remove);
  for (const line of oldAndNewLines) {
    if (isBlank(line)) continue;
    for (const ch of leadingWhitespace(line)) chars.add(ch);
  }
  return chars.size <= 1 ? shift : undefined;
}
