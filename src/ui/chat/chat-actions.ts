import type { ViewMessage } from '../../webview/protocol';
import type { RunController } from '../run-controller';

/** What the chat's buttons reach beyond the run controller (commands, dialogs, the store). */
export interface ChatHost {
  /** The view (re)loaded: a good moment to refresh what it lists (history). */
  viewReady(): Promise<void>;
  /** Parses the text as an issue reference or a task, loads it and starts a run. */
  startTask(text: string): Promise<void>;
  openReview(): Promise<void>;
  showRunLog(runId?: string): Promise<void>;
  openRun(runId: string): Promise<void>;
  resumeRun(runId: string): Promise<void>;
  refreshHistory(): Promise<void>;
  pickIssue(): Promise<void>;
  setApiKey(): Promise<void>;
  tryDemo(): Promise<void>;
  manageTrust(): Promise<void>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/**
 * A request the user can read; the view shows it next to what they clicked.
 * `inChat`: the refusal is already in the chat's timeline (with its button),
 * so a command that fails with it need not add it again.
 */
export class ChatActionError extends Error {
  constructor(
    message: string,
    readonly inChat = false,
  ) {
    super(message);
  }
}

/**
 * Acts on one validated view message. Pure dispatch (no vscode): the
 * provider answers `requestId`s with ok, or with this error's message.
 */
export async function handleViewMessage(message: ViewMessage, controller: RunController, host: ChatHost): Promise<void> {
  switch (message.type) {
    case 'ready':
      return host.viewReady(); // the provider has already sent the snapshot
    case 'submit':
      if (controller.active) {
        controller.followUp(message.text);
        return;
      }
      return host.startTask(message.text);
    case 'stop':
      // A second Stop (a double click) after the run ended is no error: the user's wish is done.
      if (!controller.stop() && !controller.current?.finished) throw new ChatActionError('No run is going.');
      return;
    case 'pause':
      if (!controller.pause()) throw new ChatActionError(controller.active ? 'The run is already paused.' : 'No run is going.');
      return;
    case 'resume':
      if (!controller.resume()) throw new ChatActionError(controller.active ? 'The run is not paused.' : 'No run is going.');
      return;
    case 'approveCommand':
      if (!(await controller.decideCommand(message.approvalId, message.decision, message.reason))) {
        throw new ChatActionError('This command prompt is no longer open.');
      }
      return;
    case 'approvePlan':
      // Approving uses the user's edited plan when an edit is open (see PlanReview).
      if (message.approved) await controller.plans.approve();
      else controller.plans.reject(message.reason?.trim() || 'rejected by user');
      return;
    case 'editPlan':
      return controller.plans.edit();
    case 'openReview':
      return host.openReview();
    case 'showRunLog':
      return host.showRunLog(message.runId);
    case 'openRun':
      if (controller.active) throw new ChatActionError('Stop the current run before opening an earlier one.');
      return host.openRun(message.runId);
    case 'resumeRun':
      if (controller.active) throw new ChatActionError('Stop the current run before resuming another one.');
      return host.resumeRun(message.runId);
    case 'refreshHistory':
      return host.refreshHistory();
    case 'pickIssue':
      return host.pickIssue();
    case 'setApiKey':
      return host.setApiKey();
    case 'tryDemo':
      return host.tryDemo();
    case 'manageTrust':
      return host.manageTrust();
    case 'log':
      host.log(message.level, `chat view: ${message.message}`);
      return;
  }
}
