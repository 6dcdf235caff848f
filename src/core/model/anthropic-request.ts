import type Anthropic from '@anthropic-ai/sdk';
import { planCache, type CachePlan } from './cache';
import type { Message, ModelRequest, ToolChoice } from './types';

/**
 * SDK 1.13 dropped `temperature` from its types (newer models reject
 * non-default sampling); older models still take it, so we send it when asked.
 */
export type ApiParams = Anthropic.MessageCreateParamsNonStreaming & { temperature?: number };
type Params = ApiParams;
type ApiMessage = Anthropic.MessageParam;
type ApiBlock = Anthropic.ContentBlockParam;

const EPHEMERAL = { type: 'ephemeral' } as const;

function toApiBlocks(message: Message): ApiBlock[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ type: 'text', text: message.content }];
  return message.content.map((block): ApiBlock => {
    switch (block.type) {
      case 'text':
        return { type: 'text', text: block.text };
      case 'tool_use':
        return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
      case 'tool_result':
        return {
          type: 'tool_result',
          tool_use_id: block.tool_use_id,
          content: block.content,
          ...(block.is_error !== undefined ? { is_error: block.is_error } : {}),
        };
    }
  });
}

function toApiMessages(messages: Message[], plan: CachePlan): ApiMessage[] {
  return messages.map((message, index) => {
    const marked = plan.messages.filter((point) => point.message === index).map((point) => point.block);
    if (marked.length === 0) {
      // Plain string content stays a string: the wire shape the API documents first.
      return { role: message.role, content: typeof message.content === 'string' ? message.content : toApiBlocks(message) };
    }
    const blocks = toApiBlocks(message).map((block, blockIndex) =>
      marked.includes(blockIndex) ? ({ ...block, cache_control: EPHEMERAL } as ApiBlock) : block,
    );
    return { role: message.role, content: blocks };
  });
}

function toApiToolChoice(choice: ToolChoice): Anthropic.ToolChoice {
  return choice.type === 'tool' ? { type: 'tool', name: choice.name } : { type: choice.type };
}

/**
 * Our ModelRequest as Messages API parameters: system as a text block (so a
 * breakpoint can sit on it), tools, tool_choice, sampling and stop sequences,
 * with the cache breakpoints of `planCache`.
 */
export function toApiParams(request: ModelRequest, defaultModel: string): Params {
  const plan = planCache(request);
  const tools = request.tools ?? [];
  const params: Params = {
    model: request.model ?? defaultModel,
    max_tokens: request.maxTokens,
    messages: toApiMessages(request.messages, plan),
  };
  if (request.system.length > 0) {
    params.system = [{ type: 'text', text: request.system, ...(plan.system ? { cache_control: EPHEMERAL } : {}) }];
  }
  if (tools.length > 0) {
    params.tools = tools.map((tool, index) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.input_schema,
      ...(plan.tool === index ? { cache_control: EPHEMERAL } : {}),
    }));
  }
  if (request.toolChoice) params.tool_choice = toApiToolChoice(request.toolChoice);
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.stopSequences && request.stopSequences.length > 0) params.stop_sequences = request.stopSequences;
  return params;
}
