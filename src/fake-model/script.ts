import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The fake model's script format. Public: users and outside test suites write
 * scripts in it (documented in the README), so these names never change.
 */

const RegexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid JavaScript regular expression' },
);

export const ScriptMatchSchema = z.strictObject({
  /** Regex on the system prompt (text blocks joined with "\n"). */
  system: RegexSource.optional(),
  /** Regex on the text of the first user message. */
  firstUser: RegexSource.optional(),
  /** Number of assistant messages already in `messages`. */
  turn: z.number().int().min(0).optional(),
});

export const ScriptTextBlockSchema = z.strictObject({ type: z.literal('text'), text: z.string() });
export const ScriptToolUseBlockSchema = z.strictObject({
  type: z.literal('tool_use'),
  /** Generated (`toolu_…`) when absent. */
  id: z.string().optional(),
  name: z.string(),
  input: z.record(z.string(), z.unknown()),
});

export const ScriptStopReasonSchema = z.enum([
  'end_turn',
  'tool_use',
  'max_tokens',
  'stop_sequence',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

export const ScriptUsageSchema = z.strictObject({
  input_tokens: z.number().int().min(0).optional(),
  output_tokens: z.number().int().min(0).optional(),
  cache_creation_input_tokens: z.number().int().min(0).optional(),
  cache_read_input_tokens: z.number().int().min(0).optional(),
});

export const ScriptReplySchema = z.strictObject({
  content: z.array(z.discriminatedUnion('type', [ScriptTextBlockSchema, ScriptToolUseBlockSchema])),
  /** Defaults to 'tool_use' when the content has a tool call, else 'end_turn'. */
  stop_reason: ScriptStopReasonSchema.optional(),
  stop_sequence: z.string().optional(),
  /** Computed from the request when absent; fields given here override. */
  usage: ScriptUsageSchema.optional(),
});

export const ScriptFaultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('http'),
    status: z.number().int().min(400).max(599),
    /** Seconds, sent as the `retry-after` header. */
    retryAfter: z.number().min(0).optional(),
  }),
  /** An SSE `error` event (overloaded_error) after N events of the stream. */
  z.strictObject({ kind: z.literal('stream-error'), afterEvents: z.number().int().min(0) }),
  /** The connection is closed after N events of the stream. */
  z.strictObject({ kind: z.literal('drop'), afterEvents: z.number().int().min(0) }),
  /** The request is accepted and never answered. */
  z.strictObject({ kind: z.literal('hang') }),
]);

export const ScriptEntrySchema = z
  .strictObject({
    match: ScriptMatchSchema.optional(),
    /** How often this entry may answer; unlimited when absent. */
    times: z.number().int().min(1).optional(),
    /** Wait before the response starts. */
    delayMs: z.number().min(0).optional(),
    /** Pace streamed deltas at this many tokens per second (≈ 4 characters a token). */
    tokensPerSecond: z.number().positive().optional(),
    reply: ScriptReplySchema.optional(),
    fault: ScriptFaultSchema.optional(),
  })
  // A stream-error or drop fault may also carry a reply: its events are what
  // streams before the cut.
  .refine((entry) => entry.reply !== undefined || entry.fault !== undefined, {
    message: 'an entry needs a "reply" or a "fault"',
  });

export const FakeScriptSchema = z.strictObject({ entries: z.array(ScriptEntrySchema) });

export type FakeScript = z.infer<typeof FakeScriptSchema>;
export type ScriptEntry = z.infer<typeof ScriptEntrySchema>;
export type ScriptReply = z.infer<typeof ScriptReplySchema>;
export type ScriptFault = z.infer<typeof ScriptFaultSchema>;

/** Parses a script object, or reads and parses a JSON file; errors name the bad field. */
export function loadScript(script: FakeScript | string): FakeScript {
  let raw: unknown = script;
  let origin = 'script';
  if (typeof script === 'string') {
    origin = script;
    try {
      raw = JSON.parse(readFileSync(script, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read fake-model script ${script}: ${(error as Error).message}`);
    }
  }
  const parsed = FakeScriptSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid fake-model script ${origin}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
