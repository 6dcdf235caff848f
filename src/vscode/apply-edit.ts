import * as vscode from 'vscode';
import { planApply } from '../core/changes/apply-plan';
import type { FileChange } from '../core/changes/types';
import { buildEditList, type EditOp } from '../ui/review/edit-list';
import { toPlanSelection } from '../ui/review/plan-selection';
import type { FileSelection as ReviewFileSelection } from '../ui/review/review-state';
import type { ApplyFileResult, ApplyResultView } from '../webview/review-protocol';

/**
 * Applies approved hunks to the user's files as ONE WorkspaceEdit, so a
 * single undo reverts it: whole-document replacements for modified files,
 * createFile with contents, deleteFile, renameFile. The content comes from
 * `planApply` (three-way merge, CRLF and no-EOL preservation live there);
 * files in conflict are left out and reported while the rest applies. The
 * edit is all-or-nothing: VS Code checks every document version before
 * touching any. Modified documents are saved afterwards (a user expects the
 * files on disk after "Apply"); undo still reverts the buffers.
 */

export interface ApplyReviewInput {
  root: vscode.Uri;
  changes: readonly FileChange[];
  selection: ReviewFileSelection[];
  signal: AbortSignal;
  /** Save the modified documents after the edit (default true). */
  save?: boolean;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** The file as the user has it now: the open editor's text (even unsaved), else the disk; undefined when absent. */
async function readCurrent(uri: vscode.Uri): Promise<string | undefined> {
  const doc = openDocument(uri);
  if (doc) return doc.getText();
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch (err) {
    if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
    throw err;
  }
}

function fullRange(doc: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end);
}

export async function applyReview(input: ApplyReviewInput): Promise<ApplyResultView> {
  const uriOf = (path: string): vscode.Uri => vscode.Uri.joinPath(input.root, ...path.split('/'));
  const read = new Map<string, string | undefined>();
  const plan = await planApply({
    changes: input.changes,
    selection: toPlanSelection(input.selection),
    readCurrent: async (path) => {
      const text = await readCurrent(uriOf(path));
      read.set(path, text);
      return text;
    },
    signal: input.signal,
  });
  const list = buildEditList(plan.files, input.changes);
  const byPath = new Map(list.results.map((r) => [r.path, r]));
  input.signal.throwIfAborted();

  const edit = new vscode.WorkspaceEdit();
  const toSave: vscode.Uri[] = [];
  const applied: EditOp[] = [];
  for (const op of list.ops) {
    const path = op.type === 'rename' ? op.from : op.path;
    const uri = uriOf(path);
    // The plan was computed on `read`; refuse a file that changed in between (a keystroke during apply).
    const before = read.get(path);
    const now = await readCurrent(uri);
    if (now !== before) {
      const message = 'The file changed while applying; it was left as it is.';
      markConflict(byPath.get(path), message);
      if (op.type === 'rename') markConflict(byPath.get(op.to), message);
      continue;
    }
    switch (op.type) {
      case 'replace': {
        const doc = await vscode.workspace.openTextDocument(uri);
        let content = op.content;
        // VS Code keeps a BOM as the document's encoding, not as text: do not insert a second one.
        if (content.startsWith('\uFEFF') && !doc.getText().startsWith('\uFEFF')) content = content.slice(1);
        if (content === doc.getText()) break;
        edit.replace(uri, fullRange(doc), content);
        toSave.push(uri);
        break;
      }
      case 'create':
        edit.createFile(uri, { contents: encoder.encode(op.content), overwrite: false, ignoreIfExists: false });
        break;
      case 'delete':
        edit.deleteFile(uri, { recursive: false, ignoreIfNotExists: false });
        break;
      case 'rename':
        edit.renameFile(uri, uriOf(op.to), { overwrite: false, ignoreIfExists: false });
        break;
    }
    applied.push(op);
  }
  input.signal.throwIfAborted();

  const files = list.results;
  if (applied.length === 0) {
    const conflicts = files.filter((f) => f.status === 'conflict').length;
    return { ok: conflicts === 0, message: conflicts > 0 ? `Nothing applied: ${conflicts} file(s) in conflict.` : 'Nothing to apply.', files };
  }
  const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
  if (!ok) {
    return {
      ok: false,
      message: 'VS Code refused the edit (a file changed or could not be written); nothing was applied.',
      files: files.map((f) => (f.action === 'none' || f.status === 'conflict' || f.status === 'skipped' ? f : { ...f, status: 'skipped', hunksLeftOut: f.hunksApplied + f.hunksLeftOut, hunksApplied: 0 })),
    };
  }
  const unsaved: string[] = [];
  if (input.save !== false) {
    for (const uri of toSave) {
      const doc = openDocument(uri);
      if (doc?.isDirty && !(await doc.save())) unsaved.push(vscode.workspace.asRelativePath(uri, false));
    }
  }
  // The edit is in the editors either way; a failed save only means the user saves by hand.
  const note = unsaved.length > 0 ? ` Could not save ${unsaved.join(', ')}: the change is in the editor, unsaved.` : '';
  return { ok: true, message: summary(files) + note, files };
}

function markConflict(result: ApplyFileResult | undefined, message: string): void {
  if (!result) return;
  result.status = 'conflict';
  result.message = message;
  result.hunksLeftOut += result.hunksApplied;
  result.hunksApplied = 0;
}

function summary(files: readonly ApplyFileResult[]): string {
  const count = (pred: (f: ApplyFileResult) => boolean): number => files.filter(pred).length;
  const applied = count((f) => f.status === 'clean' && f.action !== 'none');
  const merged = count((f) => f.status === 'merged');
  const conflicts = count((f) => f.status === 'conflict');
  const leftOut = count((f) => f.status === 'skipped');
  const parts = [`${applied + merged} file(s) applied`];
  if (merged > 0) parts.push(`${merged} merged with your edits`);
  if (conflicts > 0) parts.push(`${conflicts} in conflict (left as they are)`);
  if (leftOut > 0) parts.push(`${leftOut} left out`);
  return `${parts.join(', ')}. One undo reverts the edit.`;
}
