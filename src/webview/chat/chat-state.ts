import { z } from 'zod';
import { RoleSchema, RunEventSchema, StopSchema, UsageSchema } from '../../core/run/events';

/**
 * The chat view's model: what the sidebar shows, as zod schemas (the host
 * sends it to the webview as a snapshot, and the webview validates it).
 * Pure: imports only zod and the run-event schemas, which are zod only, so
 * both the extension host and the browser bundle use it.
 */

export const RunSummarySchema = z.object({
  runId: z.string(),
  title: z.string(),
  ref: z.string().optional(),
  status: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  costUsd: z.number().nullable().optional(),
  stopMessage: z.string().optional(),
  /** Saved durable state exists: "Resume" is offered. */
  resumable: z.boolean().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const ApprovalDecisionSchema = z.enum(['run_once', 'always', 'deny']);
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

export const NoticeActionSchema = z.enum(['setApiKey', 'tryDemo', 'manageTrust', 'openReview', 'showLog']);
export type NoticeAction = z.infer<typeof NoticeActionSchema>;

/** Host-level happenings the view renders: run events plus what only the host knows. */
export const ChatEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), event: RunEventSchema }),
  z.object({ kind: z.literal('run_launched'), runId: z.string(), task: z.object({ ref: z.string(), title: z.string() }) }),
  z.object({
    kind: z.literal('run_ended'),
    runId: z.string(),
    stop: StopSchema,
    filesChanged: z.number(),
  }),
  z.object({ kind: z.literal('paused'), paused: z.boolean() }),
  z.object({
    kind: z.literal('approval_pending'),
    approvalId: z.string(),
    command: z.string(),
    cwd: z.string(),
    reason: z.string(),
  }),
  z.object({
    kind: z.literal('approval_resolved'),
    approvalId: z.string(),
    decision: ApprovalDecisionSchema,
    reason: z.string().optional(),
  }),
  z.object({ kind: z.literal('plan_pending'), plan: z.unknown() }),
  z.object({ kind: z.literal('plan_resolved'), approved: z.boolean(), reason: z.string().optional(), edited: z.boolean().optional() }),
  /** An edit of the pending plan was opened in the editor (true) or closed (false). */
  z.object({ kind: z.literal('plan_editing'), open: z.boolean() }),
  z.object({ kind: z.literal('user_message'), text: z.string(), as: z.enum(['task', 'followup']) }),
  z.object({
    kind: z.literal('notice'),
    level: z.enum(['info', 'warn', 'error']),
    text: z.string(),
    action: NoticeActionSchema.optional(),
  }),
  z.object({ kind: z.literal('history'), runs: z.array(RunSummarySchema) }),
  z.object({
    kind: z.literal('status'),
    hasApiKey: z.boolean(),
    trusted: z.boolean(),
    demo: z.boolean(),
  }),
  /** Clears the conversation (a new run, or a saved run opened from history). */
  z.object({ kind: z.literal('reset') }),
]);
export type ChatEvent = z.infer<typeof ChatEventSchema>;

export const SubtaskStateSchema = z.enum(['pending', 'running', 'succeeded', 'failed', 'cancelled', 'skipped']);
export type SubtaskState = z.infer<typeof SubtaskStateSchema>;

export const PlanViewSchema = z.object({
  mode: z.string().optional(),
  strategy: z.string().optional(),
  estimateUsd: z.number().optional(),
  approved: z.boolean(),
  subtasks: z.array(
    z.object({
      id: z.string(),
      role: z.string(),
      description: z.string(),
      dependsOn: z.array(z.string()),
      state: SubtaskStateSchema,
    }),
  ),
});
export type PlanView = z.infer<typeof PlanViewSchema>;

export const CostViewSchema = z.object({
  usage: UsageSchema,
  costUsd: z.number().nullable(),
  savedUsd: z.number().nullable(),
});
export type CostView = z.infer<typeof CostViewSchema>;

export const WorkerViewSchema = z.object({
  id: z.string(),
  role: RoleSchema.optional(),
  subtaskId: z.string().optional(),
  title: z.string().optional(),
  state: SubtaskStateSchema,
  stopMessage: z.string().optional(),
  cost: CostViewSchema,
  calls: z.number(),
});
export type WorkerView = z.infer<typeof WorkerViewSchema>;

const itemBase = { id: z.number(), workerId: z.string().optional() };
export const ChatItemSchema = z.discriminatedUnion('kind', [
  z.object({ ...itemBase, kind: z.literal('user'), text: z.string(), as: z.enum(['task', 'followup']), delivered: z.boolean().optional() }),
  z.object({ ...itemBase, kind: z.literal('text'), text: z.string(), streaming: z.boolean() }),
  z.object({
    ...itemBase,
    kind: z.literal('tool'),
    toolUseId: z.string(),
    name: z.string(),
    summary: z.string(),
    status: z.enum(['running', 'ok', 'error']),
    exitCode: z.number().nullable().optional(),
    output: z.string(),
    durationMs: z.number().optional(),
  }),
  z.object({
    ...itemBase,
    kind: z.literal('notice'),
    level: z.enum(['info', 'warn', 'error']),
    text: z.string(),
    action: NoticeActionSchema.optional(),
  }),
  z.object({
    ...itemBase,
    kind: z.literal('approval'),
    approvalId: z.string(),
    command: z.string(),
    cwd: z.string(),
    reason: z.string(),
    decision: ApprovalDecisionSchema.optional(),
    denyReason: z.string().optional(),
  }),
  z.object({ ...itemBase, kind: z.literal('worker'), role: z.string(), title: z.string(), phase: z.enum(['started', 'finished']), state: SubtaskStateSchema, detail: z.string().optional() }),
  z.object({ ...itemBase, kind: z.literal('stop'), stop: StopSchema, filesChanged: z.number().optional() }),
]);
export type ChatItem = z.infer<typeof ChatItemSchema>;

export const RunViewSchema = z.object({
  runId: z.string(),
  task: z.object({ ref: z.string(), title: z.string() }),
  model: z.string().optional(),
  phase: z.enum(['starting', 'running', 'finished']),
  paused: z.boolean(),
  startedAt: z.string().optional(),
  budgets: z.object({ maxUsd: z.number().optional(), maxTokens: z.number().optional(), maxMinutes: z.number().optional() }),
  stop: StopSchema.optional(),
  filesChanged: z.number(),
  planPending: z.boolean(),
  /** The pending plan is open in an editor: "Approve plan" approves the edited text. */
  planEditing: z.boolean().optional(),
  /** Opened from history: read-only, no live controls. */
  replay: z.boolean(),
});
export type RunView = z.infer<typeof RunViewSchema>;

export const ChatStateSchema = z.object({
  status: z.object({ hasApiKey: z.boolean(), trusted: z.boolean(), demo: z.boolean() }),
  run: RunViewSchema.optional(),
  plan: PlanViewSchema.optional(),
  workers: z.array(WorkerViewSchema),
  items: z.array(ChatItemSchema),
  cost: CostViewSchema.extend({ budgetUsd: z.number().optional() }),
  history: z.array(RunSummarySchema),
  nextItemId: z.number(),
  /** Open streaming text item per worker ('' = run level). */
  openText: z.record(z.string(), z.number()),
});
export type ChatState = z.infer<typeof ChatStateSchema>;
