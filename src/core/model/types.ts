/**
 * The ModelClient port: one Messages request in, a streamed reply out.
 * Shapes mirror the Anthropic Messages API so adapters are thin, but core
 * never depends on the SDK's types.
 */

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

export type AssistantBlock = TextBlock | ToolUseBlock;
export type UserBlock = TextBlock | ToolResultBlock;
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

export type Message =
  | { role: 'user'; content: string | UserBlock[] }
  | { role: 'assistant'; content: string | AssistantBlock[] };

/** A tool as the API sees it: the JSON schema is derived from a zod schema. */
export interface ToolSpec {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

export type ToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'tool'; name: string }
  | { type: 'none' };

export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'pause_turn'
  | 'refusal'
  | 'model_context_window_exceeded';

export interface ModelRequest {
  /** Overrides the client's default model. */
  model?: string;
  system: string;
  messages: Message[];
  tools?: ToolSpec[];
  toolChoice?: ToolChoice;
  maxTokens: number;
  temperature?: number;
  stopSequences?: string[];
  /**
   * Prompt caching. 'auto' puts breakpoints on the stable prefix (tools, system,
   * the first user message that carries the issue) and on the moving tail of
   * the conversation: at most 4, as the API allows. 'off' sends none.
   */
  cache?: 'auto' | 'off';
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export interface ModelResponse {
  id: string;
  model: string;
  content: AssistantBlock[];
  stopReason: StopReason;
  usage: Usage;
  /** The stop sequence that ended the turn, when stopReason is 'stop_sequence'. */
  stopSequence?: string;
  /**
   * A tool_use block cut off by max_tokens before its input JSON was complete.
   * It is kept out of `content` (it must never be executed, and sending it back
   * would demand a tool_result); the agent loop reports it to the model instead.
   */
  truncatedToolUse?: TruncatedToolUse;
}

export interface TruncatedToolUse {
  id: string;
  name: string;
  /** The input JSON received before the cut. */
  partialJson: string;
}

/** What streams out of a call while it runs. */
export type ModelStreamEvent =
  | { type: 'text_delta'; text: string }
  | { type: 'tool_use_start'; id: string; name: string }
  | { type: 'tool_use'; block: ToolUseBlock }
  | { type: 'usage'; usage: Usage }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string };

export interface SendOptions {
  signal?: AbortSignal;
  onEvent?: (event: ModelStreamEvent) => void;
}

export interface ModelClient {
  /** The default model id, used for pricing when the request names none. */
  readonly model: string;
  send(request: ModelRequest, options?: SendOptions): Promise<ModelResponse>;
}

export type ModelErrorKind =
  | 'rate_limit' // 429
  | 'overloaded' // 529
  | 'server' // 5xx
  | 'invalid_request' // 400, 404, 413, 422: never retried
  | 'auth' // 401, 403
  | 'network' // connection refused, dropped, reset
  | 'timeout' // no bytes for longer than the timeout
  | 'stream' // an `error` event in the middle of an SSE stream
  | 'aborted'; // cancelled through the AbortSignal

/** Every failure of a model call surfaces as this, with a message a user can read. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export const emptyUsage = (): Usage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheWriteTokens: 0,
  cacheReadTokens: 0,
});

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  };
}
