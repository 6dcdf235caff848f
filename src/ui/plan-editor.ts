import * as vscode from 'vscode';
import { Disposable, type IDisposable } from '../vscode/lifecycle';
import { COMMANDS } from './command-ids';
import type { PlanEditorPort } from './plan-review';

/** True while the active editor is the plan edit (the editor-title "Approve Edited Plan" button). */
export const PLAN_EDITOR_ACTIVE = 'foreman.planEditorActive';

/**
 * The pending plan as pretty JSON in an untitled editor beside the others,
 * with a CodeLens to approve it. Untitled: nothing of the edit is ever
 * written to the workspace. One edit at a time; opening again reveals it.
 */
export class PlanEditor extends Disposable implements PlanEditorPort {
  private document: vscode.TextDocument | undefined;
  private readonly closed = this._register(new vscode.EventEmitter<void>());
  private readonly lensesChanged = this._register(new vscode.EventEmitter<void>());
  /** Set while we close the edit ourselves: that is not the user discarding it. */
  private closing = false;

  constructor() {
    super();
    this._register(
      vscode.languages.registerCodeLensProvider(
        { scheme: 'untitled', language: 'json' },
        { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (doc) => this.lenses(doc) },
      ),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc !== this.document) return;
        this.document = undefined;
        this.updateContext();
        if (!this.closing) this.closed.fire();
      }),
    );
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()));
  }

  async open(text: string): Promise<void> {
    if (!this.document || this.document.isClosed) {
      this.document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
      this.lensesChanged.fire();
    }
    // Beside the file the user is looking at; with no editor open, in the editor area itself (no empty group).
    const column = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document !== this.document ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    await vscode.window.showTextDocument(this.document, { viewColumn: this.columnOf(this.document) ?? column, preview: false });
    this.updateContext();
  }

  text(): string | undefined {
    const doc = this.document;
    return doc && !doc.isClosed ? doc.getText() : undefined;
  }

  onDidClose(listener: () => void): IDisposable {
    return this.closed.event(listener);
  }

  /**
   * Closing an untitled editor that holds text would ask "Save changes?";
   * the edit is reverted first (the workbench's Revert and Close), so it
   * closes silently and is never saved. That command acts on the active
   * editor, so the edit is shown first.
   */
  async close(): Promise<void> {
    const doc = this.document;
    if (!doc || doc.isClosed) {
      this.document = undefined;
      return;
    }
    this.closing = true;
    try {
      const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false, viewColumn: this.columnOf(doc) });
      if (vscode.window.activeTextEditor === editor) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      if (!doc.isClosed) {
        // Fallback: close the tab (VS Code may then ask about saving; the user can say no).
        const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
        if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
      }
    } finally {
      this.closing = false;
      if (this.document === doc) this.document = undefined;
      this.lensesChanged.fire();
      this.updateContext();
    }
  }

  private columnOf(doc: vscode.TextDocument): vscode.ViewColumn | undefined {
    for (const group of vscode.window.tabGroups.all) {
      if (group.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString())) return group.viewColumn;
    }
    return undefined;
  }

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (doc !== this.document) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: '$(check) Approve edited plan', command: COMMANDS.approveEditedPlan, tooltip: 'Validate this JSON and start the workers on it' }),
      new vscode.CodeLens(top, { title: '$(close) Reject plan', command: COMMANDS.rejectPlan, tooltip: 'End the run without starting any worker' }),
      new vscode.CodeLens(top, { title: 'Foreman plan: edit the subtasks, then approve (nothing is saved to disk)', command: '' }),
    ];
  }

  private updateContext(): void {
    const active = this.document !== undefined && vscode.window.activeTextEditor?.document === this.document;
    void vscode.commands.executeCommand('setContext', PLAN_EDITOR_ACTIVE, active);
  }
}
