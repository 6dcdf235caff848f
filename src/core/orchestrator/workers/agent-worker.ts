import { workerSink } from '../../run/bus';
import type { Stop } from '../../run/events';
import type { Sandbox } from '../deps';
import { CodeResultSchema, TestResultSchema } from './result-schemas';
import { runWorkerAgent, workerMaxMs, type WorkerAgentCall } from './agent-call';
import { workerSystemPrompt } from './prompts';
import type { WorkerAttempt, WorkerEnv, WorkerOutcome } from './types';

/** Stops after which the run goes no further: partial work is kept for review, not dropped. */
const RUN_ENDING: ReadonlySet<Stop['kind']> = new Set(['cancelled', 'token_budget', 'cost_budget', 'time', 'model_error']);

const TEST_FINISH_HINT =
  '\n\nWhen you call finish, make its summary a JSON object: ' +
  '{"testsAdded": [...], "command": "...", "resultBefore": "...", "resultAfter": "..."}.';

/** The JSON object in a finish summary, if there is one. */
function jsonIn(text: string | undefined): unknown {
  if (!text) return undefined;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/**
 * code and test: an autonomous agent with every tool, writing to its own
 * layer of the run's change set; the layer is merged when the worker
 * finishes, and overlapping edits come back as conflicts, never merged.
 */
export async function runAgentWorker(env: WorkerEnv, attempt: WorkerAttempt): Promise<WorkerOutcome> {
  const { subtask } = attempt;
  const singleAgent = env.plan.mode === 'single-agent';
  const layer = env.changes.layer();
  const events = workerSink(env.events, attempt.workerId, attempt.causeId);
  let sandbox: Sandbox | undefined;
  let sandboxPromise: Promise<Sandbox> | undefined;
  const maxMs = workerMaxMs(env, attempt);
  // A hard stop a little after the loop's own clock, in case a tool ignores it.
  const hardTimeout = AbortSignal.timeout(maxMs + 5_000);
  const signal = AbortSignal.any([attempt.signal, hardTimeout]);

  const provenance = { workerId: attempt.workerId, subtaskId: subtask.id, role: subtask.role, reason: subtask.description.slice(0, 200) };
  const toolContext: WorkerAgentCall['toolContext'] = {
    fs: env.workspace.fs,
    view: layer,
    changes: layer,
    search: env.workspace.search,
    runner: env.workspace.runner,
    sandbox: async () => {
      // One sandbox per worker: parallel workers never see each other's half-done edits.
      sandboxPromise ??= env.workspace.sandboxes.create(env.runId, signal);
      sandbox = await sandboxPromise;
      // The run's proposals, then this worker's own on top.
      const files = new Map(env.changes.files().map((f) => [f.path, f]));
      for (const f of layer.files()) files.set(f.path, f);
      await sandbox.sync([...files.values()], signal);
      return sandbox.root;
    },
    approveCommand: (request) => env.approveCommand(request, events),
  };

  const verify = subtask.verify ?? env.settings.verifyCommand;
  let outcome;
  try {
    outcome = await runWorkerAgent(env, attempt, {
      system: workerSystemPrompt(subtask.role, subtask.id, singleAgent) + (subtask.role === 'test' ? TEST_FINISH_HINT : ''),
      tools: env.deps.allTools(),
      toolContext,
      provenance,
      maxMs,
      events,
      signal,
      ...(verify ? { verify } : {}),
      ...(env.followUps ? { inbox: env.followUps.subscribe() } : {}),
    });
  } finally {
    const created = sandboxPromise;
    if (created) await created.then((s) => s.dispose()).catch(() => undefined);
  }

  let stop = outcome.stop;
  if (hardTimeout.aborted && !attempt.signal.aborted && stop.kind === 'cancelled') {
    stop = { kind: 'time', message: `worker ${subtask.id} passed its time limit` };
  }
  const done = stop.kind === 'done';
  const ownFiles = layer.files().filter((f) => f.provenance.some((p) => p.workerId === attempt.workerId));
  const keep = done || RUN_ENDING.has(stop.kind) || !attempt.willRetryOnFailure;
  let conflicts: WorkerOutcome['conflicts'] = [];
  let filesChanged: string[] = [];
  if (keep && ownFiles.length > 0) {
    const merged = await env.changes.mergeLayer(layer);
    conflicts = merged.conflicts;
    filesChanged = merged.merged;
    for (const path of merged.merged) emitChangeProposed(env, events, path);
    for (const conflict of conflicts) {
      events.emit({ type: 'change_conflict', path: conflict.path, workers: conflict.workers, message: conflict.message });
    }
  }

  const result = buildResult(subtask.role, outcome.summary, ownFiles.map((f) => f.path), verify, keep ? undefined : ownFiles.length);
  const status = done ? 'succeeded' : stop.kind === 'cancelled' ? 'cancelled' : 'failed';
  return { status, stop, result, usage: outcome.usage, costUsd: outcome.costUsd, steps: outcome.steps, conflicts, filesChanged };
}

/** One change_proposed event per merged file, with its line counts. */
function emitChangeProposed(env: WorkerEnv, events: WorkerEnv['events'], path: string): void {
  const change = env.changes.get(path);
  if (!change) return;
  let added = 0;
  let removed = 0;
  try {
    for (const hunk of env.changes.diff(path).hunks) {
      for (const line of hunk.lines) {
        if (line.kind === 'add') added++;
        else if (line.kind === 'remove') removed++;
      }
    }
  } catch {
    // A diff that cannot be computed still gets its event, without counts.
  }
  events.emit({ type: 'change_proposed', path, kind: change.kind, added, removed });
}

function buildResult(role: string, summary: string | undefined, files: string[], verify: string | undefined, discarded: number | undefined): unknown {
  const note = discarded ? { discardedFiles: discarded } : {};
  if (role === 'test') {
    const parsed = TestResultSchema.safeParse(jsonIn(summary));
    if (parsed.success) return { ...parsed.data, ...note };
    return { testsAdded: files, command: verify ?? '', resultBefore: 'not reported', resultAfter: summary ?? 'not reported', ...note };
  }
  const parsed = CodeResultSchema.safeParse(jsonIn(summary));
  if (parsed.success) return { ...parsed.data, ...note };
  return { changes: files.map((file) => ({ file, why: summary ?? '' })), summary: summary ?? '', ...note };
}
