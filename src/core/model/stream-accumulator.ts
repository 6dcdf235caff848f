import type Anthropic from '@anthropic-ai/sdk';
import {
  ModelError,
  type AssistantBlock,
  type ModelResponse,
  type ModelStreamEvent,
  type StopReason,
  type TruncatedToolUse,
  type Usage,
} from './types';

type PendingBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; json: string; input?: unknown; complete: boolean }
  | { type: 'other' };

function toUsage(usage: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}, previous?: Usage): Usage {
  return {
    inputTokens: usage.input_tokens ?? previous?.inputTokens ?? 0,
    outputTokens: usage.output_tokens ?? previous?.outputTokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? previous?.cacheWriteTokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens ?? previous?.cacheReadTokens ?? 0,
  };
}

/**
 * Builds our ModelResponse from the raw SSE events and forwards live events.
 * Tool input JSON is parsed only at content_block_stop; a tool call whose
 * JSON is incomplete when max_tokens stops the turn is reported as truncated
 * and kept out of the content, so it can never be executed.
 */
export class StreamAccumulator {
  private id = '';
  private model = '';
  private usage: Usage = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };
  private readonly blocks: PendingBlock[] = [];
  private stopReason: string | null = null;
  private stopSequence: string | null = null;
  private stopped = false;

  constructor(private readonly emit: (event: ModelStreamEvent) => void = () => {}) {}

  add(event: Anthropic.MessageStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        this.id = event.message.id;
        this.model = event.message.model;
        this.usage = toUsage(event.message.usage);
        return;
      case 'content_block_start': {
        const block = event.content_block;
        if (block.type === 'text') {
          this.blocks[event.index] = { type: 'text', text: block.text };
          if (block.text) this.emit({ type: 'text_delta', text: block.text });
        } else if (block.type === 'tool_use') {
          this.blocks[event.index] = { type: 'tool_use', id: block.id, name: block.name, json: '', complete: false };
          this.emit({ type: 'tool_use_start', id: block.id, name: block.name });
        } else {
          this.blocks[event.index] = { type: 'other' };
        }
        return;
      }
      case 'content_block_delta': {
        const block = this.blocks[event.index];
        if (event.delta.type === 'text_delta' && block?.type === 'text') {
          block.text += event.delta.text;
          this.emit({ type: 'text_delta', text: event.delta.text });
        } else if (event.delta.type === 'input_json_delta' && block?.type === 'tool_use') {
          block.json += event.delta.partial_json;
        }
        return;
      }
      case 'content_block_stop': {
        const block = this.blocks[event.index];
        if (block?.type !== 'tool_use') return;
        try {
          block.input = block.json.trim() === '' ? {} : JSON.parse(block.json);
          block.complete = true;
          this.emit({ type: 'tool_use', block: { type: 'tool_use', id: block.id, name: block.name, input: block.input } });
        } catch {
          block.complete = false; // Cut JSON: decided in finish() against the stop reason.
        }
        return;
      }
      case 'message_delta':
        this.stopReason = event.delta.stop_reason ?? this.stopReason;
        this.stopSequence = event.delta.stop_sequence ?? this.stopSequence;
        this.usage = toUsage(event.usage, this.usage);
        return;
      case 'message_stop':
        this.stopped = true;
        return;
    }
  }

  /** The final response; throws a retryable ModelError when the stream ended early or was inconsistent. */
  finish(): ModelResponse {
    if (!this.stopped) {
      throw new ModelError('network', 'The connection to the Anthropic API ended before the reply was complete', true);
    }
    if (this.stopReason === null) {
      throw new ModelError('stream', 'The Anthropic API ended the reply without a stop reason', true);
    }
    const content: AssistantBlock[] = [];
    let truncated: TruncatedToolUse | undefined;
    for (const block of this.blocks) {
      if (!block || block.type === 'other') continue;
      if (block.type === 'text') {
        // An empty text block would be rejected when the turn is sent back.
        if (block.text !== '') content.push({ type: 'text', text: block.text });
      } else if (block.complete) {
        content.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
      } else if (this.stopReason === 'max_tokens') {
        truncated = { id: block.id, name: block.name, partialJson: block.json };
      } else {
        throw new ModelError('stream', `The Anthropic API sent invalid input JSON for the tool call ${block.name}`, true);
      }
    }
    this.emit({ type: 'usage', usage: this.usage });
    return {
      id: this.id,
      model: this.model,
      content,
      stopReason: this.stopReason as StopReason,
      usage: this.usage,
      ...(this.stopSequence !== null ? { stopSequence: this.stopSequence } : {}),
      ...(truncated ? { truncatedToolUse: truncated } : {}),
    };
  }
}
