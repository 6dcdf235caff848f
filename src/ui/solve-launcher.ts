import type { ChangeSet } from '../core/changes/changeset';
import type { ModelClient } from '../core/model/types';
import type { SandboxFactory } from '../core/orchestrator/deps';
import type { Plan } from '../core/orchestrator/plan-schema';
import type { SolveSettings } from '../core/orchestrator/settings';
import type { RunOutcome, SolveOptions } from '../core/orchestrator/solve';
import type { SavedRunState } from '../core/orchestrator/state';
import type { RunStore } from '../core/run/store';
import type { CommandRunner, FileSystem, Search } from '../core/workspace/ports';
import { pausableModel } from './pause-gate';
import type { RunLauncher, RunRequest, RunResult } from './run-controller';

/** What a run needs from the host, built fresh (and lazily) for each run. */
export interface RunEnvironment {
  workspaceRoot: string;
  fs: FileSystem;
  search: Search;
  runner: CommandRunner;
  sandboxes: SandboxFactory;
  model: ModelClient;
  settings: SolveSettings;
  store: RunStore;
}

export type SolveEntry = (options: SolveOptions) => Promise<RunOutcome>;

/**
 * The production RunLauncher: builds the run's ports, records the run
 * (meta, every event, durable state) and calls the orchestrator's
 * `solveIssue`, loaded on first use so activation stays light.
 */
export class SolveLauncher implements RunLauncher<ChangeSet, RunOutcome> {
  constructor(
    private readonly solve: () => Promise<SolveEntry>,
    private readonly environment: (request: RunRequest) => Promise<RunEnvironment>,
  ) {}

  async launch(request: RunRequest): Promise<RunResult<ChangeSet, RunOutcome>> {
    const [solve, env] = await Promise.all([this.solve(), this.environment(request)]);
    const { store } = env;
    const resumeFrom = request.resumeFrom as SavedRunState | undefined;
    if (!resumeFrom) {
      store.startRun({ runId: request.runId, task: { ref: request.task.ref, title: request.task.title }, workspace: env.workspaceRoot, model: env.model.model });
    }
    // Recording is the host's job: solveIssue only saves its durable state. The subscription
    // outlives the run on purpose: review decisions made afterwards reach the record too.
    request.events.subscribe((event) => safe(() => store.append(event)));
    try {
      const outcome = await solve({
        runId: request.runId,
        task: request.task,
        workspace: { fs: env.fs, search: env.search, runner: env.runner, sandboxes: env.sandboxes },
        model: pausableModel(env.model, request.pause),
        settings: env.settings,
        approveCommand: (req) => request.approveCommand(req),
        ...(env.settings.planApproval === 'ask'
          ? {
              approvePlan: async (plan: Plan) => {
                const decision = await request.approvePlan(plan);
                if (!decision.approved) return decision;
                // An edited plan goes on as the user wrote it: solveIssue validates it (validatePlan)
                // and ends the run with a readable reason if it is invalid.
                return decision.plan !== undefined ? { approved: true as const, plan: decision.plan as Plan } : { approved: true as const };
              },
            }
          : {}),
        events: request.events,
        store,
        signal: request.signal,
        inbox: request.inbox,
        ...(resumeFrom ? { resumeFrom } : {}),
      });
      safe(() => store.finishRun(request.runId, { stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd }));
      return { stop: outcome.stop, changes: outcome.changes, outcome };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const stop = request.signal.aborted ? { kind: 'cancelled' as const, message: 'cancelled by user' } : { kind: 'error' as const, message };
      safe(() => store.finishRun(request.runId, { stop, usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }, costUsd: null }));
      throw err;
    }
  }
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // The record is best effort; a full disk must not end the user's run.
  }
}
