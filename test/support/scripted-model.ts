/**
 * An in-process ModelClient for unit tests: each call is answered by the
 * next step of a script (a reply, an error, or a function of the request),
 * or, given one function, by that function every time. Text is streamed as
 * text_delta events like the real client; `delayMs` waits (abortably)
 * before answering.
 */
import {
  ModelError,
  type AssistantBlock,
  type ModelClient,
  type ModelRequest,
  type ModelResponse,
  type SendOptions,
  type StopReason,
  type Usage,
} from '../../src/core/model/types';
import type { EventSink } from '../../src/core/run/bus';
import type { RunEvent, RunEventInput } from '../../src/core/run/events';

/** Answers call number `index` (0-based) of the model. */
export type Answer = (request: ModelRequest, index: number) => ModelResponse | Error | Promise<ModelResponse | Error>;

export type ScriptStep = ModelResponse | Error | Answer;

export interface ScriptedModelOptions {
  model?: string;
  delayMs?: number;
  /** What to answer when the script has run out (default: an error naming the call). */
  fallback?: ScriptStep;
}

export class ScriptedModel implements ModelClient {
  readonly model: string;
  readonly requests: ModelRequest[] = [];
  private next = 0;

  constructor(
    private readonly script: ScriptStep[] | Answer,
    private readonly options: ScriptedModelOptions = {},
  ) {
    this.model = options.model ?? 'claude-sonnet-4-5';
  }

  async send(request: ModelRequest, options: SendOptions = {}): Promise<ModelResponse> {
    const signal = options.signal;
    if (signal?.aborted) throw new ModelError('aborted', 'aborted', false);
    this.requests.push(structuredClone(request));
    const index = this.requests.length - 1;
    if (this.options.delayMs) await abortableDelay(this.options.delayMs, signal);
    const step = typeof this.script === 'function' ? this.script : this.script[this.next++] ?? this.options.fallback ?? new Error(`scripted model: no answer for call ${index} (${request.system.split('\n')[0]})`);
    const out = typeof step === 'function' ? await step(request, index) : step;
    if (out instanceof Error) throw out;
    for (const block of out.content) {
      if (block.type === 'text') options.onEvent?.({ type: 'text_delta', text: block.text });
    }
    return structuredClone(out);
  }
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ModelError('aborted', 'request aborted', false));
    }, { once: true });
  });
}

let seq = 0;
export const defaultUsage = (): Usage => ({ inputTokens: 100, outputTokens: 50, cacheWriteTokens: 0, cacheReadTokens: 0 });

export function reply(content: AssistantBlock[], stopReason: StopReason = 'tool_use', usage: Usage = defaultUsage(), model = 'claude-sonnet-4-5'): ModelResponse {
  return { id: `msg_${++seq}`, model, content, stopReason, usage };
}

export const text = (t: string): AssistantBlock => ({ type: 'text', text: t });
export const toolUse = (name: string, input: unknown): AssistantBlock => ({ type: 'tool_use', id: `toolu_${++seq}`, name, input });
/** One reply calling one tool. */
export const call = (name: string, input: unknown, usage?: Usage): ModelResponse => reply([toolUse(name, input)], 'tool_use', usage);

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
