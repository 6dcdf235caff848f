import { runAgentWorker } from './agent-worker';
import { runReadOnlyAgentWorker } from './read-only-agent-worker';
import { runStructuredWorker } from './structured-worker';
import type { WorkerAttempt, WorkerEnv, WorkerOutcome } from './types';

/**
 * code/test run as agents with every tool; analyze/design/document as
 * read-only agents that answer with submit_result (default), or as one
 * structured call (settings.readOnlyWorkers = 'single-call').
 */
export function runWorker(env: WorkerEnv, attempt: WorkerAttempt): Promise<WorkerOutcome> {
  switch (attempt.subtask.role) {
    case 'code':
    case 'test':
      return runAgentWorker(env, attempt);
    default:
      return env.settings.readOnlyWorkers === 'single-call' ? runStructuredWorker(env, attempt) : runReadOnlyAgentWorker(env, attempt);
  }
}
