import * as vscode from 'vscode';
import { Disposable } from './lifecycle';

const API_KEY = 'foreman.anthropicApiKey';

/**
 * The Anthropic API key in VS Code's SecretStorage (the OS keychain). The key
 * never leaves this class except to build the model client: it is not logged,
 * not put in settings, not sent to a webview.
 */
export class ApiKeyStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<boolean>());
  /** Fires with whether a key is now set (never with the key itself). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this._register(
      secrets.onDidChange((e) => {
        if (e.key === API_KEY) void this.has().then((has) => this.changed.fire(has));
      }),
    );
  }

  get(): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(API_KEY)).then((v) => (v && v.trim() ? v.trim() : undefined));
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  async set(key: string): Promise<void> {
    await this.secrets.store(API_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(API_KEY);
  }

  /** Asks for the key in a password box; returns whether one was stored. */
  async prompt(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Foreman: Anthropic API key',
      prompt: 'Stored in the OS keychain through VS Code SecretStorage; never written to settings or logs.',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < 8 ? 'That does not look like an API key.' : undefined),
    });
    if (!key) return false;
    await this.set(key);
    return true;
  }
}
