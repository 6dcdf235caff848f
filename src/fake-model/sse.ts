import type { ServerResponse } from 'node:http';
import type { ApiMessage } from './reply';

/** One server-sent event of a streamed reply; `tokens` paces it when a rate is set. */
export interface SseEvent {
  event: string;
  data: unknown;
  tokens: number;
}

/** Characters per streamed delta; a few tokens each, like the real stream. */
const CHUNK_CHARS = 16;

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * The event sequence the real API streams for a message: message_start, ping,
 * per block content_block_start / deltas (text_delta or input_json_delta) /
 * content_block_stop, then message_delta (stop_reason, usage) and message_stop.
 */
export function streamEvents(message: ApiMessage, tokensPerSecond?: number): SseEvent[] {
  // With pacing, deltas carry ~1/50 s of tokens each so a UI sees steady streaming.
  const size = tokensPerSecond ? Math.max(4, Math.ceil(tokensPerSecond / 50) * 4) : CHUNK_CHARS;
  const events: SseEvent[] = [];
  const push = (event: string, data: unknown, tokens = 0) => events.push({ event, data, tokens });
  push('message_start', {
    type: 'message_start',
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...message.usage, output_tokens: 1 },
    },
  });
  push('ping', { type: 'ping' });
  for (const [index, block] of message.content.entries()) {
    if (block.type === 'text') {
      push('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of chunks(block.text, size)) {
        push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }, piece.length / 4);
      }
    } else {
      push('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      push('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const piece of chunks(JSON.stringify(block.input), size)) {
        push(
          'content_block_delta',
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } },
          piece.length / 4,
        );
      }
    }
    push('content_block_stop', { type: 'content_block_stop', index });
  }
  push('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: message.usage,
  });
  push('message_stop', { type: 'message_stop' });
  return events;
}

export function formatSse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    // The listener goes when the timer fires: a paced stream sleeps once per
    // event on the same signal, and leaked listeners would pile up on it.
    const onAbort = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** What happens after `afterEvents` events: an SSE error event, or the connection dropped. */
export type StreamCut = { kind: 'stream-error' | 'drop'; afterEvents: number };

/**
 * Writes the events, paced at `tokensPerSecond` when given. Stops quietly
 * when the client goes away (`signal`). Returns how many events were written.
 */
export async function writeSse(
  res: ServerResponse,
  events: SseEvent[],
  options: { tokensPerSecond?: number; cut?: StreamCut; signal: AbortSignal },
): Promise<number> {
  const { tokensPerSecond, cut, signal } = options;
  let written = 0;
  for (const item of events) {
    if (signal.aborted) return written;
    if (cut && written >= cut.afterEvents) break;
    if (tokensPerSecond && item.tokens > 0) await sleep((item.tokens / tokensPerSecond) * 1000, signal);
    if (signal.aborted) return written;
    res.write(formatSse(item.event, item.data));
    written += 1;
  }
  if (cut?.kind === 'drop') {
    // Closing the socket without the terminating chunk: the client sees a broken stream.
    res.socket?.destroy();
    return written;
  }
  if (cut?.kind === 'stream-error') {
    res.write(formatSse('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
  }
  res.end();
  return written;
}
