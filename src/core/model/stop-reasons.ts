import type { ModelResponse, ToolUseBlock, TruncatedToolUse } from './types';

/**
 * The one place that decides what a `stop_reason` means for the caller.
 * Every reason the Messages API documents is handled on purpose; the agent
 * loop switches on `action` and never on the raw reason.
 *
 * - `tools`: run these tool calls, answer each with a tool_result, call again.
 * - `done`: the turn is complete (end_turn, or a stop sequence the caller set).
 * - `continue`: call again with the assistant content appended as-is
 *   (pause_turn: the API paused a long turn; max_tokens: text was cut off and
 *   the caller may ask for the rest, or fail clearly if it cannot).
 * - `truncated`: max_tokens cut a tool call in the middle of its input; it must
 *   not be executed. Tell the model and let it retry with a smaller call.
 * - `refusal`: the model declined; stop with the reason.
 * - `context_full`: the conversation no longer fits; compact or stop.
 */
export type StopDecision =
  | { action: 'tools'; toolUses: ToolUseBlock[]; message: string }
  | { action: 'done'; message: string; stopSequence?: string }
  | { action: 'continue'; reason: 'pause_turn' | 'max_tokens'; message: string }
  | { action: 'truncated'; toolUse: TruncatedToolUse; message: string }
  | { action: 'refusal'; message: string }
  | { action: 'context_full'; message: string };

export type StopAction = StopDecision['action'];

function toolUsesOf(response: Pick<ModelResponse, 'content'>): ToolUseBlock[] {
  return response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
}

export function classifyStop(
  response: Pick<ModelResponse, 'content' | 'stopReason' | 'stopSequence' | 'truncatedToolUse'>,
): StopDecision {
  const toolUses = toolUsesOf(response);
  // The reason is typed as a closed union, but it comes off the wire: a future
  // reason must land in the default branch, not crash.
  const reason = response.stopReason as string;
  switch (reason) {
    case 'tool_use':
      if (toolUses.length > 0) {
        return { action: 'tools', toolUses, message: `model called ${toolUses.map((t) => t.name).join(', ')}` };
      }
      return { action: 'done', message: 'model stopped for tool use but sent no tool call' };
    case 'end_turn':
      return { action: 'done', message: 'model finished its turn' };
    case 'stop_sequence':
      return {
        action: 'done',
        message: `model reached the stop sequence ${JSON.stringify(response.stopSequence ?? '')}`,
        ...(response.stopSequence !== undefined ? { stopSequence: response.stopSequence } : {}),
      };
    case 'max_tokens':
      if (response.truncatedToolUse) {
        return {
          action: 'truncated',
          toolUse: response.truncatedToolUse,
          message:
            `the call to ${response.truncatedToolUse.name} was cut off by the output token limit ` +
            'before its input was complete; it was not run',
        };
      }
      if (toolUses.length > 0) {
        return { action: 'tools', toolUses, message: 'output token limit reached after complete tool calls' };
      }
      return { action: 'continue', reason: 'max_tokens', message: 'the reply was cut off by the output token limit' };
    case 'pause_turn':
      return { action: 'continue', reason: 'pause_turn', message: 'the API paused a long turn; resuming it' };
    case 'refusal':
      return { action: 'refusal', message: 'the model declined to continue with this request' };
    case 'model_context_window_exceeded':
      return { action: 'context_full', message: "the conversation no longer fits in the model's context window" };
    default:
      if (toolUses.length > 0) {
        return { action: 'tools', toolUses, message: `unknown stop reason ${reason}; running the tool calls` };
      }
      return { action: 'done', message: `model stopped with an unknown reason: ${reason}` };
  }
}
