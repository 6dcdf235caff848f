import { z } from 'zod';
import { StopSchema, type Stop } from '../run/events';
import type { Subtask } from './plan-schema';

/**
 * Runs a plan's DAG: ready subtasks in parallel up to `concurrency`, one
 * retry of a failed subtask with its error as context, dependents of a
 * failure skipped with the reason, and a halt (budget, cancel) that lets
 * running workers end through their signal and launches nothing new.
 */

export const SubtaskStatusSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled', 'skipped']);
export type SubtaskStatus = z.infer<typeof SubtaskStatusSchema>;

export const SubtaskStateSchema = z.object({
  id: z.string(),
  status: SubtaskStatusSchema,
  attempts: z.number().int().min(0),
  stop: StopSchema.optional(),
  result: z.unknown().optional(),
  workerId: z.string().optional(),
});
export type SubtaskState = z.infer<typeof SubtaskStateSchema>;

export interface AttemptResult {
  status: 'succeeded' | 'failed' | 'cancelled';
  stop: Stop;
  result?: unknown;
  workerId?: string;
}

export interface AttemptRequest {
  subtask: Subtask;
  /** 1 for the first attempt, 2 for the retry. */
  attempt: number;
  retryError?: string;
  willRetryOnFailure: boolean;
  /** Tasks not yet finished (this one included): for budget shares. */
  unfinished: number;
}

export interface ScheduleOptions {
  subtasks: readonly Subtask[];
  /** States from a saved run or an earlier round: succeeded subtasks are not run again. */
  initial?: ReadonlyMap<string, SubtaskState>;
  /** Keep failed/skipped/cancelled states from `initial` as they are (a re-plan round); default: run them again (resume). */
  keepFinished?: boolean;
  concurrency: number;
  /** Attempts per subtask (default 2: one retry). */
  maxAttempts?: number;
  signal: AbortSignal;
  runAttempt: (request: AttemptRequest) => Promise<AttemptResult>;
  /** Checked before every launch; a stop halts the schedule. */
  shouldHalt?: () => Stop | undefined;
  /** After every state change (for events and durable state). */
  onChange?: (state: SubtaskState, all: ReadonlyMap<string, SubtaskState>) => void;
}

export interface ScheduleOutcome {
  states: Map<string, SubtaskState>;
  /** Why the schedule stopped early, if it did. */
  halted?: Stop;
}

/**
 * Stops that another attempt cannot fix. model_error: the client already
 * retried the service with backoff; a fresh attempt would start the worker's
 * work over and spend more on a service that is failing.
 */
const FINAL_STOPS: ReadonlySet<Stop['kind']> = new Set(['cancelled', 'token_budget', 'cost_budget', 'refusal', 'model_error']);
export const isRetryable = (stop: Stop): boolean => !FINAL_STOPS.has(stop.kind);

export async function runSchedule(options: ScheduleOptions): Promise<ScheduleOutcome> {
  const maxAttempts = options.maxAttempts ?? 2;
  const concurrency = Math.max(1, options.concurrency);
  const states = new Map<string, SubtaskState>();
  for (const s of options.subtasks) {
    const saved = options.initial?.get(s.id);
    // On resume only success survives: anything else runs again from scratch.
    const keep = saved && (saved.status === 'succeeded' || (options.keepFinished && saved.status !== 'running' && saved.status !== 'pending'));
    states.set(s.id, keep ? { ...saved } : { id: s.id, status: 'pending', attempts: 0 });
  }
  const running = new Map<string, Promise<void>>();
  let halted: Stop | undefined;

  const update = (id: string, patch: Partial<SubtaskState>): void => {
    const next = { ...(states.get(id) as SubtaskState), ...patch };
    states.set(id, next);
    options.onChange?.(next, states);
  };

  const unfinishedCount = (): number => [...states.values()].filter((s) => s.status === 'pending' || s.status === 'running').length;

  /** Skips pending subtasks whose dependencies can no longer succeed (transitively). */
  const skipBlocked = (): void => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const s of options.subtasks) {
        const state = states.get(s.id);
        if (state?.status !== 'pending') continue;
        const blocker = (s.dependsOn ?? []).find((d) => {
          const status = states.get(d)?.status;
          return status === 'failed' || status === 'cancelled' || status === 'skipped';
        });
        if (blocker) {
          const why = states.get(blocker)?.stop?.message ?? states.get(blocker)?.status ?? 'did not finish';
          update(s.id, { status: 'skipped', stop: { kind: 'error', message: `skipped: dependency "${blocker}" did not succeed (${why})` } });
          changed = true;
        }
      }
    }
  };

  const ready = (): Subtask[] =>
    options.subtasks.filter(
      (s) => states.get(s.id)?.status === 'pending' && (s.dependsOn ?? []).every((d) => states.get(d)?.status === 'succeeded'),
    );

  const launch = (subtask: Subtask, retryError?: string): void => {
    const attempt = (states.get(subtask.id)?.attempts ?? 0) + 1;
    update(subtask.id, { status: 'running', attempts: attempt });
    const work = (async () => {
      let result: AttemptResult;
      try {
        result = await options.runAttempt({ subtask, attempt, retryError, willRetryOnFailure: attempt < maxAttempts, unfinished: unfinishedCount() });
      } catch (error) {
        result = { status: 'failed', stop: { kind: 'error', message: error instanceof Error ? error.message : String(error) } };
      }
      running.delete(subtask.id);
      const retry =
        result.status === 'failed' && attempt < maxAttempts && isRetryable(result.stop) && !options.signal.aborted && !options.shouldHalt?.();
      if (retry) {
        update(subtask.id, { status: 'pending', stop: result.stop, ...(result.workerId ? { workerId: result.workerId } : {}) });
        launch(subtask, result.stop.message);
        return;
      }
      update(subtask.id, {
        status: result.status,
        stop: result.stop,
        ...(result.result !== undefined ? { result: result.result } : {}),
        ...(result.workerId ? { workerId: result.workerId } : {}),
      });
    })();
    running.set(subtask.id, work);
  };

  for (;;) {
    skipBlocked();
    if (!halted) {
      if (options.signal.aborted) halted = { kind: 'cancelled', message: 'cancelled by user' };
      else halted = options.shouldHalt?.();
    }
    if (!halted) {
      for (const subtask of ready()) {
        if (running.size >= concurrency) break;
        launch(subtask);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  if (halted) {
    for (const [id, state] of states) {
      if (state.status === 'pending') {
        update(id, { status: halted.kind === 'cancelled' ? 'cancelled' : 'skipped', stop: { kind: halted.kind, message: `not run: ${halted.message}` } });
      }
    }
  }
  // Anything still pending here has dependencies that never became ready (cannot happen with a valid DAG).
  for (const [id, state] of states) {
    if (state.status === 'pending') update(id, { status: 'skipped', stop: { kind: 'error', message: 'skipped: dependencies never became ready' } });
  }
  return { states, ...(halted ? { halted } : {}) };
}
