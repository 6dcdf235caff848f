/**
 * Builds the file-style lines that replace a tolerant match. Lines newText
 * keeps unchanged from oldText are copied from the file byte for byte (so
 * drift in the model's copy never leaks into the file); new or re-indented
 * lines get the file's indentation through the match's indent mapping.
 */
import { diffArrays } from 'diff';
import { detectIndentUnit, makeReindenter } from './edit-indent';
import { dominantEol, isBlank, leadingWhitespace, type Eol, type Line } from './edit-lines';
import type { LineMatch } from './edit-line-match';

const ALIGN_MAX_EDIT = 4000;

/** newText lines with the blank edges the blank-lines level ignored in oldText removed. */
export function trimMirroredBlankEdges(oldLines: readonly string[], newLines: readonly string[]): string[] {
  const lead = (lines: readonly string[]) => {
    let n = 0;
    while (n < lines.length && isBlank(lines[n]!)) n++;
    return n;
  };
  const trail = (lines: readonly string[]) => {
    let n = 0;
    while (n < lines.length && isBlank(lines[lines.length - 1 - n]!)) n++;
    return n;
  };
  const dropLead = Math.min(lead(oldLines), lead(newLines));
  const rest = newLines.slice(dropLead);
  const dropTrail = Math.min(trail(oldLines), trail(rest));
  return rest.slice(0, rest.length - dropTrail);
}

type Step = { op: 'keep'; k: number; j: number } | { op: 'remove'; k: number } | { op: 'add'; j: number };

/** oldText -> newText as a walk over both, lines compared after trimming. */
function steps(oldLines: readonly string[], newLines: readonly string[]): Step[] {
  const changes = diffArrays(
    oldLines.map((l) => l.trim()),
    newLines.map((l) => l.trim()),
    { maxEditLength: ALIGN_MAX_EDIT },
  );
  const out: Step[] = [];
  if (!changes) {
    // Too different to align: every old line goes, every new line comes.
    oldLines.forEach((_, k) => out.push({ op: 'remove', k }));
    newLines.forEach((_, j) => out.push({ op: 'add', j }));
    return out;
  }
  let k = 0;
  let j = 0;
  for (const change of changes) {
    for (let i = 0; i < change.count; i++) {
      if (change.added) out.push({ op: 'add', j: j++ });
      else if (change.removed) out.push({ op: 'remove', k: k++ });
      else out.push({ op: 'keep', k: k++, j: j++ });
    }
  }
  return out;
}

export function replacementTexts(
  match: LineMatch,
  oldLines: readonly string[],
  newLines: readonly string[],
  fileLines: readonly Line[],
): string[] {
  const region = fileLines.slice(match.start, match.end + 1).map((l) => l.text);
  const unitSource = detectIndentUnit(region) ? region : fileLines.map((l) => l.text);
  const reindent = makeReindenter(match.mapping, [...oldLines, ...newLines], unitSource);
  const out: string[] = [];
  let lastPaired: number | undefined;
  for (const step of steps(oldLines, newLines)) {
    if (step.op !== 'add') {
      const f = match.pairs[step.k];
      if (f !== undefined) {
        // Blank lines of the file that oldText skipped stay where they were.
        if (lastPaired !== undefined) for (let g = lastPaired + 1; g < f; g++) out.push(fileLines[g]!.text);
        lastPaired = f;
      } else if (step.op === 'keep' && isBlank(newLines[step.j]!)) {
        continue; // a blank line oldText (and newText) had where the file has none
      }
    }
    if (step.op === 'remove') continue;
    const k = step.op === 'keep' ? step.k : undefined;
    const f = k === undefined ? undefined : match.pairs[k];
    out.push(lineText(newLines[step.j]!, k, f, oldLines, fileLines, reindent));
  }
  return out;
}

function lineText(
  text: string,
  k: number | undefined,
  f: number | undefined,
  oldLines: readonly string[],
  fileLines: readonly Line[],
  reindent: (indent: string) => string,
): string {
  if (isBlank(text)) return f !== undefined && isBlank(fileLines[f]!.text) ? fileLines[f]!.text : '';
  const indent = leadingWhitespace(text);
  if (f !== undefined && k !== undefined) {
    const fileText = fileLines[f]!.text;
    if (indent === leadingWhitespace(oldLines[k]!)) return fileText;
    return reindent(indent) + fileText.trim();
  }
  return reindent(indent) + text.trim();
}

/** Replaces file lines start..end (inclusive) with texts, in the file's line endings. */
export function spliceLines(lines: readonly Line[], start: number, end: number, texts: readonly string[]): Line[] {
  const out = lines.slice(0, start);
  const after = lines.slice(end + 1);
  if (texts.length === 0) {
    // Deleting the last lines: the line before now ends the file.
    if (after.length === 0 && out.length > 0) out[out.length - 1] = { ...out[out.length - 1]!, eol: '' };
    return [...out, ...after];
  }
  const regionEol: Eol = lines.slice(start, end + 1).find((l) => l.eol !== '')?.eol ?? dominantEol(lines);
  const lastEol = lines[end]!.eol;
  texts.forEach((text, i) => out.push({ text, eol: i === texts.length - 1 ? lastEol : regionEol }));
  return [...out, ...after];
}
