/**
 * A loopback Messages endpoint that streams hand-written SSE events, for
 * replies the fake model cannot script: a tool call whose JSON is cut off by
 * max_tokens, or tool input that is not JSON at all. The real SDK reads it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RawEvent = Record<string, unknown> & { type: string };

export interface RawServer {
  url: string;
  /** Turns (assistant messages already sent) of the requests seen, in order. */
  turns: number[];
  close(): Promise<void>;
}

/** The events of one reply: text and/or one tool call whose input is sent as these raw JSON pieces. */
export function rawReply(options: { text?: string; tool?: { name: string; jsonPieces: string[] }; stopReason: string }): RawEvent[] {
  const events: RawEvent[] = [
    {
      type: 'message_start',
      message: { id: `msg_raw_${Date.now()}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 1 } },
    },
  ];
  let index = 0;
  if (options.text !== undefined) {
    events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: options.text } });
    events.push({ type: 'content_block_stop', index });
    index++;
  }
  if (options.tool) {
    events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: `toolu_raw_${index}_${Date.now()}`, name: options.tool.name, input: {} } });
    for (const piece of options.tool.jsonPieces) events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
    events.push({ type: 'content_block_stop', index });
  }
  events.push({ type: 'message_delta', delta: { stop_reason: options.stopReason, stop_sequence: null }, usage: { output_tokens: 50 } });
  events.push({ type: 'message_stop' });
  return events;
}

export async function startRawSseServer(replyFor: (turn: number) => RawEvent[]): Promise<RawServer> {
  const turns: number[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { messages: Array<{ role: string }> };
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      turns.push(turn);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': `req_raw_${turns.length}` });
      for (const event of replyFor(turn)) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    turns,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
