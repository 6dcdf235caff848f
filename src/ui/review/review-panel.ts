import * as vscode from 'vscode';
import { parseToHost, type ToHost, type ToWebview } from '../../webview/review-protocol';
import type { ReviewController } from './review-controller';
import { newNonce, webviewHtml } from '../webview-html';

/**
 * The review webview panel (host side): one panel, created on demand.
 * Messages to the webview are buffered until it says `ready` (and again
 * after it is hidden and re-created); messages from it are zod-parsed and
 * invalid ones dropped and logged.
 */

export interface ReviewPanelActions {
  openDiff(path: string): Promise<void>;
  openFile(path: string, line?: number): Promise<void>;
  apply(): Promise<void>;
  sendFeedback(): Promise<void>;
  log(message: string): void;
}

export class ReviewPanel implements vscode.Disposable {
  static readonly viewType = 'foreman.review';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: ToWebview[] = [];
  private pendingDecisions = false;
  private readonly subscriptions: Array<() => void> = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ReviewController,
    private readonly actions: ReviewPanelActions,
  ) {
    this.subscriptions.push(
      controller.onDidChangeModel(() => this.postModel()),
      controller.state.onDidChange(() => this.scheduleDecisions()),
    );
  }

  get visible(): boolean {
    return !!this.panel?.visible;
  }

  show(focus?: { path: string; hunkId?: string }): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      this.create();
    }
    if (focus) this.post({ type: 'focusHunk', path: focus.path, ...(focus.hunkId ? { hunkId: focus.hunkId } : {}) });
  }

  post(message: ToWebview): void {
    if (!this.panel) return;
    if (!this.ready) {
      // A full model supersedes anything queued before it.
      if (message.type === 'model') this.queue = this.queue.filter((m) => m.type !== 'model' && m.type !== 'decisions');
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    for (const off of this.subscriptions.splice(0)) off();
    this.panel?.dispose();
  }

  private create(): void {
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      ReviewPanel.viewType,
      'Foreman: Review',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [webviewRoot, mediaRoot], retainContextWhenHidden: false },
    );
    this.panel = panel;
    this.ready = false;
    panel.webview.html = this.html(panel.webview, webviewRoot, mediaRoot);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.queue = [];
    });
    panel.onDidChangeViewState(() => {
      // A hidden webview is torn down; it says `ready` again when shown.
      if (!panel.visible) this.ready = false;
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
  }

  private html(webview: vscode.Webview, webviewRoot: vscode.Uri, mediaRoot: vscode.Uri): string {
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'review.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'review.css')).toString(),
      title: 'Foreman: Review',
      bodyAttributes: { 'data-testid': 'review-panel' },
    });
  }

  private postModel(): void {
    this.post({ type: 'model', model: this.controller.model(), decisions: this.controller.state.view() });
  }

  /** Decisions arrive in bursts (accept all): send one update per tick. */
  private scheduleDecisions(): void {
    if (this.pendingDecisions) return;
    this.pendingDecisions = true;
    queueMicrotask(() => {
      this.pendingDecisions = false;
      this.post({ type: 'decisions', revision: this.controller.state.revision, decisions: this.controller.state.view() });
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseToHost(raw);
    if (!parsed.ok) {
      this.actions.log(`review: dropped an invalid message from the webview: ${parsed.error}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.actions.log(`review: ${parsed.message.type} failed: ${message}`);
      this.post({ type: 'notice', level: 'error', message });
    }
  }

  private async handle(message: ToHost): Promise<void> {
    const state = this.controller.state;
    if ('revision' in message && message.revision !== state.revision) {
      // The change set moved on under the click: show the current one rather than act on a stale view.
      this.post({ type: 'notice', level: 'info', message: 'The proposal changed since this view was drawn; it has been refreshed. Please review again.' });
      this.postModel();
      return;
    }
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        this.postModel();
        const last = this.controller.lastApply;
        if (last) this.post({ type: 'applyResult', revision: last.revision, result: last.result });
        for (const m of queued) if (m.type !== 'model' && m.type !== 'decisions') this.post(m);
        return;
      }
      case 'decide':
        if (message.hunkId) state.decideHunk(message.path, message.hunkId, message.decision, message.reason);
        else state.decideFile(message.path, message.decision, message.reason);
        return;
      case 'decideAll':
        state.decideAll(message.decision);
        return;
      case 'apply':
        await this.actions.apply();
        return;
      case 'sendFeedback':
        await this.actions.sendFeedback();
        return;
      case 'openDiff':
        await this.actions.openDiff(message.path);
        return;
      case 'openFile':
        await this.actions.openFile(message.path, message.line);
        return;
    }
  }
}
