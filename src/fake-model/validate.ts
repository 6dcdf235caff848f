import { z } from 'zod';
import { hasCacheControl } from './accounting';
import {
  CountTokensRequestSchema,
  describeIssue,
  MessagesRequestSchema,
  type CountTokensRequest,
  type MessagesRequest,
  type RequestBlock,
  type RequestMessage,
} from './request-schema';

/** The API's limit on `cache_control` markers per request. */
export const MAX_CACHE_CONTROL = 4;

export type Validated<T> = { ok: true; request: T } | { ok: false; message: string };

/**
 * Validates a request body like the real Messages API, with its wording where
 * we know it: shape first (required fields, types, unknown fields), then the
 * conversation rules the API enforces.
 */
export function validateMessagesRequest(body: unknown): Validated<MessagesRequest> {
  const missing = missingField(body, ['model', 'max_tokens', 'messages']);
  if (missing) return { ok: false, message: missing };
  return checked(MessagesRequestSchema, body);
}

export function validateCountTokensRequest(body: unknown): Validated<CountTokensRequest> {
  const missing = missingField(body, ['model', 'messages']);
  if (missing) return { ok: false, message: missing };
  return checked(CountTokensRequestSchema, body);
}

function missingField(body: unknown, fields: string[]): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Input should be a valid dictionary';
  for (const field of fields) {
    if (!(field in body)) return `${field}: Field required`;
  }
  return null;
}

function checked<T extends CountTokensRequest>(schema: z.ZodType<T>, body: unknown): Validated<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const problem = conversationProblem(parsed.data);
  return problem ? { ok: false, message: problem } : { ok: true, request: parsed.data };
}

const blocksOf = (message: RequestMessage): RequestBlock[] =>
  typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;

function conversationProblem(request: CountTokensRequest): string | null {
  return (
    toolsProblem(request) ??
    messagesProblem(request.messages) ??
    toolChoiceProblem(request) ??
    cacheControlProblem(request)
  );
}

function toolsProblem(request: CountTokensRequest): string | null {
  const seen = new Set<string>();
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (tool.input_schema.type !== 'object') return `tools.${index}.custom.input_schema.type: Input should be 'object'`;
    if (seen.has(tool.name)) return 'tools: Tool names must be unique.';
    seen.add(tool.name);
  }
  return null;
}

function messagesProblem(messages: RequestMessage[]): string | null {
  if (messages.length === 0) return 'messages: at least one message is required';
  if (messages[0]?.role !== 'user') return 'messages: first message must use the "user" role';
  for (const [index, message] of messages.entries()) {
    const previous = messages[index - 1];
    if (previous && previous.role === message.role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${message.role}" roles in a row`;
    }
    const isFinalAssistant = index === messages.length - 1 && message.role === 'assistant';
    const blocks = typeof message.content === 'string' ? null : message.content;
    if ((blocks && blocks.length === 0) || (typeof message.content === 'string' && message.content === '')) {
      if (!isFinalAssistant) {
        return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
      }
    }
    for (const [blockIndex, block] of blocksOf(message).entries()) {
      if (block.type === 'text' && block.text === '' && blocks) {
        return `messages.${index}.content.${blockIndex}.text: text content blocks must be non-empty`;
      }
      if (message.role === 'user' && block.type === 'tool_use') {
        return `messages.${index}.content.${blockIndex}: tool_use blocks may only appear in assistant messages`;
      }
      if (message.role === 'assistant' && block.type === 'tool_result') {
        return `messages.${index}.content.${blockIndex}: tool_result blocks may only appear in user messages`;
      }
    }
    if (isFinalAssistant) {
      const last = blocksOf(message).at(-1);
      if (last?.type === 'text' && last.text !== '' && /\s$/.test(last.text)) {
        return 'messages: final assistant content cannot end with trailing whitespace';
      }
    }
    const toolProblem = toolPairingProblem(messages, index);
    if (toolProblem) return toolProblem;
  }
  return null;
}

/** Every tool_use is answered in the next user turn, and every tool_result answers the previous turn. */
function toolPairingProblem(messages: RequestMessage[], index: number): string | null {
  const message = messages[index]!;
  const blocks = blocksOf(message);
  if (message.role === 'assistant') {
    const ids = blocks.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    if (ids.length === 0) return null;
    const next = messages[index + 1];
    const answered = new Set(
      next ? blocksOf(next).flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])) : [],
    );
    const unanswered = ids.filter((id) => !answered.has(id));
    if (unanswered.length > 0) {
      return (
        `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ` +
        `${unanswered.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`
      );
    }
    return null;
  }
  const previous = messages[index - 1];
  const asked = new Set(
    previous ? blocksOf(previous).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) : [],
  );
  for (const [blockIndex, block] of blocks.entries()) {
    if (block.type === 'tool_result' && !asked.has(block.tool_use_id)) {
      return (
        `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ` +
        `${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`
      );
    }
  }
  return null;
}

function toolChoiceProblem(request: CountTokensRequest): string | null {
  const choice = request.tool_choice;
  if (!choice) return null;
  const tools = request.tools ?? [];
  if ((choice.type === 'any' || choice.type === 'tool') && tools.length === 0) {
    return 'tool_choice: tool_choice may only be specified while providing tools';
  }
  if (choice.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) {
    return `tool_choice.name: Tool '${choice.name}' not found in the provided tools`;
  }
  return null;
}

function cacheControlProblem(request: CountTokensRequest): string | null {
  const count = countCacheControl(request);
  if (count > MAX_CACHE_CONTROL) {
    return `A maximum of ${MAX_CACHE_CONTROL} blocks with cache_control may be provided. Found ${count}.`;
  }
  return null;
}

export function countCacheControl(request: CountTokensRequest): number {
  const marked = (block: object) => (hasCacheControl(block) ? 1 : 0);
  let count = request.cache_control ? 1 : 0;
  for (const tool of request.tools ?? []) count += marked(tool);
  if (Array.isArray(request.system)) for (const block of request.system) count += marked(block);
  for (const message of request.messages) {
    for (const block of blocksOf(message)) {
      count += marked(block);
      if (block.type === 'tool_result' && Array.isArray(block.content)) {
        for (const inner of block.content) count += marked(inner);
      }
    }
  }
  return count;
}
