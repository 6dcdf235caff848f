/**
 * The CLI's solve path for now: one autonomous agent under the 'Foreman
 * agent' prompt, with the orchestrator's inputs and outputs (SolveOptions in,
 * a RunOutcome-shaped result out), so moving the CLI to the orchestrator is
 * one line in solve.ts. Emits the same run-level events solveIssue does.
 */
import { agentSystemPrompt, DEFAULT_AGENT_TASK, taskMessage } from '../core/agent/prompt';
import { runAgent } from '../core/agent/loop';
import { ChangeSet } from '../core/changes/changeset';
import { renderIssueForPrompt } from '../core/issue/prompt';
import { createCommandApprover } from '../core/orchestrator/command-approval';
import type { Sandbox } from '../core/orchestrator/deps';
import { SolveSettingsSchema } from '../core/orchestrator/settings';
import type { RunOutcome, SolveOptions } from '../core/orchestrator/solve';
import { cacheSavingsUsd } from '../core/model/pricing';
import { Budget } from '../core/run/budget';
import { defaultTools } from '../core/tools/default-tools';

export interface SingleAgentExtras {
  /** A command that must pass in the sandbox for finish to count. */
  verify?: string;
}

export type SingleAgentOutcome = RunOutcome & { summary?: string; steps: number };

export async function solveWithSingleAgent(options: SolveOptions, extras: SingleAgentExtras = {}): Promise<SingleAgentOutcome> {
  const settings = SolveSettingsSchema.parse(options.settings ?? {});
  const { events, runId, model, signal } = options;
  const issue = options.task;
  const { maxUsd, maxTokens, maxMinutes } = settings.budgets;
  const budget = new Budget({ ...(maxUsd !== undefined ? { maxUsd } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) });
  const changes = new ChangeSet(options.workspace.fs);

  events.emit({ type: 'run_started', task: { ref: issue.ref, title: issue.title }, workspace: options.workspace.fs.root, model: model.model, budgets: settings.budgets });
  events.emit({
    type: 'issue_loaded',
    issue: { ref: issue.ref, title: issue.title, ...(issue.url ? { url: issue.url } : {}), bodyChars: issue.body.length, comments: issue.comments.length },
  });

  let sandbox: Promise<Sandbox> | undefined;
  const approveCommand = createCommandApprover({ policy: settings.commandPolicy, ask: options.approveCommand, events });
  try {
    const outcome = await runAgent({
      model,
      system: agentSystemPrompt(),
      task: taskMessage(renderIssueForPrompt(issue), DEFAULT_AGENT_TASK),
      tools: defaultTools(),
      toolContext: {
        fs: options.workspace.fs,
        view: changes,
        changes,
        search: options.workspace.search,
        runner: options.workspace.runner,
        sandbox: async () => {
          sandbox ??= options.workspace.sandboxes.create(runId, signal);
          const box = await sandbox;
          await box.sync(changes.files());
          return box.root;
        },
        approveCommand,
        limits: { commandTimeoutMs: settings.commandTimeoutMs, maxOutputChars: 12_000, readMaxLines: 400 },
      },
      provenance: { workerId: 'agent', role: 'agent' },
      limits: {
        maxSteps: settings.maxStepsPerWorker,
        maxMs: (maxMinutes ?? settings.workerTimeoutMinutes) * 60_000,
        maxOutputTokens: settings.maxOutputTokens,
        contextWindow: settings.contextWindow,
        compactAtShare: settings.compactAtShare,
      },
      budget,
      ...(extras.verify ? { verify: extras.verify } : {}),
      events,
      signal,
      ...(options.inbox ? { inbox: options.inbox } : {}),
      cache: 'auto',
    });
    for (const diff of changes.diffs()) {
      const lines = diff.hunks.flatMap((h) => h.lines);
      events.emit({ type: 'change_proposed', path: diff.path, kind: diff.kind, added: lines.filter((l) => l.kind === 'add').length, removed: lines.filter((l) => l.kind === 'remove').length });
    }
    events.emit({ type: 'cost', usage: outcome.usage, costUsd: outcome.costUsd, savedUsd: cacheSavingsUsd(model.model, outcome.usage), ...(maxUsd !== undefined ? { budgetUsd: maxUsd } : {}) });
    events.emit({ type: 'run_finished', stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd, filesChanged: changes.files().length });
    return {
      stop: outcome.stop,
      changes,
      workers: [],
      conflicts: [],
      usage: outcome.usage,
      costUsd: outcome.costUsd,
      steps: outcome.steps,
      ...(outcome.summary !== undefined ? { summary: outcome.summary } : {}),
    };
  } finally {
    // The sandbox never outlives the run, whatever way it ended.
    if (sandbox) await sandbox.then((box) => box.dispose()).catch(() => undefined);
  }
}
