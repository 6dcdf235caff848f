import type { ApplyFilePlan } from '../../core/changes/apply-plan';
import type { FileChange } from '../../core/changes/types';
import type { ApplyFileResult } from '../../webview/review-protocol';

/**
 * The vscode-free half of apply: turns an apply plan (from `planApply`) into
 * the list of operations one WorkspaceEdit will carry, plus the per-file
 * result the review shows. Conflicting and skipped files produce no
 * operation, so they can never be half-written; the rest still applies.
 */

/** One file of an apply plan, as `planApply` reports it (the part the edit list reads). */
export type PlannedFile = Pick<ApplyFilePlan, 'path' | 'action' | 'content' | 'status' | 'message' | 'hunksApplied' | 'hunksLeftOut'>;

export type EditOp =
  | { type: 'replace'; path: string; content: string }
  | { type: 'create'; path: string; content: string }
  | { type: 'delete'; path: string }
  | { type: 'rename'; from: string; to: string };

export interface EditList {
  ops: EditOp[];
  results: ApplyFileResult[];
}

const writes = (f: PlannedFile): boolean => f.status !== 'conflict' && f.status !== 'skipped' && f.action !== 'none';

/**
 * A delete and a create whose content is exactly the deleted file's base
 * become one rename, so the editor moves the file (and its open editor)
 * instead of losing it and making a new one.
 */
function pairRenames(plan: readonly PlannedFile[], changes: ReadonlyMap<string, FileChange>): Map<string, string> {
  const renames = new Map<string, string>(); // from → to
  const deletes = plan.filter((f) => writes(f) && f.action === 'delete');
  const taken = new Set<string>();
  for (const create of plan) {
    if (!writes(create) || create.action !== 'create' || create.content === undefined || create.content === '') continue;
    const source = deletes.find(
      (d) => !renames.has(d.path) && !taken.has(create.path) && changes.get(d.path)?.baseContent === create.content,
    );
    if (!source) continue;
    renames.set(source.path, create.path);
    taken.add(create.path);
  }
  return renames;
}

export function buildEditList(plan: readonly PlannedFile[], changes: readonly FileChange[]): EditList {
  const byPath = new Map(changes.map((c) => [c.path, c]));
  const renames = pairRenames(plan, byPath);
  const renamedTo = new Set(renames.values());
  const ops: EditOp[] = [];
  const results: ApplyFileResult[] = [];
  const sorted = [...plan].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const file of sorted) {
    const renameTarget = renames.get(file.path);
    const isRenameTarget = renamedTo.has(file.path);
    const result: ApplyFileResult = {
      path: file.path,
      action: renameTarget !== undefined || isRenameTarget ? 'rename' : file.action,
      status: file.status,
      ...(file.message ? { message: file.message } : {}),
      hunksApplied: file.hunksApplied.length,
      hunksLeftOut: file.hunksLeftOut.length,
    };
    if (renameTarget !== undefined) result.message = result.message ?? `renamed to ${renameTarget}`;
    results.push(result);
    if (!writes(file) || isRenameTarget) continue;

    if (renameTarget !== undefined) {
      ops.push({ type: 'rename', from: file.path, to: renameTarget });
    } else if (file.action === 'delete') {
      ops.push({ type: 'delete', path: file.path });
    } else if (file.content === undefined) {
      // A plan that says write without content is a bug upstream: refuse rather than empty the file.
      result.status = 'conflict';
      result.message = 'the apply plan had no content for this file; nothing written';
    } else {
      ops.push({ type: file.action === 'create' ? 'create' : 'replace', path: file.path, content: file.content });
    }
  }
  return { ops, results };
}

/** The decision the run record stores for a file's apply outcome (none for files left out). */
export function recordedOutcome(result: ApplyFileResult): 'applied' | 'merged' | 'conflict' | undefined {
  if (result.status === 'conflict') return 'conflict';
  if (result.status === 'merged') return 'merged';
  if (result.status === 'clean' && result.action !== 'none') return 'applied';
  return undefined;
}
