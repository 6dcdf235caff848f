import { ChangeSet } from '../changes/changeset';
import type { Issue } from '../issue/types';
import type { ModelClient, Usage } from '../model/types';
import type { EventSink } from '../run/bus';
import { Budget } from '../run/budget';
import type { Stop } from '../run/events';
import type { CommandApproval, CommandApprovalRequest } from '../tools/tool';
import { abortable } from '../util/abortable';
import type { CommandRunner, FileSystem, Search } from '../workspace/ports';
import { createCommandApprover } from './command-approval';
import { resolveDeps } from './default-deps';
import type { LayerConflict, OrchestratorDeps, SandboxFactory } from './deps';
import { estimatePlanCostUsd } from './estimate';
import { finalStop } from './final-stop';
import { FollowUpFanOut } from './follow-ups';
import { validatePlan } from './plan';
import type { Plan } from './plan-schema';
import { planIssue } from './planner';
import { runSchedule, type AttemptRequest, type AttemptResult, type SubtaskState } from './scheduler';
import { SolveSettingsSchema, type SolveSettings, type SolveSettingsInput } from './settings';
import type { RunPhase, SavedRunState, WorkerRecord } from './state';
import { synthesise } from './synthesis';
import type { Synthesis } from './synthesis-schema';
import { runWorker } from './workers/run-worker';
import { workspaceOverview } from './workspace-overview';

/**
 * The top-level entry for the CLI and the extension: plan → (approve) →
 * workers in parallel → synthesis → optional bounded re-plan → run_finished,
 * with the state saved after every change so a killed run can resume.
 */

export type PlanApproval = { approved: true; plan?: Plan } | { approved: false; reason: string };

export interface SolveOptions {
  runId: string;
  /** Already fetched or parsed; a text task is an Issue with ref 'text'. */
  task: Issue;
  workspace: { fs: FileSystem; search: Search; runner: CommandRunner; sandboxes: SandboxFactory };
  model: ModelClient;
  /** Parsed with SolveSettingsSchema: every field has a default. */
  settings?: SolveSettingsInput;
  /** The host's UI; called only for commands the policy says 'ask'. */
  approveCommand: (request: CommandApprovalRequest) => Promise<CommandApproval>;
  /** Called when settings.planApproval is 'ask'; the UI may return an edited plan. */
  approvePlan?: (plan: Plan) => Promise<PlanApproval>;
  events: EventSink;
  /** Durable state (RunStore fits). */
  store?: { saveState(runId: string, state: unknown): void };
  signal: AbortSignal;
  /** Follow-up messages from the user, for the single agent. */
  inbox?: { take(): string[] };
  resumeFrom?: SavedRunState;
  /** Test seams: the agent loop, tools and pricing. */
  deps?: Partial<OrchestratorDeps>;
}

export interface RunOutcome {
  stop: Stop;
  changes: ChangeSet;
  plan?: Plan;
  synthesis?: Synthesis;
  workers: WorkerRecord[];
  conflicts: LayerConflict[];
  usage: Usage;
  /** Dollars; null when no call had a known price. */
  costUsd: number | null;
}

const CANCELLED: Stop = { kind: 'cancelled', message: 'cancelled by user' };

export async function solveIssue(options: SolveOptions): Promise<RunOutcome> {
  const settings: SolveSettings = SolveSettingsSchema.parse(options.settings ?? {});
  const deps = resolveDeps(options.deps);
  const { events, signal, runId, model } = options;
  const issue = options.task;
  const resume = options.resumeFrom;
  const { maxUsd, maxTokens, maxMinutes } = settings.budgets;
  const budget = new Budget({
    ...(maxUsd !== undefined ? { maxUsd } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(maxMinutes !== undefined ? { deadline: Date.now() + maxMinutes * 60_000 } : {}),
  });
  if (resume) budget.charge(resume.usage, resume.costUsd);
  const charge = (usage: Usage, cost: number | null): void => budget.charge(usage, cost);

  // Follow-ups reach every agent worker, in single-agent and orchestrated mode alike.
  const followUps = options.inbox ? new FollowUpFanOut(options.inbox) : undefined;
  const changes = resume?.changes ? ChangeSet.fromJSON(options.workspace.fs, resume.changes) : new ChangeSet(options.workspace.fs);
  let plan: Plan | undefined = resume?.plan;
  let synthesis: Synthesis | undefined = resume?.synthesis;
  let states = new Map<string, SubtaskState>((resume?.subtasks ?? []).map((s) => [s.id, s]));
  const workers: WorkerRecord[] = [...(resume?.workers ?? [])];
  const conflicts: LayerConflict[] = [...(resume?.conflicts ?? [])];
  let replans = resume?.replans ?? 0;
  let phase: RunPhase = !resume ? 'planning' : resume.phase === 'finished' ? 'running' : resume.phase;
  let finalStopValue: Stop | undefined;

  const save = (): void => {
    if (!options.store) return;
    const state: SavedRunState = {
      version: 1,
      runId,
      phase,
      issue,
      ...(plan ? { plan } : {}),
      subtasks: [...states.values()],
      workers,
      conflicts,
      replans,
      changes: changes.toJSON(),
      usage: budget.usage,
      costUsd: budget.costUsd,
      ...(synthesis ? { synthesis } : {}),
      ...(finalStopValue ? { stop: finalStopValue } : {}),
      savedAt: new Date().toISOString(),
    };
    try {
      options.store.saveState(runId, state);
    } catch (error) {
      events.emit({ type: 'log', level: 'error', message: `could not save the run state: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const costOrNull = (): number | null => (budget.unpricedCalls > 0 && budget.costUsd === 0 ? null : budget.costUsd);
  const emitCost = (): void => {
    events.emit({ type: 'cost', usage: budget.usage, costUsd: costOrNull(), savedUsd: null, ...(maxUsd !== undefined ? { budgetUsd: maxUsd } : {}) });
  };

  const finish = (stop: Stop): RunOutcome => {
    finalStopValue = stop;
    phase = 'finished';
    save();
    emitCost();
    events.emit({ type: 'run_finished', stop, usage: budget.usage, costUsd: costOrNull(), filesChanged: changes.files().length });
    return { stop, changes, ...(plan ? { plan } : {}), ...(synthesis ? { synthesis } : {}), workers, conflicts, usage: budget.usage, costUsd: costOrNull() };
  };

  const approveCommand = createCommandApprover({ policy: settings.commandPolicy, ask: options.approveCommand, events });

  const runAttempt = async (request: AttemptRequest): Promise<AttemptResult> => {
    const current = plan as Plan;
    const { subtask, attempt } = request;
    const workerId = `${subtask.id}-${attempt}`;
    const role = current.mode === 'single-agent' ? 'agent' : subtask.role;
    const startedAt = new Date().toISOString();
    const started = events.emit({ type: 'worker_started', workerId, role, subtaskId: subtask.id, title: subtask.description.slice(0, 120), attempt });
    // Each worker gets a slice of what is left, keeping a tenth back for synthesis.
    const share = budget.share(Math.min(1, 0.9 / Math.max(1, request.unfinished)));
    const dependencies = (subtask.dependsOn ?? []).map((id) => {
      const state = states.get(id);
      const dep = current.subtasks.find((s) => s.id === id);
      return { subtaskId: id, role: dep?.role ?? 'unknown', status: state?.status ?? 'pending', result: state?.result, note: state?.stop?.message };
    });
    const outcome = await runWorker(
      { runId, model, issue, plan: current, settings, deps, events, changes, workspace: options.workspace, approveCommand, ...(followUps ? { followUps } : {}) },
      {
        subtask,
        attempt,
        workerId,
        causeId: started.id,
        dependencies,
        ...(request.retryError ? { retryError: request.retryError } : {}),
        budget: share,
        willRetryOnFailure: request.willRetryOnFailure,
        signal,
      },
    );
    conflicts.push(...outcome.conflicts);
    workers.push({
      workerId,
      subtaskId: subtask.id,
      role,
      attempt,
      status: outcome.status,
      stop: outcome.stop,
      usage: outcome.usage,
      costUsd: outcome.costUsd,
      steps: outcome.steps,
      filesChanged: outcome.filesChanged,
      conflicts: outcome.conflicts.length,
      startedAt,
      finishedAt: new Date().toISOString(),
    });
    events.emit({ type: 'worker_finished', workerId, causeId: started.id, subtaskId: subtask.id, status: outcome.status, stop: outcome.stop, ...(outcome.result !== undefined ? { result: outcome.result } : {}) });
    emitCost();
    return { status: outcome.status, stop: outcome.stop, ...(outcome.result !== undefined ? { result: outcome.result } : {}), workerId };
  };

  events.emit({
    type: 'run_started',
    task: { ref: issue.ref, title: issue.title },
    workspace: options.workspace.fs.root,
    model: model.model,
    budgets: settings.budgets,
  });
  events.emit({
    type: 'issue_loaded',
    issue: { ref: issue.ref, title: issue.title, ...(issue.url ? { url: issue.url } : {}), bodyChars: issue.body.length, comments: issue.comments.length },
  });

  try {
    if (resume) {
      const done = resume.subtasks.filter((s) => s.status === 'succeeded').length;
      events.emit({ type: 'log', level: 'info', message: `resuming run ${runId}: ${done} of ${resume.plan?.subtasks.length ?? 0} subtasks already done, ${changes.files().length} files proposed` });
    }
    if (!plan) {
      const overview = await workspaceOverview(options.workspace.fs, signal);
      const planned = await planIssue({ model, issue, workspaceOverview: overview, events, signal, repairAttempts: settings.repairAttempts, maxTokens: settings.maxOutputTokens, price: deps.price, onUsage: charge });
      if (!planned.ok) {
        const stop = planned.stop.kind === 'cancelled' ? planned.stop : { ...planned.stop, message: `planning failed: ${planned.stop.message}` };
        return finish(stop);
      }
      plan = planned.value;
      // State first, then the announcement: a record that shows a plan always has it saved.
      save();
      events.emit({ type: 'plan_proposed', plan, ...estimateOf(plan) });
    }
    // A plan saved before its approval is asked about again on resume.
    if (phase === 'planning') {
      if (settings.planApproval === 'ask' && options.approvePlan) {
        let answer;
        try {
          answer = await abortable(options.approvePlan(plan), signal);
        } catch (error) {
          if (signal.aborted) return finish(CANCELLED);
          throw error;
        }
        if (!answer.approved) return finish({ kind: 'cancelled', message: `plan rejected: ${answer.reason}` });
        if (answer.plan) {
          const checked = validatePlan(answer.plan);
          if (!checked.ok) return finish({ kind: 'invalid_output', message: `the edited plan is invalid: ${checked.error}` });
          plan = checked.plan;
          save();
          events.emit({ type: 'plan_proposed', plan, ...estimateOf(plan) });
        }
        events.emit({ type: 'plan_approved', by: 'user' });
      } else {
        events.emit({ type: 'plan_approved', by: 'auto' });
      }
      phase = 'running';
      save();
    }

    for (let round = 0; ; round++) {
      if (phase !== 'synthesis') {
        phase = 'running';
        const scheduled = await runSchedule({
          subtasks: plan.subtasks,
          initial: states,
          keepFinished: round > 0,
          concurrency: settings.concurrency,
          signal,
          shouldHalt: () => budget.exceeded(),
          runAttempt,
          onChange: (_state, all) => {
            states = new Map(all);
            save();
          },
        });
        states = scheduled.states;
        if (scheduled.halted) return finish(haltedStop(scheduled.halted, changes.files().length));
        phase = 'synthesis';
        save();
      }
      const over = budget.exceeded();
      if (over) return finish(haltedStop(over, changes.files().length));
      const replanAllowed = replans < settings.maxReplans;
      const synthesised = await synthesise({
        model, issue, plan, states, changes: changes.files(), conflicts, replanAllowed, events, signal,
        repairAttempts: settings.repairAttempts, maxTokens: settings.maxOutputTokens, resultChars: settings.dependencyContextChars,
        price: deps.price, onUsage: charge,
      });
      if (!synthesised.ok) {
        const stop = synthesised.stop.kind === 'cancelled' ? synthesised.stop : { ...synthesised.stop, message: `synthesis failed: ${synthesised.stop.message}; the proposed changes are kept for review` };
        return finish(stop);
      }
      synthesis = synthesised.value;
      save();
      events.emit({ type: 'synthesis', synthesis });
      if (synthesis.replan && replanAllowed && !budget.exceeded()) {
        replans++;
        events.emit({ type: 'replan', reason: synthesis.replan.reason, round: replans });
        plan = { ...plan, mode: 'orchestrated', subtasks: [...plan.subtasks, ...synthesis.replan.subtasks] };
        phase = 'running';
        save();
        events.emit({ type: 'plan_proposed', plan, ...estimateOf(plan) });
        continue;
      }
      return finish(finalStop({ plan, states, synthesis, conflicts, filesChanged: changes.files().length }));
    }
  } catch (error) {
    if (signal.aborted) return finish(CANCELLED);
    return finish({ kind: 'error', message: `the run failed: ${error instanceof Error ? error.message : String(error)}` });
  }

  function estimateOf(p: Plan): { estimateUsd?: number } {
    const estimate = estimatePlanCostUsd({ plan: p, model: model.model, price: deps.price, issueChars: issue.body.length + issue.title.length, maxStepsPerWorker: settings.maxStepsPerWorker });
    return estimate === undefined ? {} : { estimateUsd: estimate };
  }
}

/** A budget or cancel stop, saying that the proposals are kept. */
function haltedStop(stop: Stop, files: number): Stop {
  if (stop.kind === 'cancelled') return stop;
  return { kind: stop.kind, message: `${stop.message}; stopped before finishing, ${files} proposed file change${files === 1 ? '' : 's'} kept for review` };
}
