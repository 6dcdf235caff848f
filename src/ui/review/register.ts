import * as vscode from 'vscode';
import { z } from 'zod';
import { applyReview } from '../../vscode/apply-edit';
import { BASE_SCHEME, ProposalContentProvider, proposalUri } from '../../vscode/proposal-content-provider';
import type { ReviewDecision } from '../../webview/review-protocol';
import type { ReviewSource } from '../review-source';
import { InlineReview } from './inline-review';
import { ReviewController } from './review-controller';
import { ReviewPanel } from './review-panel';

/**
 * Registers the review: the panel, the proposal documents, the inline
 * review and the `foreman.review.*` commands, all on one ReviewController.
 * The extension's composition root calls this once with the run's source.
 */

export const HAS_HUNKS_CONTEXT = 'foreman.reviewHasHunks';

/** Arguments from our CodeLenses, the panel or tests; menus pass a Uri instead. */
const TargetArgSchema = z.object({
  path: z.string().min(1),
  hunkId: z.string().min(1).optional(),
  askReason: z.boolean().optional(),
  reason: z.string().max(4000).optional(),
});
type TargetArg = z.infer<typeof TargetArgSchema>;

export function registerReview(context: vscode.ExtensionContext, source: ReviewSource): vscode.Disposable {
  const root = (): vscode.Uri | undefined => vscode.workspace.workspaceFolders?.[0]?.uri;
  const log = vscode.window.createOutputChannel('Foreman Review', { log: true });
  const controller = new ReviewController(source, {
    apply: async (request) => {
      const workspace = root();
      if (!workspace) return { ok: false, message: 'Open a workspace folder to apply changes.', files: [] };
      return applyReview({ root: workspace, ...request });
    },
    log: (m) => log.info(m),
  });
  const proposals = new ProposalContentProvider({ change: (path) => controller.change(path) });
  const inline = new InlineReview(controller, root, context.extensionUri);

  const fileUri = (path: string): vscode.Uri | undefined => {
    const workspace = root();
    return workspace ? vscode.Uri.joinPath(workspace, ...path.split('/')) : undefined;
  };

  const openDiff = async (path: string): Promise<void> => {
    const snap = controller.snapshot;
    const change = controller.change(path);
    const file = fileUri(path);
    if (!snap || !change || !file) {
      void vscode.window.showInformationMessage(`Foreman: no proposal for ${path}.`);
      return;
    }
    const left = change.kind === 'create' ? proposalUri(path, snap.runId, BASE_SCHEME) : file;
    const right = proposalUri(path, snap.runId);
    const label = change.kind === 'create' ? 'new file' : change.kind === 'delete' ? 'deleted' : 'proposal';
    await vscode.commands.executeCommand('vscode.diff', left, right, `${path} (Foreman ${label})`, { preview: false });
  };

  const openFile = async (path: string, line?: number): Promise<void> => {
    const file = fileUri(path);
    if (!file) return;
    const change = controller.change(path);
    const uri = change?.kind === 'create' && controller.snapshot ? proposalUri(path, controller.snapshot.runId) : file;
    const doc = await vscode.workspace.openTextDocument(uri);
    const pos = new vscode.Position(Math.max(0, Math.min((line ?? 1) - 1, doc.lineCount - 1)), 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: false });
  };

  let panel: ReviewPanel;
  const apply = async (): Promise<void> => {
    panel.post({ type: 'busy', busy: true, label: 'Applying the accepted hunks…' });
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Foreman: applying approved changes', cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return controller.apply(abort.signal);
        },
      );
      const last = controller.lastApply;
      if (last) panel.post({ type: 'applyResult', revision: last.revision, result });
      log.info(`apply: ${result.message} ${JSON.stringify(result.files)}`);
      const conflicts = result.files.filter((f) => f.status === 'conflict');
      if (!result.ok || conflicts.length > 0) {
        const choice = await vscode.window.showWarningMessage(
          `Foreman: ${result.message}${conflicts.length > 0 ? ` Conflicts: ${conflicts.map((f) => f.path).join(', ')}.` : ''}`,
          'Open Review',
        );
        if (choice) panel.show();
      } else {
        void vscode.window.showInformationMessage(`Foreman: ${result.message}`);
      }
    } finally {
      panel.post({ type: 'busy', busy: false });
    }
  };

  const sendFeedback = async (): Promise<void> => {
    const sent = await controller.sendFeedback();
    const message = sent > 0 ? `Sent ${sent} rejection${sent === 1 ? '' : 's'} with reasons back to the run.` : 'Reject hunks or files with a reason first; only those are sent back.';
    panel.post({ type: 'notice', level: 'info', message });
    void vscode.window.showInformationMessage(`Foreman: ${message}`);
  };

  panel = new ReviewPanel(context.extensionUri, controller, { openDiff, openFile, apply, sendFeedback, log: (m) => log.warn(m) });

  /** A command's target: our argument object, a Uri from a menu, or the hunk at the cursor. */
  const target = (raw: unknown, needHunk: boolean): TargetArg | undefined => {
    if (raw instanceof vscode.Uri) {
      const workspace = root();
      const prefix = workspace ? `${workspace.path.replace(/\/$/, '')}/` : undefined;
      if (prefix && raw.path.startsWith(prefix)) return { path: raw.path.slice(prefix.length) };
      if (raw.scheme === 'foreman-proposal' || raw.scheme === BASE_SCHEME) return { path: raw.path.replace(/^\//, '') };
      return undefined;
    }
    if (raw !== undefined) {
      const parsed = TargetArgSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
      log.warn(`review: ignored an invalid command argument: ${z.prettifyError(parsed.error)}`);
      return undefined;
    }
    if (needHunk) return inline.hunkAtCursor();
    const path = inline.activePath();
    return path ? { path } : undefined;
  };

  const decide = async (raw: unknown, decision: ReviewDecision, scope: 'hunk' | 'file'): Promise<boolean> => {
    const t = target(raw, scope === 'hunk');
    if (!t || (scope === 'hunk' && !t.hunkId)) {
      void vscode.window.showInformationMessage(`Foreman: no proposed ${scope} here. Open the review or a file with proposals.`);
      return false;
    }
    let reason = t.reason;
    if (decision === 'reject' && t.askReason && reason === undefined) {
      reason = await vscode.window.showInputBox({ title: `Reject ${scope === 'hunk' ? 'hunk' : t.path}`, prompt: 'Why? The reason can be sent back to the run.', ignoreFocusOut: true });
      if (reason === undefined) return false;
    }
    const done = scope === 'hunk' && t.hunkId
      ? controller.state.decideHunk(t.path, t.hunkId, decision, reason || undefined)
      : controller.state.decideFile(t.path, decision, reason || undefined);
    if (!done) void vscode.window.showInformationMessage('Foreman: that proposal is no longer in the change set.');
    return done;
  };

  const setHasHunks = (): void => {
    const has = (controller.snapshot?.diffs.length ?? 0) > 0;
    void vscode.commands.executeCommand('setContext', HAS_HUNKS_CONTEXT, has);
  };
  const offModel = controller.onDidChangeModel(() => {
    proposals.refresh();
    setHasHunks();
  });
  setHasHunks();

  const commands: Array<[string, (...args: unknown[]) => unknown]> = [
    ['foreman.openReview', (arg) => {
      const t = arg === undefined ? undefined : target(arg, false);
      panel.show(t ? { path: t.path, ...(t.hunkId ? { hunkId: t.hunkId } : {}) } : undefined);
    }],
    ['foreman.review.acceptHunk', (arg) => decide(arg, 'accept', 'hunk')],
    ['foreman.review.rejectHunk', (arg) => decide(arg, 'reject', 'hunk')],
    ['foreman.review.acceptFile', (arg) => decide(arg, 'accept', 'file')],
    ['foreman.review.rejectFile', (arg) => decide(arg, 'reject', 'file')],
    ['foreman.review.acceptAll', () => controller.state.decideAll('accept')],
    ['foreman.review.rejectAll', () => controller.state.decideAll('reject')],
    ['foreman.review.apply', () => apply()],
    ['foreman.review.sendFeedback', () => sendFeedback()],
    ['foreman.review.openDiff', async (arg) => {
      const t = target(arg, false);
      if (t) await openDiff(t.path);
      else void vscode.window.showInformationMessage('Foreman: open a file with proposals, or pick one in the review.');
    }],
    ['foreman.review.nextHunk', () => inline.goToHunk(1)],
    ['foreman.review.previousHunk', () => inline.goToHunk(-1)],
  ];

  const disposable = vscode.Disposable.from(
    log,
    proposals.register(),
    inline,
    panel,
    { dispose: offModel },
    { dispose: () => controller.dispose() },
    ...commands.map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
  );
  context.subscriptions.push(disposable);
  return disposable;
}
