import * as vscode from 'vscode';
import type { FileDiff } from '../../core/changes/types';
import { isProposalUri, pathOfProposalUri, PROPOSAL_SCHEME } from '../../vscode/proposal-content-provider';
import { hunkAt, hunkPlace, nextHunkLine, type HunkPlace } from './hunk-lines';
import type { ReviewController } from './review-controller';

/**
 * Review in the editor: CodeLens "Accept | Reject" above each proposed hunk
 * (in the user's file and in the proposal side of the diff editor), line
 * decorations for what would be removed and added, and hunk navigation. It
 * drives the same ReviewState as the panel. In the user's file the hunks are
 * placed only while the file still equals the proposal's base; otherwise a
 * single lens points to the diff editor rather than marking wrong lines.
 */

export const HAS_PROPOSAL_CONTEXT = 'foreman.editorHasProposal';

export interface DocumentHunks {
  path: string;
  diff: FileDiff;
  places: HunkPlace[];
  /** False for a user's file that changed since the proposal (places are then empty). */
  aligned: boolean;
}

export class InlineReview implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly lensEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensEmitter.event;
  private readonly removed: vscode.TextEditorDecorationType;
  private readonly inserted: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly controller: ReviewController,
    private readonly root: () => vscode.Uri | undefined,
    extensionUri: vscode.Uri,
  ) {
    this.removed = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'review-gutter-removed.svg'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
    });
    this.inserted = vscode.window.createTextEditorDecorationType({
      isWholeLine: true,
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'review-gutter-added.svg'),
      overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
    });
    const refresh = (): void => this.refresh();
    const offModel = controller.onDidChangeModel(refresh);
    const offState = controller.state.onDidChange(refresh);
    this.disposables.push(
      this.removed,
      this.inserted,
      this.lensEmitter,
      { dispose: offModel },
      { dispose: offState },
      vscode.languages.registerCodeLensProvider([{ scheme: 'file' }, { scheme: 'vscode-remote' }, { scheme: PROPOSAL_SCHEME }], this),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (vscode.window.visibleTextEditors.some((ed) => ed.document === e.document)) this.decorateAll();
      }),
    );
    this.refresh();
  }

  /** The proposal's hunks as placed in this document, or undefined when it has none. */
  hunksOf(doc: vscode.TextDocument): DocumentHunks | undefined {
    const path = this.pathOf(doc.uri);
    const diff = path === undefined ? undefined : this.controller.diff(path);
    if (!path || !diff) return undefined;
    if (isProposalUri(doc.uri)) {
      if (doc.uri.scheme !== PROPOSAL_SCHEME) return undefined;
      return { path, diff, places: diff.hunks.map((h) => hunkPlace(h, 'new')), aligned: true };
    }
    const change = this.controller.change(path);
    const aligned = change?.kind !== 'create' && doc.getText() === (change?.baseContent ?? '');
    return { path, diff, places: aligned ? diff.hunks.map((h) => hunkPlace(h, 'old')) : [], aligned };
  }

  /** The hunk under (or after) the cursor of the active editor. */
  hunkAtCursor(): { path: string; hunkId: string } | undefined {
    const editor = vscode.window.activeTextEditor;
    const hunks = editor && this.hunksOf(editor.document);
    if (!editor || !hunks) return undefined;
    const place = hunkAt(hunks.places, editor.selection.active.line);
    return place ? { path: hunks.path, hunkId: place.hunkId } : undefined;
  }

  /** The workspace-relative path of the active editor's file when it has a proposal. */
  activePath(): string | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor ? this.hunksOf(editor.document)?.path : undefined;
  }

  /** Moves the cursor to the next/previous hunk of the active editor; false when it has none. */
  goToHunk(direction: 1 | -1): boolean {
    const editor = vscode.window.activeTextEditor;
    const hunks = editor && this.hunksOf(editor.document);
    if (!editor || !hunks) return false;
    const line = nextHunkLine(hunks.places, editor.selection.active.line, direction);
    if (line === undefined) return false;
    const pos = new vscode.Position(Math.min(line, editor.document.lineCount - 1), 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const hunks = this.hunksOf(doc);
    if (!hunks) return [];
    const { path, diff } = hunks;
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    const fileDecision = this.controller.state.fileDecision(path);
    const fileStatus = fileDecision ? ` (${fileDecision === 'mixed' ? 'mixed' : fileDecision === 'accept' ? 'accepted' : 'rejected'})` : '';
    lenses.push(
      new vscode.CodeLens(top, { title: `Foreman: ${diff.hunks.length} proposed hunk${diff.hunks.length === 1 ? '' : 's'}${fileStatus}`, command: 'foreman.openReview', arguments: [{ path }] }),
      new vscode.CodeLens(top, { title: 'Accept file', command: 'foreman.review.acceptFile', arguments: [{ path }] }),
      new vscode.CodeLens(top, { title: 'Reject file', command: 'foreman.review.rejectFile', arguments: [{ path }] }),
    );
    if (!isProposalUri(doc.uri)) lenses.push(new vscode.CodeLens(top, { title: 'Open diff', command: 'foreman.review.openDiff', arguments: [{ path }] }));
    if (!hunks.aligned) {
      lenses.push(new vscode.CodeLens(top, { title: 'This file changed since the proposal: review it in the diff editor', command: 'foreman.review.openDiff', arguments: [{ path }] }));
      return lenses;
    }
    for (const place of hunks.places) {
      const range = new vscode.Range(Math.min(place.start, doc.lineCount - 1), 0, Math.min(place.start, doc.lineCount - 1), 0);
      const entry = this.controller.state.hunkDecision(path, place.hunkId);
      const arg = { path, hunkId: place.hunkId };
      const mark = entry?.decision === 'accept' ? '✓ ' : '';
      const rejectMark = entry?.decision === 'reject' ? '✗ ' : '';
      lenses.push(
        new vscode.CodeLens(range, { title: `${mark}Accept`, tooltip: 'Accept this hunk (Foreman)', command: 'foreman.review.acceptHunk', arguments: [arg] }),
        new vscode.CodeLens(range, { title: `${rejectMark}Reject`, tooltip: 'Reject this hunk (Foreman)', command: 'foreman.review.rejectHunk', arguments: [arg] }),
        new vscode.CodeLens(range, { title: 'Reject with reason…', command: 'foreman.review.rejectHunk', arguments: [{ ...arg, askReason: true }] }),
      );
      const hunk = diff.hunks.find((h) => h.id === place.hunkId);
      const who = hunk?.provenance[0];
      if (who) lenses.push(new vscode.CodeLens(range, { title: `${who.workerId}${who.reason ? `: ${who.reason.slice(0, 80)}` : ''}`, command: 'foreman.openReview', arguments: [arg] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      editor.setDecorations(this.removed, []);
      editor.setDecorations(this.inserted, []);
    }
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private refresh(): void {
    this.lensEmitter.fire();
    this.decorateAll();
    const editor = vscode.window.activeTextEditor;
    const has = !!editor && (this.hunksOf(editor.document)?.diff.hunks.length ?? 0) > 0;
    void vscode.commands.executeCommand('setContext', HAS_PROPOSAL_CONTEXT, has);
  }

  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.decorate(editor);
  }

  /** Removed lines get the diff colour; added lines show as a note after the line they follow, with a hover. */
  private decorate(editor: vscode.TextEditor): void {
    const doc = editor.document;
    const hunks = isProposalUri(doc.uri) ? undefined : this.hunksOf(doc);
    const removed: vscode.Range[] = [];
    const inserted: vscode.DecorationOptions[] = [];
    for (const place of hunks?.places ?? []) {
      if (this.controller.state.hunkDecision(hunks!.path, place.hunkId)?.decision === 'reject') continue;
      for (const line of place.changed) if (line < doc.lineCount) removed.push(doc.lineAt(line).range);
      for (const ins of place.insertions) {
        const line = Math.min(Math.max(ins.after, 0), doc.lineCount - 1);
        const hover = new vscode.MarkdownString();
        hover.appendMarkdown('**Foreman proposes** adding:');
        // A code block escapes the model's text: nothing in it is rendered as markdown.
        hover.appendCodeblock(ins.lines.join('\n'), doc.languageId);
        // Decoration text is plain text (never rendered as markup): safe for model output.
        const first = (ins.lines.find((l) => l.trim() !== '') ?? '').trim();
        const preview = first.length > 80 ? `${first.slice(0, 79)}…` : first;
        const more = ins.lines.length > 1 ? ` (+${ins.lines.length - 1} more line${ins.lines.length === 2 ? '' : 's'})` : '';
        // Anchored on a removed line, the added lines replace it; else they are inserted after it.
        const label = place.changed.includes(ins.after) ? '→ replaced by' : ins.after < 0 ? '⊕ proposed above' : '⊕ proposed below';
        inserted.push({
          range: doc.lineAt(line).range,
          hoverMessage: hover,
          renderOptions: { after: { contentText: `${label}: ${preview}${more}` } },
        });
      }
    }
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.inserted, inserted);
  }

  private pathOf(uri: vscode.Uri): string | undefined {
    if (isProposalUri(uri)) return pathOfProposalUri(uri);
    const root = this.root();
    if (!root || uri.scheme !== root.scheme) return undefined;
    const prefix = root.path.endsWith('/') ? root.path : `${root.path}/`;
    return uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : undefined;
  }
}
