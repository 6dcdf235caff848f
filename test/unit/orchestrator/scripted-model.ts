import { ModelError, type AssistantBlock, type ModelClient, type ModelRequest, type ModelResponse, type StopReason } from '../../../src/core/model/types';
import type { EventSink } from '../../../src/core/run/bus';
import type { RunEvent, RunEventInput } from '../../../src/core/run/events';

/** An in-process ModelClient for unit tests: each call is answered by `answer(request, index)`. */
export class ScriptedModel implements ModelClient {
  readonly model = 'claude-sonnet-4-5';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly answer: (request: ModelRequest, index: number) => ModelResponse | Error | Promise<ModelResponse | Error>) {}

  async send(request: ModelRequest, options: { signal?: AbortSignal } = {}): Promise<ModelResponse> {
    if (options.signal?.aborted) throw new ModelError('aborted', 'aborted', false);
    this.requests.push(structuredClone(request));
    const out = await this.answer(request, this.requests.length - 1);
    if (out instanceof Error) throw out;
    return out;
  }
}

let seq = 0;
export function reply(content: AssistantBlock[], stopReason: StopReason = 'tool_use', usage = { inputTokens: 100, outputTokens: 50, cacheWriteTokens: 0, cacheReadTokens: 0 }): ModelResponse {
  return { id: `msg_${++seq}`, model: 'claude-sonnet-4-5', content, stopReason, usage };
}

export const toolUse = (name: string, input: unknown): AssistantBlock => ({ type: 'tool_use', id: `toolu_${++seq}`, name, input });

/** An EventSink that keeps what it was given. */
export function recordingSink(): EventSink & { events: RunEvent[] } {
  const events: RunEvent[] = [];
  let n = 0;
  return {
    events,
    emit(input: RunEventInput): RunEvent {
      const event = { ...input, id: input.id ?? `e${++n}`, runId: 'test', ts: new Date().toISOString() } as RunEvent;
      events.push(event);
      return event;
    },
  };
}
