/**
 * Where oldText most nearly occurs, for the "not found" answer: a vote of
 * exactly matching (trimmed) lines per window start, then a bounded fuzzy
 * scan of single lines when no line matches at all. Cost stays linear in
 * the file plus a fixed budget, whatever the input.
 */
import { isBlank } from './edit-lines';

export interface EditCandidate {
  /** 1-based first line of the candidate region. */
  line: number;
  /** 1-based last line, when the candidate is a region. */
  endLine?: number;
  text: string;
  /** 0..1: share of oldText's lines found there (or line similarity). */
  score: number;
}

export interface FirstDifference {
  /** 1-based line in the file. */
  line: number;
  fileText: string;
  oldText: string;
}

export interface NearestResult {
  candidates: EditCandidate[];
  /** Where the best region departs from oldText. */
  difference?: FirstDifference;
}

const MAX_OLD_LINES = 200;
const MAX_HITS_PER_LINE = 40;
const FUZZY_CHAR_BUDGET = 2_000_000;
const MAX_CANDIDATES = 3;

export function nearestCandidates(fileLines: readonly string[], oldLines: readonly string[]): NearestResult {
  const old = oldLines
    .map((text, index) => ({ text: text.trim(), index }))
    .filter((l) => l.text !== '')
    .slice(0, MAX_OLD_LINES);
  if (old.length === 0) return { candidates: [] };
  const positions = new Map<string, number[]>();
  const wanted = new Set(old.map((l) => l.text));
  fileLines.forEach((line, i) => {
    const key = line.trim();
    if (!wanted.has(key)) return;
    const list = positions.get(key);
    if (list) list.push(i);
    else positions.set(key, [i]);
  });
  // Walk oldText's non-blank lines against the file's non-blank lines from each voted start.
  const nonBlank: number[] = [];
  const rankOf = new Map<number, number>();
  fileLines.forEach((line, i) => {
    if (!isBlank(line)) {
      rankOf.set(i, nonBlank.length);
      nonBlank.push(i);
    }
  });
  const votes = new Map<number, number>();
  old.forEach((l, k) => {
    const hits = positions.get(l.text);
    if (!hits || hits.length > MAX_HITS_PER_LINE) return;
    for (const i of hits) {
      const start = rankOf.get(i)! - k;
      if (start >= 0) votes.set(start, (votes.get(start) ?? 0) + 1);
    }
  });
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_CANDIDATES);
  if (best.length > 0) {
    const candidates = best.map(([rank, count]) => {
      const first = nonBlank[rank]!;
      const last = nonBlank[Math.min(nonBlank.length - 1, rank + old.length - 1)]!;
      return { line: first + 1, endLine: last + 1, text: fileLines[first]!.trim(), score: count / old.length };
    });
    return { candidates, difference: firstDifference(fileLines, nonBlank, best[0]![0], old) };
  }
  return { candidates: fuzzyLines(fileLines, old) };
}

function firstDifference(
  fileLines: readonly string[],
  nonBlank: readonly number[],
  rank: number,
  old: ReadonlyArray<{ text: string }>,
): FirstDifference | undefined {
  for (let k = 0; k < old.length; k++) {
    const i = nonBlank[rank + k];
    if (i === undefined) return { line: fileLines.length, fileText: '(end of file)', oldText: old[k]!.text };
    if (fileLines[i]!.trim() !== old[k]!.text) return { line: i + 1, fileText: fileLines[i]!.trim(), oldText: old[k]!.text };
  }
  return undefined;
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice on character bigrams. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = bigrams(a);
  let common = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = ga.get(g);
    if (n) {
      common++;
      ga.set(g, n - 1);
    }
  }
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

function fuzzyLines(fileLines: readonly string[], old: ReadonlyArray<{ text: string }>): EditCandidate[] {
  // The longest line of oldText is the most distinctive one to look for.
  const probe = old.reduce((a, b) => (b.text.length > a.text.length ? b : a)).text;
  let budget = FUZZY_CHAR_BUDGET;
  const scored: EditCandidate[] = [];
  for (let i = 0; i < fileLines.length && budget > 0; i++) {
    const text = fileLines[i]!.trim();
    if (text.length < probe.length / 2 || text.length > probe.length * 2) continue;
    budget -= text.length + probe.length;
    const score = similarity(probe, text);
    if (score >= 0.5) scored.push({ line: i + 1, text, score });
  }
  return scored.sort((a, b) => b.score - a.score || a.line - b.line).slice(0, MAX_CANDIDATES);
}
