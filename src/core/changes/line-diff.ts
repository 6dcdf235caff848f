import { diffArrays } from 'diff';

/**
 * A bounded line diff: the single place where jsdiff's Myers diff runs over
 * lines, shared by hunks, merges and attribution. jsdiff gives up (returns
 * undefined) past `maxEditLength` edits or `timeoutMs`; callers then fall back
 * to treating the whole file as replaced, so a pathological file never hangs a run.
 */

export interface LineDiffLimits {
  /** Most line insertions + deletions jsdiff explores before giving up. */
  maxEditLength: number;
  /** Wall-clock cap of one line diff, in ms. */
  timeoutMs: number;
}

/** A run of lines: kept, inserted (in b only) or deleted (in a only). */
export interface LineRun {
  kind: 'equal' | 'insert' | 'delete';
  count: number;
}

/**
 * Runs from a to b, or undefined when the limits were hit. Within a change
 * block, deletions always come before insertions.
 */
export function diffLineTokens(a: readonly string[], b: readonly string[], limits: LineDiffLimits): LineRun[] | undefined {
  // Trim the common prefix and suffix: cheap, and it keeps Myers' work to the changed middle.
  let prefix = 0;
  const max = Math.min(a.length, b.length);
  while (prefix < max && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const runs: LineRun[] = [];
  const push = (kind: LineRun['kind'], count: number): void => {
    if (count > 0) runs.push({ kind, count });
  };
  push('equal', prefix);

  const aMid = a.length - prefix - suffix;
  const bMid = b.length - prefix - suffix;
  if (aMid === 0 || bMid === 0) {
    push('delete', aMid);
    push('insert', bMid);
  } else {
    // Interned ids make the comparisons integer compares.
    const ids = new Map<string, number>();
    const intern = (line: string): number => {
      let id = ids.get(line);
      if (id === undefined) ids.set(line, (id = ids.size));
      return id;
    };
    const aIds = a.slice(prefix, a.length - suffix).map(intern);
    const bIds = b.slice(prefix, b.length - suffix).map(intern);
    // Every line one side has more copies of than the other must be inserted or
    // deleted, so that surplus is a lower bound on the edit length. Past the
    // limit, give up at once (and the same way on every machine) instead of
    // letting Myers run into its limit or its timeout.
    if (editLengthLowerBound(aIds, bIds, ids.size) > limits.maxEditLength) return undefined;
    const changes = diffArrays(aIds, bIds, { maxEditLength: limits.maxEditLength, timeout: limits.timeoutMs });
    if (!changes) return undefined;
    let deleted = 0;
    let inserted = 0;
    const flush = (): void => {
      push('delete', deleted);
      push('insert', inserted);
      deleted = inserted = 0;
    };
    for (const change of changes) {
      if (change.removed) deleted += change.count;
      else if (change.added) inserted += change.count;
      else {
        flush();
        push('equal', change.count);
      }
    }
    flush();
  }
  push('equal', suffix);
  return runs;
}

/** Σ over distinct lines of |copies in a − copies in b|: a lower bound on insertions + deletions. */
export function editLengthLowerBound(aIds: readonly number[], bIds: readonly number[], distinct: number): number {
  const balance = new Int32Array(distinct);
  for (const id of aIds) balance[id]!++;
  for (const id of bIds) balance[id]!--;
  let bound = 0;
  for (const n of balance) bound += Math.abs(n);
  return bound;
}

/** The runs of a whole-file replacement, used when the diff gave up. */
export function wholeFileRuns(aLength: number, bLength: number): LineRun[] {
  const runs: LineRun[] = [];
  if (aLength > 0) runs.push({ kind: 'delete', count: aLength });
  if (bLength > 0) runs.push({ kind: 'insert', count: bLength });
  return runs;
}

/** A maximal change: old lines [oldStart, oldEnd) became new lines [newStart, newEnd). */
export interface ChangeBlock {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

export function changeBlocks(runs: readonly LineRun[]): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let oldPos = 0;
  let newPos = 0;
  let open: ChangeBlock | undefined;
  for (const run of runs) {
    if (run.kind === 'equal') {
      open = undefined;
      oldPos += run.count;
      newPos += run.count;
      continue;
    }
    if (!open) blocks.push((open = { oldStart: oldPos, oldEnd: oldPos, newStart: newPos, newEnd: newPos }));
    if (run.kind === 'delete') open.oldEnd = oldPos += run.count;
    else open.newEnd = newPos += run.count;
  }
  return blocks;
}
