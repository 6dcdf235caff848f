import { runAgentWorker } from './agent-worker';
import { runStructuredWorker } from './structured-worker';
import type { WorkerAttempt, WorkerEnv, WorkerOutcome } from './types';

/** code/test run as agents with tools; analyze/design/document as one structured call. */
export function runWorker(env: WorkerEnv, attempt: WorkerAttempt): Promise<WorkerOutcome> {
  switch (attempt.subtask.role) {
    case 'code':
    case 'test':
      return runAgentWorker(env, attempt);
    default:
      return runStructuredWorker(env, attempt);
  }
}
