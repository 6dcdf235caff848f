import { randomBytes } from 'node:crypto';
import { estimateTokens, type PromptUsage } from './accounting';
import type { ScriptReply } from './script';

/** A Messages API response body (the subset the fake produces). */
export interface ApiMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ApiContentBlock[];
  stop_reason: string;
  stop_sequence: string | null;
  usage: ApiUsage;
}

export type ApiContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface ApiUsage extends PromptUsage {
  output_tokens: number;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** An id in the API's style: `toolu_01…`, `msg_01…`, `req_01…`. */
export function apiId(prefix: string): string {
  const bytes = randomBytes(22);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_01${suffix}`;
}

export function outputTokens(content: ApiContentBlock[]): number {
  return content.reduce(
    (sum, block) =>
      sum + (block.type === 'text' ? estimateTokens(block.text) : estimateTokens(block.name + JSON.stringify(block.input))),
    0,
  );
}

/** The full message a scripted reply stands for: ids generated, usage computed where the script leaves it out. */
export function buildMessage(reply: ScriptReply, model: string, prompt: PromptUsage): ApiMessage {
  const content: ApiContentBlock[] = reply.content.map((block) =>
    block.type === 'text'
      ? { type: 'text', text: block.text }
      : { type: 'tool_use', id: block.id ?? apiId('toolu'), name: block.name, input: block.input },
  );
  const stopReason = reply.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  return {
    id: apiId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason,
    stop_sequence: reply.stop_sequence ?? null,
    usage: {
      input_tokens: reply.usage?.input_tokens ?? prompt.input_tokens,
      cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? prompt.cache_creation_input_tokens,
      cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? prompt.cache_read_input_tokens,
      output_tokens: reply.usage?.output_tokens ?? Math.max(1, outputTokens(content)),
    },
  };
}
