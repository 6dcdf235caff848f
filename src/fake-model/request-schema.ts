import { z } from 'zod';

/**
 * The shape of a Messages API request body, as strict as the real API: unknown
 * top-level fields and unknown block types are rejected ("Extra inputs are not
 * permitted"), so a client bug shows up here and not in production.
 */

const CacheControlSchema = z.strictObject({
  type: z.literal('ephemeral'),
  ttl: z.enum(['5m', '1h']).optional(),
});

const cacheControl = { cache_control: CacheControlSchema.nullable().optional() };

export const TextBlockSchema = z.strictObject({
  type: z.literal('text'),
  text: z.string(),
  citations: z.array(z.unknown()).nullable().optional(),
  ...cacheControl,
});

const ImageBlockSchema = z.strictObject({
  type: z.literal('image'),
  source: z.record(z.string(), z.unknown()),
  ...cacheControl,
});

const DocumentBlockSchema = z.looseObject({
  type: z.literal('document'),
  source: z.record(z.string(), z.unknown()),
  ...cacheControl,
});

export const ToolUseBlockSchema = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().regex(/^[a-zA-Z0-9_-]+$/, "String should match pattern '^[a-zA-Z0-9_-]+$'"),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  ...cacheControl,
});

export const ToolResultBlockSchema = z.strictObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [TextBlockSchema, ImageBlockSchema]))]).optional(),
  is_error: z.boolean().optional(),
  ...cacheControl,
});

const ThinkingBlockSchema = z.strictObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() });
const RedactedThinkingBlockSchema = z.strictObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const RequestBlockSchema = z.discriminatedUnion('type', [
  TextBlockSchema,
  ImageBlockSchema,
  DocumentBlockSchema,
  ToolUseBlockSchema,
  ToolResultBlockSchema,
  ThinkingBlockSchema,
  RedactedThinkingBlockSchema,
]);

export const RequestMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(RequestBlockSchema)]),
});

export const RequestToolSchema = z.looseObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,128}$/, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"),
  description: z.string().optional(),
  // The type is checked separately to answer with the real API's message.
  input_schema: z.looseObject({ type: z.unknown() }),
  ...cacheControl,
});

export const ToolChoiceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.strictObject({ type: z.literal('none') }),
]);

const common = {
  model: z.string().min(1),
  messages: z.array(RequestMessageSchema),
  system: z.union([z.string(), z.array(TextBlockSchema)]).optional(),
  tools: z.array(RequestToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  thinking: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  service_tier: z.string().optional(),
  /** Automatic caching: one breakpoint on the last cacheable block. */
  cache_control: CacheControlSchema.nullable().optional(),
  output_config: z.record(z.string(), z.unknown()).optional(),
  container: z.unknown().optional(),
  diagnostics: z.unknown().optional(),
  inference_geo: z.string().nullable().optional(),
  speed: z.enum(['standard', 'fast']).nullable().optional(),
  user_profile_id: z.string().optional(),
  workspace_id: z.string().optional(),
};

export const MessagesRequestSchema = z.strictObject({
  ...common,
  // 0 is allowed: it pre-warms the prompt cache without generating.
  max_tokens: z.number().int().min(0),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
});

export const CountTokensRequestSchema = z.strictObject(common);

export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof CountTokensRequestSchema>;
export type RequestMessage = z.infer<typeof RequestMessageSchema>;
export type RequestBlock = z.infer<typeof RequestBlockSchema>;
export type RequestTool = z.infer<typeof RequestToolSchema>;

/** The first issue of a failed parse, worded like the API: `path: message`. */
export function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid request';
  const issue = deepest(first);
  const path = issue.path.join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return `${path ? `${path}.` : ''}${key}: Extra inputs are not permitted`;
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'Field required';
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    message = 'Input tag found using \'type\' does not match any of the expected tags';
  }
  return path ? `${path}: ${message}` : message;
}

/**
 * For a union (string | blocks), the branch that got furthest explains the
 * error best: `messages.0.content.0.type`, not `messages.0.content`.
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: z.core.$ZodIssue = issue;
  for (const branch of issue.errors) {
    const candidate = branch[0];
    if (!candidate) continue;
    const inner = deepest({ ...candidate, path: [...issue.path, ...candidate.path] } as z.core.$ZodIssue);
    if (inner.path.length > best.path.length) best = inner;
  }
  return best;
}
