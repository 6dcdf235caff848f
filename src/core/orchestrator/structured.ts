import { z } from 'zod';
import {
  ModelError,
  addUsage,
  emptyUsage,
  type Message,
  type ModelClient,
  type ModelResponse,
  type ToolSpec,
  type Usage,
  type UserBlock,
} from '../model/types';
import type { EventSink } from '../run/bus';
import type { Stop } from '../run/events';
import { boundedZodError } from './plan';

/**
 * One structured answer from the model: a forced tool call whose input is
 * parsed with a zod schema. Invalid input goes back as an `is_error`
 * tool_result carrying the validation error, so the model can repair it, a
 * bounded number of times; then a typed failure with a readable reason.
 */

export type PriceFn = (model: string, usage: Usage) => number | null;

export interface StructuredCallOptions<S extends z.ZodType> {
  model: ModelClient;
  system: string;
  /** The first user message (string) or a whole conversation to continue. */
  user: string | Message[];
  toolName: string;
  toolDescription?: string;
  schema: S;
  /** Checks beyond the shape; returns the problem as text for the model, or undefined. */
  validate?: (value: z.infer<S>) => string | undefined;
  signal: AbortSignal;
  events: EventSink;
  /** Repairs after the first answer (default 2: three answers in all). */
  repairAttempts?: number;
  maxTokens?: number;
  /** Shown in model_call_started.purpose: 'plan', 'synthesis', 'worker analyze-1'. */
  purpose?: string;
  /** Called after every model call, for budgets and meters. */
  onUsage?: (usage: Usage, costUsd: number | null) => void;
  /** Called for each invalid answer (the planner emits plan_invalid). */
  onInvalid?: (attempt: number, error: string) => void;
  price?: PriceFn;
}

export type StructuredOutcome<T> =
  | { ok: true; value: T; usage: Usage; costUsd: number | null; attempts: number }
  | { ok: false; stop: Stop; usage: Usage; costUsd: number | null; attempts: number; lastError?: string };

/** A JSON schema the Messages API accepts as a tool's input_schema. */
export function toolSpecFor(name: string, description: string, schema: z.ZodType): ToolSpec {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return { name, description, input_schema: { ...json, type: 'object' } };
}

function stopForModelError(error: unknown, signal: AbortSignal): Stop {
  if (signal.aborted || (error instanceof ModelError && error.kind === 'aborted')) {
    return { kind: 'cancelled', message: 'cancelled by user' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'model_error', message: `the model service failed: ${message}` };
}

const MAX_ERROR_CHARS = 4000;
const clip = (text: string): string => (text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}\n[... cut]` : text);

export async function callStructured<S extends z.ZodType>(options: StructuredCallOptions<S>): Promise<StructuredOutcome<z.infer<S>>> {
  const { model, toolName, schema, signal, events } = options;
  const repairs = options.repairAttempts ?? 2;
  const tool = toolSpecFor(toolName, options.toolDescription ?? `Submit your answer with ${toolName}.`, schema);
  const messages: Message[] = typeof options.user === 'string' ? [{ role: 'user', content: options.user }] : [...options.user];
  let usage = emptyUsage();
  let cost: number | null = 0;
  let lastError: string | undefined;

  for (let attempt = 0; attempt <= repairs; attempt++) {
    if (signal.aborted) return { ok: false, stop: { kind: 'cancelled', message: 'cancelled by user' }, usage, costUsd: cost, attempts: attempt };
    const started = events.emit({ type: 'model_call_started', step: attempt, purpose: options.purpose ?? toolName });
    const t0 = Date.now();
    let response: ModelResponse;
    try {
      response = await model.send(
        {
          system: options.system,
          messages,
          tools: [tool],
          toolChoice: { type: 'tool', name: toolName },
          maxTokens: options.maxTokens ?? 8192,
          cache: 'auto',
        },
        { signal },
      );
    } catch (error) {
      return { ok: false, stop: stopForModelError(error, signal), usage, costUsd: cost, attempts: attempt + 1, lastError };
    }
    const callCost = options.price ? options.price(response.model, response.usage) : null;
    usage = addUsage(usage, response.usage);
    cost = cost === null || callCost === null ? null : cost + callCost;
    options.onUsage?.(response.usage, callCost);
    events.emit({
      type: 'model_call_finished',
      causeId: started.id,
      step: attempt,
      model: response.model,
      stopReason: response.stopReason,
      usage: response.usage,
      costUsd: callCost,
      durationMs: Date.now() - t0,
      text: response.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(''),
    });

    if (response.stopReason === 'refusal') {
      return { ok: false, stop: { kind: 'refusal', message: `the model refused to answer (${toolName})` }, usage, costUsd: cost, attempts: attempt + 1 };
    }
    if (response.stopReason === 'model_context_window_exceeded') {
      return { ok: false, stop: { kind: 'context_window', message: `the ${toolName} request no longer fits the model's context window` }, usage, costUsd: cost, attempts: attempt + 1 };
    }

    const call = response.content.find((b) => b.type === 'tool_use' && b.name === toolName);
    let error: string;
    if (call && call.type === 'tool_use') {
      const parsed = schema.safeParse(call.input);
      if (parsed.success) {
        const problem = options.validate?.(parsed.data);
        if (problem === undefined) return { ok: true, value: parsed.data, usage, costUsd: cost, attempts: attempt + 1 };
        error = problem;
      } else {
        error = boundedZodError(parsed.error);
      }
    } else if (response.stopReason === 'max_tokens') {
      error = `your answer was cut off at the output limit before ${toolName} was complete; answer more briefly`;
    } else {
      error = `you must answer by calling the ${toolName} tool`;
    }
    lastError = error;
    options.onInvalid?.(attempt + 1, error);

    // Send the problem back in a form the API accepts: every tool_use gets its tool_result.
    const content = response.content.length > 0 ? response.content : [{ type: 'text' as const, text: '(no answer)' }];
    messages.push({ role: 'assistant', content });
    const results: UserBlock[] = response.content.flatMap((b) =>
      b.type === 'tool_use'
        ? [{
            type: 'tool_result' as const,
            tool_use_id: b.id,
            is_error: true,
            content: b.name === toolName ? clip(`Invalid ${toolName} input:\n${error}\nCall ${toolName} again with corrected input.`) : `Only ${toolName} is available here.`,
          }]
        : [],
    );
    if (!results.some((r) => r.type === 'tool_result' && r.content.startsWith('Invalid'))) {
      results.push({ type: 'text', text: clip(`${error}. Call ${toolName} now.`) });
    }
    messages.push({ role: 'user', content: results });
  }
  return {
    ok: false,
    stop: {
      kind: 'invalid_output',
      message: `the model's ${toolName} answer was still invalid after ${repairs} repair attempts: ${(lastError ?? '').split('\n').slice(0, 3).join(' ')}`,
    },
    usage,
    costUsd: cost,
    attempts: repairs + 1,
    lastError,
  };
}
