import type { AgentInbox, AgentOutcome } from '../../agent/types';
import type { Provenance } from '../../changes/types';
import { emptyUsage } from '../../model/types';
import type { EventSink } from '../../run/bus';
import type { Tool, ToolContext } from '../../tools/tool';
import { renderDependencies } from './dependency-context';
import { workerTaskMessage } from './prompts';
import type { WorkerAttempt, WorkerEnv } from './types';

/** The first user message of a worker: the issue, the plan, its subtask, what its dependencies found, the last failure. */
export function attemptTaskMessage(env: WorkerEnv, attempt: WorkerAttempt): string {
  return workerTaskMessage({
    issue: env.issue,
    plan: env.plan,
    subtask: attempt.subtask,
    dependencyContext: renderDependencies(attempt.dependencies, env.settings.dependencyContextChars),
    retryError: attempt.retryError,
  });
}

/** A worker's wall clock: its own timeout, cut to what is left of the run's time budget. */
export function workerMaxMs(env: WorkerEnv, attempt: WorkerAttempt): number {
  const timeoutMs = env.settings.workerTimeoutMinutes * 60_000;
  return Math.max(1, Math.min(timeoutMs, attempt.budget.remaining().ms ?? timeoutMs));
}

/** What differs between the agent workers; the rest of the loop's options comes from the env and the attempt. */
export interface WorkerAgentCall {
  system: string;
  tools: Tool[];
  /** The loop adds provenance and signal; the tool limits come from the settings. */
  toolContext: Omit<ToolContext, 'provenance' | 'signal' | 'limits'>;
  provenance: Provenance;
  /** From workerMaxMs (the caller may need it for a hard timeout of its own). */
  maxMs: number;
  events: EventSink;
  signal: AbortSignal;
  verify?: string;
  inbox?: AgentInbox;
}

/**
 * Runs the agent loop for one worker attempt: the task message, limits
 * from the settings and the budget the attempt has left. A loop that throws
 * comes back as an `error` stop, so the worker reports it like any other.
 */
export async function runWorkerAgent(env: WorkerEnv, attempt: WorkerAttempt, call: WorkerAgentCall): Promise<AgentOutcome> {
  const { settings } = env;
  const remaining = attempt.budget.remaining();
  try {
    return await env.deps.runAgent({
      model: env.model,
      system: call.system,
      task: attemptTaskMessage(env, attempt),
      tools: call.tools,
      toolContext: { ...call.toolContext, limits: { commandTimeoutMs: settings.commandTimeoutMs, maxOutputChars: 10_000, readMaxLines: 400 } },
      provenance: call.provenance,
      limits: {
        maxSteps: settings.maxStepsPerWorker,
        maxMs: call.maxMs,
        ...(remaining.tokens !== undefined ? { maxTokens: remaining.tokens } : {}),
        ...(remaining.usd !== undefined ? { maxUsd: remaining.usd } : {}),
        maxOutputTokens: settings.maxOutputTokens,
        contextWindow: settings.contextWindow,
        compactAtShare: settings.compactAtShare,
      },
      budget: attempt.budget,
      ...(call.verify ? { verify: call.verify } : {}),
      events: call.events,
      signal: call.signal,
      ...(call.inbox ? { inbox: call.inbox } : {}),
      cache: 'auto',
    });
  } catch (error) {
    const message = `worker ${attempt.subtask.id} crashed: ${error instanceof Error ? error.message : String(error)}`;
    return { stop: { kind: 'error', message }, steps: 0, usage: emptyUsage(), costUsd: 0, messages: [] };
  }
}
