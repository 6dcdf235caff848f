import { z } from 'zod';
import { ApprovalDecisionSchema, ChatEventSchema, ChatStateSchema } from './chat/chat-state';

/**
 * Every message between the chat webview and the extension host, both ways,
 * as zod schemas (discriminated on `type`). Both sides `safeParse` what they
 * receive; anything invalid is dropped and logged, never acted on. A view
 * message may carry a `requestId`; the host then answers with a `response`
 * carrying the same id (the envelope). Importable from both sides: zod and
 * pure schemas only.
 */

const requestId = z.string().min(1).max(64).optional();
const MAX_TEXT = 100_000;
const runId = z.string().min(1).max(200);

/** Webview → host. Strict objects: unknown keys make a message invalid. */
export const ViewMessageSchema = z.discriminatedUnion('type', [
  /** The webview has loaded and listens: the host sends a snapshot, then buffered events. */
  z.strictObject({ type: z.literal('ready'), requestId }),
  /** A task or issue reference when no run is active; a follow-up for the agent's next turn otherwise. */
  z.strictObject({ type: z.literal('submit'), requestId, text: z.string().trim().min(1).max(MAX_TEXT) }),
  z.strictObject({ type: z.literal('stop'), requestId }),
  z.strictObject({ type: z.literal('pause'), requestId }),
  z.strictObject({ type: z.literal('resume'), requestId }),
  z.strictObject({
    type: z.literal('approveCommand'),
    requestId,
    approvalId: z.string().min(1).max(200),
    decision: ApprovalDecisionSchema,
    reason: z.string().max(2_000).optional(),
  }),
  /** Approves (the edited text when an edit is open) or rejects the pending plan. */
  z.strictObject({ type: z.literal('approvePlan'), requestId, approved: z.boolean(), reason: z.string().max(2_000).optional() }),
  /** Opens the pending plan as JSON in an editor, to change it before approving. */
  z.strictObject({ type: z.literal('editPlan'), requestId }),
  z.strictObject({ type: z.literal('openReview'), requestId }),
  z.strictObject({ type: z.literal('showRunLog'), requestId, runId: runId.optional() }),
  /** Loads a saved run from history into the view (read-only replay). */
  z.strictObject({ type: z.literal('openRun'), requestId, runId }),
  /** Resumes a saved, interrupted run. */
  z.strictObject({ type: z.literal('resumeRun'), requestId, runId }),
  z.strictObject({ type: z.literal('refreshHistory'), requestId }),
  z.strictObject({ type: z.literal('pickIssue'), requestId }),
  z.strictObject({ type: z.literal('setApiKey'), requestId }),
  z.strictObject({ type: z.literal('tryDemo'), requestId }),
  z.strictObject({ type: z.literal('manageTrust'), requestId }),
  /** The webview reports a problem of its own (e.g. it dropped an invalid host message). */
  z.strictObject({ type: z.literal('log'), requestId, level: z.enum(['info', 'warn', 'error']), message: z.string().max(2_000) }),
]);
export type ViewMessage = z.infer<typeof ViewMessageSchema>;
export type ViewMessageType = ViewMessage['type'];

/** Host → webview. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  /** The whole view model: sent on `ready` (replay after the view was hidden) and on resets. */
  z.object({ type: z.literal('snapshot'), state: ChatStateSchema }),
  /** Live changes, batched; the webview reduces them with the same reducer as the host. */
  z.object({ type: z.literal('events'), events: z.array(ChatEventSchema).max(1_000) }),
  /** The answer to a view message that carried a requestId; `error` is set when ok is false. */
  z.object({ type: z.literal('response'), requestId: z.string().min(1).max(64), ok: z.boolean(), error: z.string().max(2_000).optional() }),
  /** Puts text into the input box (e.g. from "Foreman: Solve Issue" without a run). */
  z.object({ type: z.literal('focusInput'), text: z.string().max(MAX_TEXT).optional() }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
  const type = raw && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string' ? `'${(raw as { type: string }).type}'` : 'without a type';
  return { ok: false, error: `invalid message ${type}${where}: ${issue?.message ?? 'does not match the protocol'}` };
}

export const parseViewMessage = (raw: unknown): ParseResult<ViewMessage> => parseWith(ViewMessageSchema, raw);
export const parseHostMessage = (raw: unknown): ParseResult<HostMessage> => parseWith(HostMessageSchema, raw);
