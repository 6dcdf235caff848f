/**
 * Finds where an edit_file call applies and produces the edited content.
 *
 * Order: the exact text (also with the file's line endings); then whole-line
 * matching that tolerates trailing whitespace, indentation drift (including
 * tabs vs spaces) and blank-line differences. Nothing is guessed: every
 * non-blank line of oldText must be in the file, in order, and a tolerant
 * match must be unique even at the loosest level. When in doubt, refuse with
 * line numbers the model can act on.
 */
import { nearestCandidates, type EditCandidate } from './edit-candidates';
import { findLineMatches, LineIndex, type LineLevel, type LineMatch } from './edit-line-match';
import { joinLines, lineOfOffset, splitLines, toLf, type Line } from './edit-lines';
import { replacementTexts, spliceLines, trimMirroredBlankEdges } from './edit-replace';
import { elisionLines } from './elision';

export type { EditCandidate } from './edit-candidates';

export type EditStrategy = 'exact' | 'line-endings' | LineLevel;

export interface EditMatchRange {
  /** 1-based, inclusive, in the original content. */
  startLine: number;
  endLine: number;
  /** 1-based, inclusive, in the edited content (endLine < startLine when lines were deleted). */
  newStartLine: number;
  newEndLine: number;
}

export type EditFailureReason = 'not_found' | 'ambiguous' | 'empty' | 'no_change' | 'elision';

export type FindEditResult =
  | { ok: true; content: string; matches: EditMatchRange[]; strategy: EditStrategy }
  | { ok: false; reason: EditFailureReason; message: string; candidates: EditCandidate[] };

export interface FindEditOptions {
  replaceAll?: boolean;
}

const MAX_LISTED_PLACES = 10;

function fail(reason: EditFailureReason, message: string, candidates: EditCandidate[] = []): FindEditResult {
  return { ok: false, reason, message, candidates };
}

function linesWithoutFinalNewline(text: string): string[] {
  const lf = toLf(text);
  if (lf === '') return [];
  return (lf.endsWith('\n') ? lf.slice(0, -1) : lf).split('\n');
}

function listPlaces(lines: number[]): string {
  const shown = lines.slice(0, MAX_LISTED_PLACES).join(', ');
  return lines.length > MAX_LISTED_PLACES ? `${shown} and ${lines.length - MAX_LISTED_PLACES} more` : shown;
}

function ambiguous(lines: number[], candidates: EditCandidate[]): FindEditResult {
  return fail(
    'ambiguous',
    `oldText matches ${lines.length} places (starting at lines ${listPlaces(lines)}). ` +
      'Include more surrounding lines in oldText so it matches exactly one place, ' +
      'or set replaceAll: true to change every occurrence.',
    candidates,
  );
}

export function findEdit(content: string, oldText: string, newText: string, options: FindEditOptions = {}): FindEditResult {
  if (oldText.trim() === '') {
    return fail(
      'empty',
      'oldText is empty or only whitespace. Put the exact existing lines to replace in oldText ' +
        '(to insert, include a neighbouring line and repeat it in newText); use create_file for new files.',
    );
  }
  if (toLf(oldText) === toLf(newText)) return fail('no_change', 'oldText and newText are identical: nothing to change.');
  const placeholder = introducedPlaceholder(oldText, newText);
  if (placeholder) return placeholder;

  const exact = exactEdit(content, oldText, newText, options, 'exact');
  if (exact) return exact;
  if (content.includes('\r\n') && !oldText.includes('\r')) {
    const crlf = (t: string) => toLf(t).replace(/\n/g, '\r\n');
    const viaCrlf = exactEdit(content, crlf(oldText), crlf(newText), options, 'line-endings');
    if (viaCrlf) return viaCrlf;
  } else if (!content.includes('\r') && oldText.includes('\r\n')) {
    const viaLf = exactEdit(content, toLf(oldText), toLf(newText), options, 'line-endings');
    if (viaLf) return viaLf;
  }
  return lineEdit(content, oldText, newText, options);
}

/** A placeholder comment in newText that oldText does not have would replace real code. */
function introducedPlaceholder(oldText: string, newText: string): FindEditResult | undefined {
  const inOld = new Set(elisionLines(oldText).map((l) => l.text));
  const added = elisionLines(newText).find((l) => l.kind === 'comment' && !inOld.has(l.text));
  if (!added) return undefined;
  return fail(
    'elision',
    `newText contains a placeholder ("${added.text}" on its line ${added.index + 1}). edit_file writes newText ` +
      'literally, so the placeholder would replace real code. Write out the full replacement text, ' +
      'or make a smaller edit whose oldText covers only the lines that change.',
  );
}

function exactEdit(
  content: string,
  oldText: string,
  newText: string,
  options: FindEditOptions,
  strategy: EditStrategy,
): FindEditResult | undefined {
  const offsets: number[] = [];
  for (let at = content.indexOf(oldText); at >= 0; at = content.indexOf(oldText, at + oldText.length)) {
    offsets.push(at);
    if (!options.replaceAll && offsets.length > MAX_LISTED_PLACES) break;
  }
  if (offsets.length === 0) return undefined;
  if (offsets.length > 1 && !options.replaceAll) {
    const all: number[] = [];
    for (let at = content.indexOf(oldText); at >= 0; at = content.indexOf(oldText, at + oldText.length)) all.push(at);
    return ambiguous(all.map((o) => lineOfOffset(content, o)), []);
  }
  let out = '';
  let last = 0;
  const matches: EditMatchRange[] = [];
  const oldSpan = (oldText.match(/\n/g) ?? []).length;
  const newSpan = (newText.match(/\n/g) ?? []).length;
  let line = 1;
  let lineAt = 0;
  let shift = 0;
  for (const at of offsets) {
    for (let i = content.indexOf('\n', lineAt); i >= 0 && i < at; i = content.indexOf('\n', i + 1)) {
      line++;
      lineAt = i + 1;
    }
    const [start, end] = newText === '' ? wholeLineDeletion(content, at, at + oldText.length) : [at, at + oldText.length];
    const removesLines = start !== at || end !== at + oldText.length || (oldText.endsWith('\n') && newText === '');
    matches.push({
      startLine: line,
      endLine: line + oldSpan - (oldText.endsWith('\n') ? 1 : 0),
      newStartLine: line + shift,
      newEndLine: removesLines ? line + shift - 1 : line + shift + newSpan - (newText.endsWith('\n') ? 1 : 0),
    });
    shift += removesLines ? -(content.slice(start, end).match(/\n/g) ?? []).length : newSpan - oldSpan;
    out += content.slice(last, start) + newText;
    last = end;
  }
  out += content.slice(last);
  if (out === content) return fail('no_change', 'The edit leaves the file unchanged.');
  return { ok: true, content: out, matches, strategy };
}

/**
 * Deleting text that spans whole lines (only indentation before it, a line end
 * after it) removes those lines entirely, not just their text: no indentation
 * left stranded on a neighbouring line, no empty line left behind.
 */
function wholeLineDeletion(content: string, start: number, end: number): [number, number] {
  const lineStart = content.lastIndexOf('\n', start - 1) + 1;
  if (!/^[ \t]*$/.test(content.slice(lineStart, start))) return [start, end];
  if (content[end - 1] === '\n') return [lineStart, end];
  if (content.startsWith('\r\n', end)) return [lineStart, end + 2];
  if (content[end] === '\n') return [lineStart, end + 1];
  if (end === content.length) {
    // The last line: take the line break before it instead.
    const before = lineStart >= 2 && content[lineStart - 2] === '\r' ? 2 : 1;
    return [Math.max(0, lineStart - before), end];
  }
  return [start, end];
}

const LEVELS: LineLevel[] = ['trailing-whitespace', 'indentation', 'blank-lines'];

function lineEdit(content: string, oldText: string, newText: string, options: FindEditOptions): FindEditResult {
  const fileLines = splitLines(content);
  const index = new LineIndex(fileLines);
  const oldLines = linesWithoutFinalNewline(oldText);
  const newLines = linesWithoutFinalNewline(newText);
  const byLevel = new Map<LineLevel, LineMatch[]>(LEVELS.map((level) => [level, findLineMatches(index, oldLines, level)]));
  const loosest = byLevel.get('blank-lines')!;
  if (loosest.length === 0) return notFound(fileLines, oldLines, oldText);

  let chosen: LineMatch[];
  if (options.replaceAll) {
    chosen = LEVELS.map((level) => byLevel.get(level)!).find((m) => m.length > 0)!;
  } else {
    if (loosest.length > 1) {
      const lines = loosest.map((m) => m.anchorLine + 1);
      return ambiguous(lines, loosest.slice(0, MAX_LISTED_PLACES).map((m) => ({ line: m.anchorLine + 1, endLine: m.end + 1, text: fileLines[m.anchorLine]!.text.trim(), score: 1 })));
    }
    const anchor = loosest[0]!.anchorLine;
    chosen = [LEVELS.map((level) => byLevel.get(level)!.find((m) => m.anchorLine === anchor)).find((m) => m !== undefined)!];
  }
  if (overlapping(chosen)) {
    return fail('ambiguous', 'oldText matches overlapping places, so replaceAll cannot tell them apart. Use a longer, non-overlapping oldText.');
  }
  const strategy = chosen[0]!.level;
  // Apply bottom-up so earlier line numbers stay valid.
  let lines: Line[] = fileLines;
  const replaced: Array<{ match: LineMatch; count: number }> = [];
  for (const match of [...chosen].sort((a, b) => b.start - a.start)) {
    const wanted = match.level === 'blank-lines' ? trimMirroredBlankEdges(oldLines, newLines) : newLines;
    const texts = replacementTexts(match, oldLines, wanted, fileLines);
    lines = spliceLines(lines, match.start, match.end, texts);
    replaced.push({ match, count: texts.length });
  }
  const edited = joinLines(lines);
  if (edited === content) return fail('no_change', 'The edit leaves the file unchanged.');
  let shift = 0;
  const matches = replaced.reverse().map(({ match, count }) => {
    const range = {
      startLine: match.start + 1,
      endLine: match.end + 1,
      newStartLine: match.start + 1 + shift,
      newEndLine: match.start + shift + count,
    };
    shift += count - (match.end - match.start + 1);
    return range;
  });
  return { ok: true, content: edited, matches, strategy };
}

function overlapping(matches: readonly LineMatch[]): boolean {
  const sorted = [...matches].sort((a, b) => a.start - b.start);
  return sorted.some((m, i) => i > 0 && m.start <= sorted[i - 1]!.end);
}

function notFound(fileLines: readonly Line[], oldLines: readonly string[], oldText: string): FindEditResult {
  const { candidates, difference } = nearestCandidates(
    fileLines.map((l) => l.text),
    oldLines,
  );
  const parts = ['oldText was not found in the file (tried exact, whitespace- and indentation-tolerant matching).'];
  const elided = elisionLines(oldText);
  if (elided.length > 0) {
    parts.push(
      `oldText contains a placeholder ("${elided[0]!.text}"): edit_file needs the exact existing text, without elisions. ` +
        'Copy every line you replace, or split the edit into smaller ones.',
    );
  }
  const best = candidates[0];
  if (best && best.endLine !== undefined) {
    const share = Math.round(best.score * 100);
    parts.push(`Closest region: lines ${best.line}-${best.endLine} (${share}% of oldText's lines match there).`);
    if (difference) {
      parts.push(`First difference at line ${difference.line}:\n  file:    ${difference.fileText}\n  oldText: ${difference.oldText}`);
    }
  } else if (candidates.length > 0) {
    parts.push('Most similar lines:\n' + candidates.map((c) => `  ${c.line}: ${c.text}`).join('\n'));
  }
  parts.push('Read the file again (read_file) and copy oldText exactly from it.');
  return fail('not_found', parts.join('\n'), candidates);
}
