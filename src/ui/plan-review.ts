import type { IDisposable } from '../vscode/lifecycle';
import type { ChatEvent } from '../webview/chat/chat-state';
import { ChatActionError } from './chat/chat-actions';
import { parseEditedPlan, planEditText, samePlan } from './edited-plan';
import type { PlanDecision } from './run-controller';

/** Where the user edits the plan (VS Code: an untitled JSON editor, see plan-editor.ts). */
export interface PlanEditorPort {
  /** Opens the text for editing, or brings the open edit forward (its text kept). */
  open(text: string): Promise<void>;
  /** The edited text; undefined when no edit is open (never opened, closed, or discarded by the user). */
  text(): string | undefined;
  /** Closes the edit without asking to save: nothing of it is ever written anywhere. */
  close(): Promise<void>;
  /** The user closed the edit themselves. */
  onDidClose(listener: () => void): IDisposable;
}

/** What the review needs from the run controller. */
export interface PendingPlanSource {
  readonly awaitingPlan: boolean;
  readonly pendingPlan: unknown;
  decidePlan(decision: PlanDecision): boolean;
  onDidChange(listener: () => void): IDisposable;
}

/**
 * The user's side of a pending plan: approve it, reject it, or edit it
 * first. An edit lives in the editor port; approving while it is open
 * approves the edited text, once it parses and passes the plan checks.
 * An invalid edit is reported and the plan stays pending, so the user can
 * fix it. The edit is closed when the plan is decided or the run ends.
 * Plain TypeScript, tested without VS Code.
 */
export class PlanReview {
  private editor: PlanEditorPort | undefined;
  private editing = false;

  constructor(
    private readonly source: PendingPlanSource,
    private readonly push: (event: ChatEvent) => void,
  ) {
    source.onDidChange(() => {
      // Decided, superseded by a new plan, or the run ended: the edit belongs to a plan that is gone.
      if (!this.source.awaitingPlan && this.editing) void this.closeEdit();
    });
  }

  /** The host's editor (VS Code); without one, "Edit plan" explains it cannot edit here. */
  attach(editor: PlanEditorPort): IDisposable {
    this.editor = editor;
    const closed = editor.onDidClose(() => this.setEditing(false));
    return {
      dispose: () => {
        closed.dispose();
        if (this.editor === editor) this.editor = undefined;
      },
    };
  }

  /** An edit of the pending plan is open. */
  get isEditing(): boolean {
    return this.editing;
  }

  async edit(): Promise<void> {
    if (!this.source.awaitingPlan) throw new ChatActionError('No plan is waiting for approval.');
    if (!this.editor) throw new ChatActionError('Editing the plan needs the editor; approve or reject it instead.');
    // An open edit keeps the user's text; only a first open starts from the proposal.
    await this.editor.open(planEditText(this.source.pendingPlan));
    if (!this.source.awaitingPlan) {
      // Decided while the editor opened (e.g. Stop): do not leave an orphan edit behind.
      await this.editor.close();
      return;
    }
    if (!this.editing) this.push({ kind: 'notice', level: 'info', text: 'Editing the plan: change the JSON in the editor, then approve it (the chat\'s "Approve plan" uses your edited text).' });
    this.setEditing(true);
  }

  /**
   * Approves the pending plan: the edited text when an edit is open,
   * the proposal otherwise. `requireEdit`: the "Approve Edited Plan" command,
   * which must not silently approve an unedited proposal.
   */
  async approve(options: { requireEdit?: boolean } = {}): Promise<'proposed' | 'edited' | 'unchanged'> {
    if (!this.source.awaitingPlan) throw new ChatActionError('No plan is waiting for approval.');
    const text = this.editing ? this.editor?.text() : undefined;
    if (text === undefined) {
      if (this.editing) this.setEditing(false);
      if (options.requireEdit) throw new ChatActionError('No edited plan is open: use "Edit plan…" first, or "Approve plan" to approve the plan as proposed.');
      this.source.decidePlan({ approved: true });
      return 'proposed';
    }
    const parsed = parseEditedPlan(text);
    if (!parsed.ok) {
      this.push({
        kind: 'notice',
        level: 'error',
        text: `Your edited plan was not approved; it is still waiting. Fix it in the editor and approve again:\n${parsed.error}`,
      });
      throw new ChatActionError(`The edited plan is not valid: ${firstLine(parsed.error)}`);
    }
    if (samePlan(parsed.plan, this.source.pendingPlan)) {
      this.push({ kind: 'notice', level: 'info', text: 'Your edited plan is the same as the proposal: approving it as proposed.' });
      this.source.decidePlan({ approved: true });
      return 'unchanged';
    }
    this.push({ kind: 'notice', level: 'info', text: `Approving your edited plan (${parsed.plan.subtasks.length} subtask${parsed.plan.subtasks.length === 1 ? '' : 's'}).` });
    this.source.decidePlan({ approved: true, plan: parsed.plan });
    return 'edited';
  }

  reject(reason: string): void {
    if (!this.source.decidePlan({ approved: false, reason })) throw new ChatActionError('No plan is waiting for approval.');
  }

  private async closeEdit(): Promise<void> {
    this.setEditing(false);
    try {
      await this.editor?.close();
    } catch {
      // The editor may already be gone (window closing); nothing of the edit is kept anyway.
    }
  }

  private setEditing(open: boolean): void {
    if (this.editing === open) return;
    this.editing = open;
    this.push({ kind: 'plan_editing', open });
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.replace(/^[-✖\s]+/, '').slice(0, 300);
}
