import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import { parseSettings, SETTINGS_SECTION, type ForemanSettings, type ParsedSettings } from './settings-schema';

/** The `foreman.*` settings, parsed once and re-parsed when the user changes them. */
export class SettingsService extends Disposable {
  private parsed: ParsedSettings = read();
  private readonly changed = this._register(new vscode.EventEmitter<ForemanSettings>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        this.parsed = read();
        this.changed.fire(this.parsed.settings);
      }),
    );
  }

  get current(): ForemanSettings {
    return this.parsed.settings;
  }

  get problems(): readonly string[] {
    return this.parsed.problems;
  }

  /** "Always for this workspace": appends a rule to the workspace's allow list. */
  async addAllowRule(rule: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect<string[]>('commandAllow');
    const hasFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    const target = hasFolder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const existing = (hasFolder ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
    if (existing.includes(rule)) return;
    await config.update('commandAllow', [...existing, rule], target);
    this.parsed = read();
  }
}

function read(): ParsedSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return parseSettings((key) => config.get(key));
}
