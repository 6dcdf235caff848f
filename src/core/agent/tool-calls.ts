/**
 * Runs one turn's tool calls. Read-risk calls next to each other run in
 * parallel; every other call runs alone, in the order the model gave, so an
 * edit is never raced by a read or a command. Each call emits `tool_call`
 * and `tool_result`; a failure becomes an `is_error` result the model can
 * act on.
 */
import type { ToolResultBlock, ToolUseBlock } from '../model/types';
import type { Provenance } from '../changes/types';
import type { ToolContext, ToolOutput } from '../tools/tool';
import type { EventSink } from '../run/bus';
import type { AgentToolbox } from './types';

/** Characters of a tool's output kept in the event (the model gets all of it). */
const EVENT_OUTPUT_CHARS = 4000;

export interface ExecutedCall {
  call: ToolUseBlock;
  output: ToolOutput;
  result: ToolResultBlock;
}

export interface RunToolCallsOptions {
  toolbox: AgentToolbox;
  context: Omit<ToolContext, 'provenance' | 'signal'>;
  provenance: Provenance;
  signal: AbortSignal;
  events: EventSink;
}

export async function runToolCalls(calls: ToolUseBlock[], options: RunToolCallsOptions): Promise<ExecutedCall[]> {
  const results: ExecutedCall[] = [];
  let batch: ToolUseBlock[] = [];
  const flush = async () => {
    results.push(...(await Promise.all(batch.map((call) => runOne(call, options)))));
    batch = [];
  };
  for (const call of calls) {
    if (options.toolbox.riskOf(call.name) === 'read') {
      batch.push(call);
      continue;
    }
    await flush();
    results.push(await runOne(call, options));
  }
  await flush();
  return results;
}

async function runOne(call: ToolUseBlock, options: RunToolCallsOptions): Promise<ExecutedCall> {
  const { events, signal } = options;
  const callEvent = events.emit({ type: 'tool_call', toolUseId: call.id, name: call.name, input: call.input });
  const started = Date.now();
  let output: ToolOutput;
  if (signal.aborted) {
    output = { content: 'Not run: the run was stopped.', isError: true };
  } else {
    const ctx: ToolContext = {
      ...options.context,
      provenance: options.provenance,
      signal,
      onOutput: (chunk) => {
        options.context.onOutput?.(chunk);
        events.emit({ type: 'command_output', toolUseId: call.id, chunk, causeId: callEvent.id });
      },
    };
    try {
      output = await options.toolbox.run(call.name, call.input, ctx);
    } catch (error) {
      // Registries should not throw for model mistakes; if one does, the model still gets an answer.
      output = { content: `${call.name} failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
    }
  }
  const isError = output.isError === true;
  events.emit({
    type: 'tool_result',
    toolUseId: call.id,
    name: call.name,
    isError,
    output: output.content.length > EVENT_OUTPUT_CHARS ? `${output.content.slice(0, EVENT_OUTPUT_CHARS)}\n[... ${output.content.length - EVENT_OUTPUT_CHARS} more chars]` : output.content,
    ...(output.details ? { details: output.details } : {}),
    durationMs: Date.now() - started,
    causeId: callEvent.id,
  });
  const result: ToolResultBlock = {
    type: 'tool_result',
    tool_use_id: call.id,
    content: output.content || '(no output)',
    ...(isError ? { is_error: true } : {}),
  };
  return { call, output, result };
}
