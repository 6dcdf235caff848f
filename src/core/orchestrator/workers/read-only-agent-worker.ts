import { workerSink } from '../../run/bus';
import { defineTool, type Tool } from '../../tools/tool';
import type { WorkerRole } from '../plan-schema';
import { runWorkerAgent, workerMaxMs, type WorkerAgentCall } from './agent-call';
import { workerSystemPrompt } from './prompts';
import { RESULT_SCHEMAS, SUBMIT_RESULT, SUBMIT_RESULT_DESCRIPTION } from './result-schemas';
import type { WorkerAttempt, WorkerEnv, WorkerOutcome } from './types';

const READ_ONLY_HINT =
  '\n\nYou can read the repository (read_file, list_files, search_codebase) but not change it or run commands. ' +
  'Look at the code before you answer, then call submit_result once; give_up if the task cannot be done.';

/** submit_result as an agent tool: the registry validates its input (errors go back to the model), and it ends the loop. */
export function submitResultTool(role: WorkerRole): Tool {
  return defineTool({
    name: SUBMIT_RESULT,
    description: SUBMIT_RESULT_DESCRIPTION[role],
    input: RESULT_SCHEMAS[role],
    risk: 'control',
    run: async (input) => ({ content: 'Result received.', control: { kind: 'finish', summary: JSON.stringify(input) } }),
  });
}

/**
 * analyze, design, document as a read-only agent: it reads and searches the
 * code, then answers with submit_result. Its tools cannot write or run
 * anything, so it needs no layer and no sandbox.
 */
export async function runReadOnlyAgentWorker(env: WorkerEnv, attempt: WorkerAttempt): Promise<WorkerOutcome> {
  const { subtask } = attempt;
  const role = subtask.role;
  const tools = [...env.deps.readOnlyTools().filter((t) => t.name !== 'finish'), submitResultTool(role)];
  const toolContext: WorkerAgentCall['toolContext'] = {
    fs: env.workspace.fs,
    view: env.changes,
    changes: {
      write: async () => refuse(),
      create: async () => refuse(),
      remove: async () => refuse(),
    },
    search: env.workspace.search,
    runner: env.workspace.runner,
    sandbox: async () => refuse(),
    approveCommand: async () => ({ decision: 'deny', reason: 'read-only worker' }),
  };
  const outcome = await runWorkerAgent(env, attempt, {
    system: workerSystemPrompt(role, subtask.id, false) + READ_ONLY_HINT,
    tools,
    toolContext,
    provenance: { workerId: attempt.workerId, subtaskId: subtask.id, role },
    maxMs: workerMaxMs(env, attempt),
    events: workerSink(env.events, attempt.workerId, attempt.causeId),
    signal: attempt.signal,
    ...(env.followUps ? { inbox: env.followUps.subscribe() } : {}),
  });
  const base = { usage: outcome.usage, costUsd: outcome.costUsd, steps: outcome.steps, conflicts: [], filesChanged: [] };
  if (outcome.stop.kind !== 'done') {
    return { status: outcome.stop.kind === 'cancelled' ? 'cancelled' : 'failed', stop: outcome.stop, ...base };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.summary ?? '');
  } catch {
    parsed = undefined;
  }
  const result = RESULT_SCHEMAS[role].safeParse(parsed);
  if (!result.success) {
    return { status: 'failed', stop: { kind: 'invalid_output', message: `worker ${subtask.id} finished without a valid ${SUBMIT_RESULT}` }, ...base };
  }
  return { status: 'succeeded', stop: { kind: 'done', message: `${role} result submitted` }, result: result.data, ...base };
}

function refuse(): never {
  throw new Error('This worker is read-only: it cannot change files or run commands.');
}
