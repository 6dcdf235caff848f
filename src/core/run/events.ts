import { z } from 'zod';

/**
 * The run's event stream: one source for the UI, the audit log (JSONL) and
 * the CLI. Every event has an id and, where something caused it, the id of
 * its cause, so a log of parallel workers can be read as a tree.
 * The set of event types is a public contract (run records are read by tools).
 */

export const UsageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheWriteTokens: z.number(),
  cacheReadTokens: z.number(),
});

export const StopKindSchema = z.enum([
  'done', // finished (and verified, where a verification command exists)
  'gave_up', // the agent called give_up
  'max_steps',
  'time', // wall clock
  'token_budget',
  'cost_budget',
  'loop', // repeated action or no progress
  'cancelled', // the user stopped it
  'refusal', // the model refused
  'context_window', // conversation no longer fits
  'model_error', // the model service failed after retries
  'invalid_output', // the model's output stayed invalid after repair attempts
  'error', // anything else, with its message
]);
export type StopKind = z.infer<typeof StopKindSchema>;

export const StopSchema = z.object({
  kind: StopKindSchema,
  /** A sentence the user can read: "cancelled by user", "reached 40 steps". */
  message: z.string(),
});
export type Stop = z.infer<typeof StopSchema>;

export const RoleSchema = z.enum(['agent', 'analyze', 'design', 'code', 'test', 'document']);
export type Role = z.infer<typeof RoleSchema>;

const base = {
  id: z.string(),
  runId: z.string(),
  /** ISO timestamp. */
  ts: z.string(),
  /** The event that caused this one. */
  causeId: z.string().optional(),
  /** The worker that emitted it; absent for run-level events. */
  workerId: z.string().optional(),
};

export const RunEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run_started'),
    task: z.object({ ref: z.string(), title: z.string() }),
    workspace: z.string(),
    model: z.string(),
    budgets: z.object({
      maxUsd: z.number().optional(),
      maxTokens: z.number().optional(),
      maxMinutes: z.number().optional(),
    }),
  }),
  z.object({
    ...base,
    type: z.literal('issue_loaded'),
    issue: z.object({
      ref: z.string(),
      title: z.string(),
      url: z.string().optional(),
      bodyChars: z.number(),
      comments: z.number(),
    }),
  }),
  z.object({ ...base, type: z.literal('plan_proposed'), plan: z.unknown(), estimateUsd: z.number().optional() }),
  z.object({ ...base, type: z.literal('plan_approved'), by: z.enum(['user', 'auto']) }),
  z.object({ ...base, type: z.literal('plan_invalid'), attempt: z.number(), error: z.string() }),
  z.object({
    ...base,
    type: z.literal('worker_started'),
    role: RoleSchema,
    subtaskId: z.string(),
    title: z.string(),
    attempt: z.number(),
  }),
  z.object({
    ...base,
    type: z.literal('worker_finished'),
    subtaskId: z.string(),
    status: z.enum(['succeeded', 'failed', 'cancelled', 'skipped']),
    stop: StopSchema,
    result: z.unknown().optional(),
  }),
  z.object({ ...base, type: z.literal('model_call_started'), step: z.number(), purpose: z.string() }),
  z.object({
    ...base,
    type: z.literal('model_call_finished'),
    step: z.number(),
    model: z.string(),
    stopReason: z.string(),
    usage: UsageSchema,
    /** Dollars for this call; null when the model's price is unknown. */
    costUsd: z.number().nullable(),
    durationMs: z.number(),
    /** The assistant's text of this turn (tool calls are their own events). */
    text: z.string(),
  }),
  /** Streaming text: emitted to live consumers, not written to the record. */
  z.object({ ...base, type: z.literal('model_text_delta'), text: z.string() }),
  z.object({ ...base, type: z.literal('model_retry'), attempt: z.number(), delayMs: z.number(), reason: z.string() }),
  z.object({
    ...base,
    type: z.literal('tool_call'),
    toolUseId: z.string(),
    name: z.string(),
    input: z.unknown(),
  }),
  z.object({
    ...base,
    type: z.literal('tool_result'),
    toolUseId: z.string(),
    name: z.string(),
    isError: z.boolean(),
    /** What went back to the model, cut to a readable size. */
    output: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    durationMs: z.number(),
  }),
  /** Live command output: emitted to live consumers, not written to the record. */
  z.object({ ...base, type: z.literal('command_output'), toolUseId: z.string(), chunk: z.string() }),
  z.object({
    ...base,
    type: z.literal('approval_requested'),
    approvalId: z.string(),
    command: z.string(),
    reason: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('approval_decided'),
    approvalId: z.string(),
    decision: z.enum(['run_once', 'always', 'deny', 'auto_allow', 'auto_deny']),
    reason: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('change_proposed'),
    path: z.string(),
    kind: z.enum(['create', 'modify', 'delete']),
    added: z.number(),
    removed: z.number(),
  }),
  z.object({
    ...base,
    type: z.literal('change_conflict'),
    path: z.string(),
    workers: z.array(z.string()),
    message: z.string(),
  }),
  z.object({ ...base, type: z.literal('context_compacted'), strategy: z.enum(['mask', 'summarise']), beforeTokens: z.number(), afterTokens: z.number() }),
  z.object({ ...base, type: z.literal('user_message'), text: z.string() }),
  z.object({
    ...base,
    type: z.literal('cost'),
    usage: UsageSchema,
    costUsd: z.number().nullable(),
    /** Dollars the cache saved against sending everything uncached. */
    savedUsd: z.number().nullable(),
    budgetUsd: z.number().optional(),
  }),
  z.object({ ...base, type: z.literal('synthesis'), synthesis: z.unknown() }),
  z.object({ ...base, type: z.literal('replan'), reason: z.string(), round: z.number() }),
  z.object({
    ...base,
    type: z.literal('review_decision'),
    hunkId: z.string().optional(),
    path: z.string(),
    decision: z.enum(['accept', 'reject', 'applied', 'conflict', 'merged']),
    reason: z.string().optional(),
    by: z.string(),
  }),
  z.object({ ...base, type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string() }),
  z.object({
    ...base,
    type: z.literal('run_finished'),
    stop: StopSchema,
    usage: UsageSchema,
    costUsd: z.number().nullable(),
    filesChanged: z.number(),
  }),
]);

export type RunEvent = z.infer<typeof RunEventSchema>;
export type RunEventType = RunEvent['type'];
/** An event before the emitter stamps id, runId and ts. */
export type RunEventInput = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'id' | 'runId' | 'ts'> & { id?: string }
    : never
  : never;

/** Live-only events are shown but not written to the record. */
export const LIVE_ONLY_EVENTS: ReadonlySet<RunEventType> = new Set(['model_text_delta', 'command_output']);
