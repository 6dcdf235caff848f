import * as vscode from 'vscode';
import { Disposable } from '../../vscode/lifecycle';
import { newNonce, webviewHtml } from '../webview-html';
import type { ChatEvent } from '../../webview/chat/chat-state';
import { parseViewMessage, type HostMessage, type ViewMessage } from '../../webview/protocol';
import type { ChatSession } from './chat-session';
import { failureResponse, refusalFor } from './refusal';
import { trimForView } from './view-trim';

export const CHAT_VIEW_ID = 'foreman.chat';
/** Live events are posted in batches: streaming text arrives many times a second. */
const BATCH_MS = 40;

export interface ChatViewLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * The sidebar chat: a webview view with a strict CSP. The webview is not kept
 * alive when hidden (retainContextWhenHidden off); when it is shown again it
 * posts `ready` and gets a snapshot of the host's state (the replay). Until
 * `ready`, nothing is posted. Every received message is validated; invalid
 * ones are logged and dropped.
 */
export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private queue: ChatEvent[] = [];
  /** Messages other than state (e.g. focusInput) held until the view says `ready`. */
  private held: HostMessage[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly received = this._register(new vscode.EventEmitter<ViewMessage>());
  /** Every valid message from the view (after it was handled); the test suite listens. */
  readonly onDidReceiveMessage = this.received.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: ChatSession,
    private readonly handle: (message: ViewMessage) => Promise<void>,
    private readonly log: ChatViewLog,
  ) {
    super();
    this._register(session.onEvent((event) => this.enqueue(event)));
    this._register({ dispose: () => this.timer && clearTimeout(this.timer) });
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** True once VS Code has created the view (the user opened it). */
  get isResolved(): boolean {
    return this.view !== undefined;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    webview.html = this.html(webview);
    const subs = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => {
        // Hidden = the webview's document is gone; it says `ready` again when shown.
        if (!view.visible) this.ready = false;
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.view === view) {
        this.view = undefined;
        this.ready = false;
      }
    });
  }

  /** Brings the view forward (e.g. after "Solve Issue" from the palette). */
  async reveal(text?: string): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (text === undefined) return;
    if (this.ready) this.post({ type: 'focusInput', text });
    else this.held = [...this.held.filter((m) => m.type !== 'focusInput'), { type: 'focusInput', text }];
  }

  /** Handles a raw message as if the webview had sent it (also used by the test suite). */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseViewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`chat view: dropped ${parsed.error}`);
      const refusal = refusalFor(raw, parsed.error);
      if (refusal) this.post(refusal);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      this.ready = true;
      this.queue = [];
      this.post({ type: 'snapshot', state: this.session.state });
      for (const held of this.held.splice(0)) this.post(held);
    }
    try {
      await this.handle(message);
      if (message.requestId) this.post({ type: 'response', requestId: message.requestId, ok: true });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      if (message.requestId) this.post(failureResponse(message.requestId, error));
      else this.log.warn(`chat view: ${message.type} failed: ${error}`);
    }
    this.received.fire(message);
  }

  private enqueue(event: ChatEvent): void {
    if (!this.ready) return; // the snapshot on `ready` carries it
    this.queue.push(event);
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.ready || this.queue.length === 0) return;
    const events = this.queue.splice(0, 1_000);
    this.post({ type: 'events', events: events.map(trimForView) });
    if (this.queue.length) this.timer = setTimeout(() => this.flush(), BATCH_MS);
  }

  private post(message: HostMessage): void {
    if (!this.view) return;
    void Promise.resolve(this.view.webview.postMessage(message)).then(
      (delivered) => {
        if (!delivered && message.type === 'events') this.ready = false;
      },
      () => undefined,
    );
  }

  private html(webview: vscode.Webview): string {
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'chat.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'chat.css')).toString(),
      title: 'Foreman',
      bodyHtml: '<main id="root" data-testid="foreman-chat" aria-label="Foreman chat"></main>',
    });
  }
}
