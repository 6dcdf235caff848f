import { workerSink } from '../../run/bus';
import { callStructured } from '../structured';
import { RESULT_SCHEMAS, SUBMIT_RESULT, SUBMIT_RESULT_DESCRIPTION } from './result-schemas';
import { attemptTaskMessage } from './agent-call';
import { workerSystemPrompt } from './prompts';
import type { WorkerAttempt, WorkerEnv, WorkerOutcome } from './types';

/** analyze, design, document: one structured call (submit_result), repaired when invalid. */
export async function runStructuredWorker(env: WorkerEnv, attempt: WorkerAttempt): Promise<WorkerOutcome> {
  const { subtask } = attempt;
  const role = subtask.role;
  const zero = { usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }, costUsd: 0, steps: 0, conflicts: [], filesChanged: [] };
  const over = attempt.budget.exceeded();
  if (over) return { status: 'failed', stop: over, ...zero };
  const timeoutMs = env.settings.workerTimeoutMinutes * 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([attempt.signal, timeout]);
  const outcome = await callStructured({
    model: env.model,
    system: workerSystemPrompt(role, subtask.id, false),
    user: attemptTaskMessage(env, attempt),
    toolName: SUBMIT_RESULT,
    toolDescription: SUBMIT_RESULT_DESCRIPTION[role],
    schema: RESULT_SCHEMAS[role],
    signal,
    events: workerSink(env.events, attempt.workerId, attempt.causeId),
    repairAttempts: env.settings.repairAttempts,
    maxTokens: env.settings.maxOutputTokens,
    purpose: `worker ${role} ${subtask.id}`,
    price: env.deps.price,
    onUsage: (usage, cost) => attempt.budget.charge(usage, cost),
  });
  const base = { usage: outcome.usage, costUsd: outcome.costUsd, steps: outcome.attempts, conflicts: [], filesChanged: [] };
  if (outcome.ok) return { status: 'succeeded', stop: { kind: 'done', message: `${role} result submitted` }, result: outcome.value, ...base };
  if (timeout.aborted && !attempt.signal.aborted) {
    return { status: 'failed', stop: { kind: 'time', message: `worker ${subtask.id} passed its ${env.settings.workerTimeoutMinutes}-minute limit` }, ...base };
  }
  return { status: outcome.stop.kind === 'cancelled' ? 'cancelled' : 'failed', stop: outcome.stop, ...base };
}
