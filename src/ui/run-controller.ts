import { RunBus, type EventSink } from '../core/run/bus';
import type { Stop } from '../core/run/events';
import type { Issue } from '../core/issue/types';
import type { CommandApproval, CommandApprovalRequest } from '../core/tools/tool';
import type { IDisposable } from '../vscode/lifecycle';
import type { ApprovalDecision } from '../webview/chat/chat-state';
import { ApprovalBroker } from './approval-broker';
import type { ChatSession } from './chat/chat-session';
import { FollowUpInbox } from './follow-up-inbox';
import { PauseGate } from './pause-gate';
import { PlanReview } from './plan-review';
import type { RunChanges } from './run-types';

/** `plan`: the user's edited plan (the orchestrator validates it again); absent = as proposed. */
export type PlanDecision = { approved: true; plan?: unknown } | { approved: false; reason: string };

/** Everything a run needs from the host; the launcher adds workspace, model and settings. */
export interface RunRequest {
  runId: string;
  task: Issue;
  /** The run's bus: producers emit on it, the record and the chat subscribe to it. */
  events: RunBus;
  signal: AbortSignal;
  approveCommand(request: CommandApprovalRequest): Promise<CommandApproval>;
  /** Set when plan approval is on; the launcher passes it to the orchestrator. */
  approvePlan(plan: unknown): Promise<PlanDecision>;
  inbox: { take(): string[] };
  /** Model calls wait here while the user has paused the run. */
  pause: PauseGate;
  /** Durable state of an interrupted run, to resume it. */
  resumeFrom?: unknown;
}

export interface RunResult<Changes extends RunChanges = RunChanges, Outcome = unknown> {
  stop: Stop;
  changes: Changes;
  /** The orchestrator's RunOutcome, for the review (synthesis, criteria, test evidence). */
  outcome?: Outcome;
}

/**
 * The narrow seam between the UI and the core: production calls solveIssue
 * (see solve-launcher.ts); tests pass a scripted launcher.
 */
export interface RunLauncher<Changes extends RunChanges = RunChanges, Outcome = unknown> {
  launch(request: RunRequest): Promise<RunResult<Changes, Outcome>>;
}

export interface RunControllerOptions<Changes extends RunChanges, Outcome> {
  launcher: RunLauncher<Changes, Outcome>;
  session: ChatSession;
  /** Persists "Always for this workspace" allow rules; false when the command cannot be a rule. */
  persistAlways(command: string): Promise<boolean>;
  newRunId(): string;
  newId(): string;
}

export interface ActiveRun<Changes extends RunChanges, Outcome> {
  runId: string;
  task: Issue;
  events: EventSink;
  finished: boolean;
  result?: RunResult<Changes, Outcome>;
  done: Promise<RunResult<Changes, Outcome>>;
}

/**
 * One run at a time: start, follow-ups, stop, pause/resume, command and plan
 * approvals, and the finished run's changes for the review. Plain TypeScript
 * (no vscode), so the flow is unit-tested with a scripted launcher.
 */
export class RunController<Changes extends RunChanges = RunChanges, Outcome = unknown> {
  private run: (ActiveRun<Changes, Outcome> & { abort: AbortController; gate: PauseGate; inbox: FollowUpInbox; broker: ApprovalBroker }) | undefined;
  private planWaiter: ((decision: PlanDecision) => void) | undefined;
  private proposedPlan: unknown;
  private readonly listeners = new Set<() => void>();
  /** Approve, reject or edit the pending plan (the chat's buttons and the plan commands). */
  readonly plans: PlanReview;

  constructor(private readonly options: RunControllerOptions<Changes, Outcome>) {
    this.plans = new PlanReview(this, (event) => options.session.push(event));
  }

  /** The current or last run; undefined before the first. */
  get current(): ActiveRun<Changes, Outcome> | undefined {
    return this.run;
  }

  get active(): boolean {
    return this.run !== undefined && !this.run.finished;
  }

  get paused(): boolean {
    return this.active && this.run!.gate.paused;
  }

  get hasChanges(): boolean {
    return (this.run?.result?.changes.files().length ?? 0) > 0;
  }

  get awaitingPlan(): boolean {
    return this.planWaiter !== undefined;
  }

  /** The plan waiting for approval, as the orchestrator proposed it; undefined when none is. */
  get pendingPlan(): unknown {
    return this.planWaiter ? this.proposedPlan : undefined;
  }

  onDidChange(listener: () => void): IDisposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts a run; refuses while another one is going (the chat sends follow-ups instead). */
  start(task: Issue, resumeFrom?: unknown, runId = this.options.newRunId()): ActiveRun<Changes, Outcome> {
    if (this.active) throw new Error('A run is already going: stop it first, or type a follow-up for it.');
    const session = this.options.session;
    const abort = new AbortController();
    const gate = new PauseGate();
    const inbox = new FollowUpInbox();
    const bus = new RunBus(runId);
    bus.subscribe((event) => session.push({ kind: 'run', event }));
    const broker = new ApprovalBroker({ emit: (e) => session.push(e), persistAlways: this.options.persistAlways, newId: this.options.newId });

    session.push({ kind: 'run_launched', runId, task: { ref: task.ref, title: task.title } });
    session.push({ kind: 'user_message', text: task.ref === 'text' ? task.body : `${task.ref}: ${task.title}`, as: 'task' });

    const request: RunRequest = {
      runId,
      task,
      events: bus,
      signal: abort.signal,
      approveCommand: (req) => broker.request(req, abort.signal),
      approvePlan: (plan) => this.askPlan(plan, abort.signal),
      inbox,
      pause: gate,
      ...(resumeFrom !== undefined ? { resumeFrom } : {}),
    };
    const run = { runId, task, events: bus as EventSink, finished: false, abort, gate, inbox, broker } as NonNullable<typeof this.run>;
    this.run = run;
    // Promise.resolve().then: a launcher that throws synchronously still ends the run cleanly.
    run.done = Promise.resolve().then(() => this.options.launcher.launch(request)).then(
      (result) => this.finish(run, result.stop, result),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        const stop: Stop = abort.signal.aborted ? { kind: 'cancelled', message: 'cancelled by user' } : { kind: 'error', message };
        this.finish(run, stop, undefined);
        throw err;
      },
    );
    // The caller may not await: an unhandled failure is already shown in the chat.
    run.done.catch(() => undefined);
    this.changed();
    return run;
  }

  /** A follow-up typed during the run: the agent reads it at its next turn. */
  followUp(text: string): boolean {
    if (!this.active) return false;
    this.run!.inbox.push(text);
    this.options.session.push({ kind: 'user_message', text, as: 'followup' });
    return true;
  }

  stop(): boolean {
    if (!this.active) return false;
    const run = this.run!;
    run.abort.abort(new Error('cancelled by user'));
    run.broker.cancelAll('the run was stopped');
    this.resolvePlan({ approved: false, reason: 'cancelled by user' });
    run.gate.resume();
    this.changed();
    return true;
  }

  pause(): boolean {
    if (!this.active || this.run!.gate.paused) return false;
    this.run!.gate.pause();
    this.options.session.push({ kind: 'paused', paused: true });
    this.changed();
    return true;
  }

  resume(): boolean {
    if (!this.active || !this.run!.gate.paused) return false;
    this.run!.gate.resume();
    this.options.session.push({ kind: 'paused', paused: false });
    this.changed();
    return true;
  }

  decideCommand(approvalId: string, decision: ApprovalDecision, reason?: string): Promise<boolean> {
    if (!this.run) return Promise.resolve(false);
    return this.run.broker.decide(approvalId, decision, reason);
  }

  decidePlan(decision: PlanDecision): boolean {
    return this.resolvePlan(decision);
  }

  private askPlan(plan: unknown, signal: AbortSignal): Promise<PlanDecision> {
    if (signal.aborted) return Promise.resolve({ approved: false, reason: 'cancelled by user' });
    this.resolvePlan({ approved: false, reason: 'superseded by a new plan' });
    return new Promise<PlanDecision>((resolve) => {
      this.planWaiter = resolve;
      this.proposedPlan = plan;
      this.options.session.push({ kind: 'plan_pending', plan });
      this.changed();
    });
  }

  private resolvePlan(decision: PlanDecision): boolean {
    const waiter = this.planWaiter;
    if (!waiter) return false;
    this.planWaiter = undefined;
    this.proposedPlan = undefined;
    waiter(decision);
    const edited = decision.approved && decision.plan !== undefined;
    this.options.session.push({ kind: 'plan_resolved', approved: decision.approved, ...(decision.approved ? {} : { reason: decision.reason }), ...(edited ? { edited } : {}) });
    this.changed();
    return true;
  }

  private finish(run: NonNullable<typeof this.run>, stop: Stop, result: RunResult<Changes, Outcome> | undefined): RunResult<Changes, Outcome> {
    run.finished = true;
    run.broker.cancelAll('the run ended');
    if (this.run === run) this.resolvePlan({ approved: false, reason: 'the run ended' });
    const filesChanged = result?.changes.files().length ?? 0;
    if (result) run.result = result;
    this.options.session.push({ kind: 'run_ended', runId: run.runId, stop, filesChanged });
    this.changed();
    return result ?? ({ stop, changes: { files: () => [] } } as unknown as RunResult<Changes, Outcome>);
  }

  private changed(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // Listeners are UI updates; one failing must not break the run.
      }
    }
  }
}
