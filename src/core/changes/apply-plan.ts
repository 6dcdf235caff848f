import type { FileChange } from './types';
import { applyHunks, computeRawDiff, DEFAULT_DIFF_LIMITS, type DiffLimits, type RawFileDiff } from './diff';
import { merge3 } from './merge3';
import type { FileSelection, Selection } from './selection';
import { describeLines, sha256Hex } from './text';

/**
 * The pure apply logic shared by the CLI and the VS Code review: which bytes
 * each approved file gets, checked against what is there now. Exactly the
 * accepted hunks are applied (rejected hunks leave their lines as they are);
 * a file the user changed since the proposal is three-way merged when the
 * changes are apart, else it is a conflict and gets no content, while the
 * other files still apply. Nothing here writes: see node-apply.ts (CLI) and
 * the WorkspaceEdit in the extension.
 */

export interface ApplyFilePlan {
  path: string;
  action: 'write' | 'create' | 'delete' | 'none';
  /** The bytes to write (as text) for write/create. */
  content?: string;
  status: 'clean' | 'merged' | 'conflict' | 'skipped';
  /** Why, for the user: set for merged, conflict and no-op files. */
  message?: string;
  hunksApplied: string[];
  hunksLeftOut: string[];
  /**
   * sha256 of the file the plan was computed against ('' = absent); set when
   * the file was read. Appliers refuse to act when the file no longer matches.
   */
  currentHash?: string;
}

export interface ApplyPlan {
  files: ApplyFilePlan[];
}

export interface PlanApplyInput {
  changes: readonly FileChange[];
  selection: Selection;
  /** The file as it is now (disk or open editor), undefined when absent. */
  readCurrent: (path: string) => Promise<string | undefined>;
  /** Must match the limits the hunks were shown with, or hunk ids may differ. */
  limits?: Partial<DiffLimits>;
  signal?: AbortSignal;
}

export async function planApply(input: PlanApplyInput): Promise<ApplyPlan> {
  const limits = { ...DEFAULT_DIFF_LIMITS, ...input.limits };
  const files: ApplyFilePlan[] = [];
  for (const change of input.changes) {
    input.signal?.throwIfAborted();
    files.push(await planFile(change, input.selection[change.path], input.readCurrent, limits));
  }
  return { files };
}

async function planFile(
  change: FileChange,
  selection: FileSelection | undefined,
  readCurrent: PlanApplyInput['readCurrent'],
  limits: DiffLimits,
): Promise<ApplyFilePlan> {
  const { path } = change;
  const raw = computeRawDiff(path, change.baseContent, change.newContent, limits);
  const allIds = raw.hunks.map((hunk) => hunk.id);
  const plan = (fields: Omit<ApplyFilePlan, 'path'>): ApplyFilePlan => ({ path, ...fields });
  const skipped = (message?: string): ApplyFilePlan =>
    plan({ action: 'none', status: 'skipped', hunksApplied: [], hunksLeftOut: allIds, ...(message ? { message } : {}) });

  const accepted = acceptedHunks(raw, selection);
  if (accepted === 'stale') {
    return plan({
      action: 'none',
      status: 'conflict',
      message: 'The approval names hunks that are not in the current proposal (it changed since it was reviewed); review it again.',
      hunksApplied: [],
      hunksLeftOut: allIds,
    });
  }
  if (accepted === 'none') return skipped();

  const current = await readCurrent(path);
  const currentHash = current === undefined ? '' : sha256Hex(current);
  const appliedIds = allIds.filter((id) => accepted === 'whole' || accepted.has(id));
  const leftOutIds = allIds.filter((id) => !appliedIds.includes(id));
  const done = (fields: Pick<ApplyFilePlan, 'action' | 'status'> & { content?: string; message?: string }): ApplyFilePlan =>
    plan({ ...fields, hunksApplied: appliedIds, hunksLeftOut: leftOutIds, currentHash });
  const conflict = (message: string): ApplyFilePlan =>
    plan({ action: 'none', status: 'conflict', message, hunksApplied: [], hunksLeftOut: allIds, currentHash });

  if (change.kind === 'create') {
    const content = change.newContent ?? '';
    if (current === undefined) return done({ action: 'create', status: 'clean', content });
    if (current === content) return done({ action: 'none', status: 'clean', message: 'The file already exists with the proposed content.' });
    return conflict('The file was created since the proposal (it did not exist then); it was not overwritten.');
  }
  if (change.kind === 'delete') {
    if (current === undefined) return done({ action: 'none', status: 'clean', message: 'The file is already deleted.' });
    if (currentHash === change.baseHash) return done({ action: 'delete', status: 'clean' });
    return conflict('The file changed since the proposal to delete it; it was not deleted.');
  }

  const base = change.baseContent ?? '';
  if (current === undefined) return conflict('The file was deleted since the proposal; it was not recreated.');
  const proposed = accepted === 'whole' ? (change.newContent ?? '') : applyHunks(base, raw.hunks, accepted);
  if (currentHash === change.baseHash) return done({ action: 'write', status: 'clean', content: proposed });

  const merged = merge3(base, current, proposed, limits);
  if (!merged.clean) {
    const where = merged.conflicts.map((region) => describeLines(region.a[0], region.a[1])).join(', ');
    return conflict(`Since the proposal you changed the file at ${where}, and the approved hunks change the same lines; the file was left as it is.`);
  }
  if (merged.text === current) return done({ action: 'none', status: 'merged', message: 'Your file already contains the approved changes.' });
  return done({
    action: 'write',
    status: 'merged',
    content: merged.text!,
    message: 'The file changed since the proposal; the approved hunks were merged with your changes.',
  });
}

/** 'whole' (create/delete/empty-file changes or accept all), a set of ids, 'none', or 'stale'. */
function acceptedHunks(raw: RawFileDiff, selection: FileSelection | undefined): 'whole' | 'none' | 'stale' | Set<string> {
  if (!selection || selection.accept === 'none') return 'none';
  if (selection.accept === 'all') return 'whole';
  const known = new Set(raw.hunks.map((hunk) => hunk.id));
  if (selection.hunkIds.some((id) => !known.has(id))) return 'stale';
  const ids = new Set(selection.hunkIds);
  if (ids.size === 0) return 'none';
  // A create or delete is one hunk: accepting it accepts the file.
  if (raw.kind !== 'modify' || ids.size === known.size) return 'whole';
  return ids;
}
