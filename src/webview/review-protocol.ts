import { z } from 'zod';

/**
 * Every message between the review panel (webview) and the extension host,
 * both ways, as zod schemas. Both sides `safeParse` what they receive and drop
 * (and log) anything invalid: the webview renders model-written text and the
 * host acts on clicks, so neither trusts the other's bytes.
 *
 * Imported by browser code: zod only, no Node or vscode imports.
 */

export const ReviewDecisionSchema = z.enum(['accept', 'reject']);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

export const ProvenanceViewSchema = z.object({
  workerId: z.string(),
  subtaskId: z.string().optional(),
  role: z.string().optional(),
  reason: z.string().optional(),
  /** The subtask's title or description, where the plan has it. */
  title: z.string().optional(),
});
export type ProvenanceView = z.infer<typeof ProvenanceViewSchema>;

/** [start, end) offsets of the changed part of a line, for intra-line highlights. */
export const RangeSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const LineViewSchema = z.object({
  /** c = context, a = added, r = removed (short: a large set sends many lines). */
  k: z.enum(['c', 'a', 'r']),
  t: z.string(),
  /** Line number in the old file (context and removed lines). */
  o: z.number().int().optional(),
  /** Line number in the new file (context and added lines). */
  n: z.number().int().optional(),
  hl: z.array(RangeSchema).optional(),
  /** The line has no terminator ("No newline at end of file"). */
  nonl: z.boolean().optional(),
});
export type LineView = z.infer<typeof LineViewSchema>;

export const HunkViewSchema = z.object({
  id: z.string(),
  header: z.string(),
  oldStart: z.number().int(),
  newStart: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  lines: z.array(LineViewSchema),
  provenance: z.array(ProvenanceViewSchema),
  /** Acceptance criteria this hunk serves (best effort, from synthesis/plan). */
  criteria: z.array(z.string()),
});
export type HunkView = z.infer<typeof HunkViewSchema>;

export const FileViewSchema = z.object({
  path: z.string(),
  kind: z.enum(['create', 'modify', 'delete']),
  binary: z.boolean(),
  wholeFile: z.boolean(),
  added: z.number().int(),
  removed: z.number().int(),
  provenance: z.array(ProvenanceViewSchema),
  hunks: z.array(HunkViewSchema),
});
export type FileView = z.infer<typeof FileViewSchema>;

export const CriterionViewSchema = z.object({
  criterion: z.string(),
  met: z.boolean().optional(),
  evidence: z.string().optional(),
});
export type CriterionView = z.infer<typeof CriterionViewSchema>;

/** What the run's test workers showed: the failure before and the pass after. */
export const EvidenceViewSchema = z.object({
  workerId: z.string(),
  subtaskId: z.string().optional(),
  title: z.string().optional(),
  command: z.string().optional(),
  before: z.string().optional(),
  after: z.string().optional(),
  testsAdded: z.array(z.string()).optional(),
});
export type EvidenceView = z.infer<typeof EvidenceViewSchema>;

export const ReviewModelSchema = z.object({
  runId: z.string(),
  /** Bumped whenever the change set changes; stale requests are refused by the host. */
  revision: z.number().int(),
  summary: z.string().optional(),
  stop: z.string().optional(),
  files: z.array(FileViewSchema),
  criteria: z.array(CriterionViewSchema),
  evidence: z.array(EvidenceViewSchema),
});
export type ReviewModel = z.infer<typeof ReviewModelSchema>;

export const DecisionEntrySchema = z.object({
  decision: ReviewDecisionSchema,
  reason: z.string().optional(),
});
export type DecisionEntry = z.infer<typeof DecisionEntrySchema>;

export const DecisionsViewSchema = z.object({
  /** path → hunk id → decision; undecided hunks are absent. */
  hunks: z.record(z.string(), z.record(z.string(), DecisionEntrySchema)),
  /** Decisions on files without hunks (binary) and file-level rejection reasons. */
  files: z.record(z.string(), DecisionEntrySchema),
  counts: z.object({
    hunks: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    undecided: z.number().int(),
    /** Rejections that carry a reason and can be sent back to the run. */
    withReason: z.number().int(),
  }),
});
export type DecisionsView = z.infer<typeof DecisionsViewSchema>;

export const ApplyFileResultSchema = z.object({
  path: z.string(),
  action: z.enum(['write', 'create', 'delete', 'rename', 'none']),
  status: z.enum(['clean', 'merged', 'conflict', 'skipped']),
  message: z.string().optional(),
  hunksApplied: z.number().int(),
  hunksLeftOut: z.number().int(),
});
export type ApplyFileResult = z.infer<typeof ApplyFileResultSchema>;

export const ApplyResultViewSchema = z.object({
  /** False when the WorkspaceEdit itself was refused (then nothing was written). */
  ok: z.boolean(),
  message: z.string(),
  files: z.array(ApplyFileResultSchema),
});
export type ApplyResultView = z.infer<typeof ApplyResultViewSchema>;

/**
 * A workspace-relative path as the change set names it. The host opens files
 * by joining it to the workspace, so nothing that could leave the workspace
 * is accepted: no `..` segment, no absolute or drive path, no backslash, no NUL.
 */
const path = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !/[\\\0]/.test(p) && !p.split('/').includes('..'), {
    message: 'must be a workspace-relative path without ".." segments',
  });

/** Webview → host. Strict objects: an unknown key is an invalid message, as in the chat protocol. */
export const ToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({
    type: z.literal('decide'),
    revision: z.number().int(),
    path,
    /** Absent: the decision applies to the whole file. */
    hunkId: z.string().min(1).optional(),
    /** null clears the decision (back to undecided). */
    decision: ReviewDecisionSchema.nullable(),
    reason: z.string().max(4000).optional(),
  }),
  z.strictObject({ type: z.literal('decideAll'), revision: z.number().int(), decision: ReviewDecisionSchema.nullable() }),
  z.strictObject({ type: z.literal('apply'), revision: z.number().int() }),
  z.strictObject({ type: z.literal('sendFeedback'), revision: z.number().int() }),
  z.strictObject({ type: z.literal('openDiff'), path }),
  z.strictObject({ type: z.literal('openFile'), path, line: z.number().int().positive().optional() }),
]);
export type ToHost = z.infer<typeof ToHostSchema>;

/** Host → webview. */
export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('model'), model: ReviewModelSchema.nullable(), decisions: DecisionsViewSchema }),
  z.object({ type: z.literal('decisions'), revision: z.number().int(), decisions: DecisionsViewSchema }),
  z.object({ type: z.literal('busy'), busy: z.boolean(), label: z.string().optional() }),
  z.object({ type: z.literal('applyResult'), revision: z.number().int(), result: ApplyResultViewSchema }),
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: z.string() }),
  z.object({ type: z.literal('focusHunk'), path, hunkId: z.string().optional() }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, error: z.prettifyError(result.error) };
}

export const parseToHost = (raw: unknown): ParseResult<ToHost> => parseWith(ToHostSchema, raw);
export const parseToWebview = (raw: unknown): ParseResult<ToWebview> => parseWith(ToWebviewSchema, raw);
