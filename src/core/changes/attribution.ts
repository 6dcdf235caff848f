import type { RawHunk } from './diff';
import { diffLineTokens, wholeFileRuns, type LineDiffLimits } from './line-diff';
import type { Merge3Region } from './merge3';
import { splitLines } from './text';

/**
 * Blame for proposals: who introduced each line of a file's proposed content,
 * and who deleted lines at each gap between lines. Owners are indices into the
 * file's provenance list. This is what gives every hunk its own provenance
 * when several workers (or one worker for several reasons) edit one file.
 */
export interface Attribution {
  /** Per line of the current content; empty = from the base. */
  lines: ReadonlyArray<readonly number[]>;
  /** Per gap: gaps[k] is before line k, so there are lines.length + 1. */
  gaps: ReadonlyArray<readonly number[]>;
}

const NONE: readonly number[] = Object.freeze([]);

export function baseAttribution(text: string | undefined): Attribution {
  const count = splitLines(text ?? '').length;
  return { lines: new Array<readonly number[]>(count).fill(NONE), gaps: new Array<readonly number[]>(count + 1).fill(NONE) };
}

/** Attribution after `owner` turned oldText into newText (undefined = absent). */
export function attributeEdit(
  previous: Attribution,
  oldText: string | undefined,
  newText: string | undefined,
  owner: number,
  limits: LineDiffLimits,
): Attribution {
  const oldLines = splitLines(oldText ?? '');
  const newLines = splitLines(newText ?? '');
  const runs = diffLineTokens(oldLines, newLines, limits) ?? wholeFileRuns(oldLines.length, newLines.length);
  const mine: readonly number[] = Object.freeze([owner]);
  const lines: Array<readonly number[]> = [];
  const gaps: Array<readonly number[]> = [];
  let pending = new Set(previous.gaps[0] ?? NONE);
  let oldIndex = 0;
  for (const run of runs) {
    for (let c = 0; c < run.count; c++) {
      if (run.kind === 'equal') {
        gaps.push(frozen(pending));
        lines.push(previous.lines[oldIndex] ?? NONE);
        oldIndex++;
        pending = new Set(previous.gaps[oldIndex] ?? NONE);
      } else if (run.kind === 'delete') {
        pending.add(owner);
        oldIndex++;
        for (const o of previous.gaps[oldIndex] ?? NONE) pending.add(o);
      } else {
        gaps.push(frozen(pending));
        pending = new Set();
        lines.push(mine);
      }
    }
  }
  gaps.push(frozen(pending));
  return { lines, gaps };
}

/** Owners of a hunk of the base→current diff: who added its lines and who deleted at its gaps. */
export function hunkOwners(attribution: Attribution, hunk: RawHunk): number[] {
  const owners = new Set<number>();
  let newPos = hunk.newStart;
  for (const line of hunk.lines) {
    if (line.kind === 'remove') {
      for (const o of attribution.gaps[newPos] ?? NONE) owners.add(o);
    } else {
      if (line.kind === 'add') for (const o of attribution.lines[newPos] ?? NONE) owners.add(o);
      newPos++;
    }
  }
  return [...owners].sort((x, y) => x - y);
}

/** Owners of lines and gaps in a line span [start, end) (gaps start..end inclusive). */
export function spanOwners(attribution: Attribution, start: number, end: number): number[] {
  const owners = new Set<number>();
  for (let k = start; k < end; k++) for (const o of attribution.lines[k] ?? NONE) owners.add(o);
  for (let k = start; k <= end; k++) for (const o of attribution.gaps[k] ?? NONE) owners.add(o);
  return [...owners].sort((x, y) => x - y);
}

/** Remaps owner indices (e.g. from a layer's provenance list to its parent's). */
export function remapAttribution(attribution: Attribution, map: (owner: number) => number): Attribution {
  const cache = new Map<readonly number[], readonly number[]>();
  const remap = (owners: readonly number[]): readonly number[] => {
    if (owners.length === 0) return NONE;
    let mapped = cache.get(owners);
    if (!mapped) cache.set(owners, (mapped = Object.freeze(owners.map(map))));
    return mapped;
  };
  return { lines: attribution.lines.map(remap), gaps: attribution.gaps.map(remap) };
}

/**
 * Attribution of a clean three-way merge: lines of each region come from the
 * side the merge took them from (b for 'b' regions, a otherwise).
 */
export function mergeAttribution(regions: readonly Merge3Region[], a: Attribution, b: Attribution): Attribution {
  const lines: Array<readonly number[]> = [];
  const gaps: Array<readonly number[]> = [NONE];
  for (const region of regions) {
    if (region.kind === 'conflict') throw new Error('mergeAttribution needs a clean merge');
    const [side, span] = region.kind === 'b' ? [b, region.b] : [a, region.a];
    const at = lines.length;
    gaps[at] = union(gaps[at] ?? NONE, side.gaps[span[0]] ?? NONE);
    for (let k = span[0]; k < span[1]; k++) {
      lines.push(side.lines[k] ?? NONE);
      gaps.push(side.gaps[k + 1] ?? NONE);
    }
  }
  return { lines, gaps };
}

function union(x: readonly number[], y: readonly number[]): readonly number[] {
  if (y.length === 0) return x;
  if (x.length === 0) return y;
  return frozen(new Set([...x, ...y]));
}

function frozen(set: ReadonlySet<number>): readonly number[] {
  return set.size === 0 ? NONE : Object.freeze([...set].sort((x, y) => x - y));
}

/** Compact JSON form: lines run-length encoded, only non-empty gaps. */
export interface AttributionJson {
  lines: Array<[count: number, owners: number[]]>;
  gaps: Array<[index: number, owners: number[]]>;
}

export function attributionToJson(attribution: Attribution): AttributionJson {
  const lines: AttributionJson['lines'] = [];
  for (const owners of attribution.lines) {
    const last = lines[lines.length - 1];
    if (last && sameOwners(last[1], owners)) last[0]++;
    else lines.push([1, [...owners]]);
  }
  const gaps: AttributionJson['gaps'] = [];
  attribution.gaps.forEach((owners, index) => {
    if (owners.length > 0) gaps.push([index, [...owners]]);
  });
  return { lines, gaps };
}

/** Undefined when the JSON does not fit a content of `lineCount` lines or names unknown owners. */
export function attributionFromJson(json: AttributionJson, lineCount: number, ownerCount: number): Attribution | undefined {
  const valid = (owners: number[]): boolean => owners.every((o) => o < ownerCount);
  const lines: Array<readonly number[]> = [];
  for (const [count, owners] of json.lines) {
    if (!valid(owners)) return undefined;
    const shared = owners.length === 0 ? NONE : Object.freeze([...owners]);
    for (let c = 0; c < count; c++) lines.push(shared);
  }
  if (lines.length !== lineCount) return undefined;
  const gaps = new Array<readonly number[]>(lineCount + 1).fill(NONE);
  for (const [index, owners] of json.gaps) {
    if (index > lineCount || !valid(owners)) return undefined;
    gaps[index] = Object.freeze([...owners]);
  }
  return { lines, gaps };
}

function sameOwners(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((o, i) => o === y[i]);
}
