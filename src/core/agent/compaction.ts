/**
 * Keeps the conversation inside the context window. When the estimated
 * prompt passes the threshold:
 * 1. mask: older tool outputs (all but the last `keepRecentTurns` turns) are
 *    replaced by a one-line stub; cheap, and the agent can read again;
 * 2. summarise: if still above, the older turns are replaced by a summary
 *    written by a model call whose system prompt starts 'Foreman compaction'.
 *    The summary joins the first user message (after the task, which stays
 *    verbatim); the recent turns follow unchanged, starting with an assistant
 *    message, so every tool_result still follows its tool_use.
 * Tokens are estimated as characters / 4 (close enough to decide when to act).
 */
import type { Message, ModelClient, ToolSpec, Usage, UserBlock } from '../model/types';
import { costUsd } from '../model/pricing';
import type { EventSink } from '../run/bus';
import { COMPACTION_SPEAKER, systemPrompt } from './prompt';

export const SUMMARY_OPEN = '<earlier-work-summary>';
const SUMMARY_CLOSE = '</earlier-work-summary>';
const STUB_MIN_CHARS = 200;

export function estimateTokens(system: string, tools: ToolSpec[], messages: Message[]): number {
  return Math.ceil((system.length + JSON.stringify(tools).length + JSON.stringify(messages).length) / 4);
}

export interface CompactionRequest {
  model: ModelClient;
  modelId?: string;
  system: string;
  tools: ToolSpec[];
  messages: Message[];
  /** Compact until the estimate is at or below this many tokens. */
  targetTokens: number;
  keepRecentTurns: number;
  maxOutputTokens: number;
  events: EventSink;
  signal: AbortSignal;
  step: number;
}

export interface CompactionResult {
  messages: Message[];
  tokens: number;
  /** Usage of the summary call, if one was made. */
  usage?: Usage;
  costUsd?: number | null;
}

/** Index of the first assistant message of the kept tail; older turns start at 1. */
function tailStart(messages: Message[], keep: number): number {
  const assistants = messages.flatMap((m, i) => (m.role === 'assistant' ? [i] : []));
  if (assistants.length <= keep) return 1;
  return assistants[assistants.length - keep] ?? 1;
}

/** Replaces older tool outputs by a stub; returns a new array (inputs are not mutated). */
export function maskOldToolOutputs(messages: Message[], keepRecentTurns: number): Message[] {
  const cut = tailStart(messages, keepRecentTurns);
  const names = new Map<string, string>();
  for (const m of messages) {
    if (m.role === 'assistant' && Array.isArray(m.content)) for (const b of m.content) if (b.type === 'tool_use') names.set(b.id, b.name);
  }
  return messages.map((m, i) => {
    if (i === 0 || i >= cut || m.role !== 'user' || typeof m.content === 'string') return m;
    const content: UserBlock[] = m.content.map((b) =>
      b.type === 'tool_result' && b.content.length > STUB_MIN_CHARS
        ? { ...b, content: `[output of ${names.get(b.tool_use_id) ?? 'the tool'} (${b.content.length} chars) removed to save context; run it again if you need it]` }
        : b,
    );
    return { role: 'user', content };
  });
}

function blockText(block: { type: string } & Record<string, unknown>, max = 1500): string {
  const cut = (s: string) => (s.length > max ? `${s.slice(0, max)} [...${s.length - max} chars]` : s);
  if (block.type === 'text') return cut(String(block.text));
  if (block.type === 'tool_use') return `[called ${String(block.name)} ${cut(JSON.stringify(block.input))}]`;
  if (block.type === 'tool_result') return `[${block.is_error ? 'error' : 'result'}: ${cut(String(block.content))}]`;
  return '';
}

function transcript(messages: Message[]): string {
  return messages
    .map((m) => {
      const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
      return `${m.role.toUpperCase()}:\n${blocks.map((b) => blockText(b as never)).join('\n')}`;
    })
    .join('\n\n');
}

const COMPACTION_INSTRUCTIONS = `You compress the earlier part of a coding agent's work so it can continue with less context.
Write a concise summary for the agent itself: what it learned about the code (files, functions, line numbers that matter), what it changed (edits proposed so far, file by file), which commands it ran and their results, what failed and why, and what it was about to do next. Keep exact names and paths. No preamble.`;

export async function compactContext(request: CompactionRequest): Promise<CompactionResult> {
  const { system, tools, events } = request;
  const before = estimateTokens(system, tools, request.messages);
  let messages = maskOldToolOutputs(request.messages, request.keepRecentTurns);
  let tokens = estimateTokens(system, tools, messages);
  events.emit({ type: 'context_compacted', strategy: 'mask', beforeTokens: before, afterTokens: tokens });
  if (tokens <= request.targetTokens) return { messages, tokens };

  const cut = tailStart(messages, request.keepRecentTurns);
  if (cut <= 1) return { messages, tokens };
  const first = messages[0];
  if (!first || first.role !== 'user') return { messages, tokens };
  const firstBlocks: UserBlock[] = typeof first.content === 'string' ? [{ type: 'text', text: first.content }] : first.content;
  const isSummary = (b: UserBlock) => b.type === 'text' && b.text.startsWith(SUMMARY_OPEN);
  const earlier = firstBlocks.filter(isSummary).map((b) => (b.type === 'text' ? b.text : '')).join('\n');
  const older = messages.slice(1, cut);

  const started = Date.now();
  const modelId = request.modelId ?? request.model.model;
  events.emit({ type: 'model_call_started', step: request.step, purpose: 'compaction' });
  const response = await request.model.send(
    {
      ...(request.modelId ? { model: request.modelId } : {}),
      system: systemPrompt(COMPACTION_SPEAKER, COMPACTION_INSTRUCTIONS),
      messages: [
        {
          role: 'user',
          content: `${earlier ? `Summary of even earlier work:\n${earlier}\n\n` : ''}The work to summarise:\n\n${transcript(older)}`,
        },
      ],
      maxTokens: Math.min(2048, request.maxOutputTokens),
      cache: 'off',
    },
    { signal: request.signal },
  );
  const summary = response.content.map((b) => (b.type === 'text' ? b.text : '')).join('').trim();
  const cost = costUsd(response.model || modelId, response.usage);
  events.emit({
    type: 'model_call_finished',
    step: request.step,
    model: response.model || modelId,
    stopReason: response.stopReason,
    usage: response.usage,
    costUsd: cost,
    durationMs: Date.now() - started,
    text: summary,
  });

  const kept = firstBlocks.filter((b) => !isSummary(b));
  messages = [
    { role: 'user', content: [...kept, { type: 'text', text: `${SUMMARY_OPEN}\nEarlier turns were summarised to save context:\n${summary}\n${SUMMARY_CLOSE}` }] },
    ...messages.slice(cut),
  ];
  const afterSummary = estimateTokens(system, tools, messages);
  events.emit({ type: 'context_compacted', strategy: 'summarise', beforeTokens: tokens, afterTokens: afterSummary });
  return { messages, tokens: afterSummary, usage: response.usage, costUsd: cost };
}
