import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PromptCache, promptBlocks } from './accounting';
import { describeRequest, ScriptMatcher, summarise, type RequestSummary } from './match';
import { apiId, buildMessage, type ApiMessage } from './reply';
import { loadScript, type FakeScript, type ScriptFault, type ScriptReply } from './script';
import { sleep, streamEvents, writeSse } from './sse';
import { validateCountTokensRequest, validateMessagesRequest } from './validate';

export interface FakeAnthropicOptions {
  /** A script object, or the path of a JSON script file. */
  script: FakeScript | string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Appends one JSON line per request (request, reply or fault) to this file. */
  logFile?: string;
  /** Prefixes shorter than this are not cached (the real API's minimum is 1024–4096 by model). Default 0. */
  minCacheableTokens?: number;
}

/** One request as the fake saw and answered it. */
export interface RecordedRequest {
  requestId: string;
  method: string;
  path: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  stream: boolean;
  /** Present once the request validated. */
  summary?: RequestSummary;
  /** Index of the script entry that answered, or null. */
  entry: number | null;
  /** HTTP status sent (200 for streams, even those later cut). */
  status: number;
  reply?: ApiMessage;
  fault?: ScriptFault['kind'];
  /** The error message sent, for 4xx/5xx answers. */
  error?: string;
  receivedAt: string;
}

export interface FakeAnthropic {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Record<string, string> = {
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
};

/** Default streamed prefix for stream faults scripted without a reply. */
const CUT_REPLY: ScriptReply = { content: [{ type: 'text', text: 'This reply is cut off by a scripted fault.' }] };

const MAX_BODY_BYTES = 32 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request_too_large');
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A loopback Messages API for tests and demos: validates requests like the
 * real API, answers from a script (JSON or SSE), injects faults and accounts
 * usage with prompt caching. The real `@anthropic-ai/sdk` talks to it.
 */
export async function startFakeAnthropic(options: FakeAnthropicOptions): Promise<FakeAnthropic> {
  const matcher = new ScriptMatcher(loadScript(options.script));
  const cache = new PromptCache(options.minCacheableTokens ?? 0);
  const requests: RecordedRequest[] = [];

  const record = (entry: RecordedRequest) => {
    if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(entry)}\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = apiId('req');
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const path = (req.url ?? '/').split('?')[0]!;
    const recorded: RecordedRequest = {
      requestId,
      method: req.method ?? 'GET',
      path,
      body: undefined,
      stream: false,
      entry: null,
      status: 0,
      receivedAt: new Date().toISOString(),
    };
    requests.push(recorded);

    const sendJson = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      recorded.status = status;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': requestId, ...headers });
      res.end(JSON.stringify(body));
    };
    const sendError = (status: number, message: string, headers: Record<string, string> = {}) => {
      const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
      recorded.error = message;
      sendJson(status, { type: 'error', error: { type, message }, request_id: requestId }, headers);
    };

    try {
      let text: string;
      try {
        text = await readBody(req);
      } catch {
        return sendError(413, 'Request exceeds the maximum allowed number of bytes.');
      }
      const isMessages = path === '/v1/messages';
      const isCount = path === '/v1/messages/count_tokens';
      if (req.method !== 'POST' || (!isMessages && !isCount)) return sendError(404, `Not found: ${req.method} ${path}`);
      // The SDK (1.13) sends the API key as `Authorization: Bearer`; older clients use `x-api-key`.
      const bearer = /^Bearer \S+/.test(req.headers.authorization ?? '');
      if (!req.headers['x-api-key'] && !bearer) {
        return sendError(401, 'authentication required: send the API key in the x-api-key or Authorization header');
      }
      if (!req.headers['anthropic-version']) return sendError(400, 'anthropic-version: header is required');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return sendError(400, 'There was an issue with your request body: it is not valid JSON');
      }
      recorded.body = body;

      if (isCount) {
        const checked = validateCountTokensRequest(body);
        if (!checked.ok) return sendError(400, checked.message);
        recorded.summary = summarise(checked.request);
        const input = promptBlocks(checked.request).reduce((sum, block) => sum + block.tokens, 0);
        return sendJson(200, { input_tokens: input });
      }

      const checked = validateMessagesRequest(body);
      if (!checked.ok) return sendError(400, checked.message);
      const request = checked.request;
      recorded.stream = request.stream === true;
      const summary = (recorded.summary = summarise(request));
      const taken = matcher.take(summary);
      if (!taken) {
        return sendError(400, `fake-model: no script entry matches the request (${describeRequest(summary)})`);
      }
      recorded.entry = taken.index;
      const { entry } = taken;
      if (entry.fault) recorded.fault = entry.fault.kind;

      if (entry.fault?.kind === 'hang') {
        recorded.status = 0;
        return; // Never answered; the socket stays open until the client or close() ends it.
      }
      await sleep(entry.delayMs ?? 0, gone.signal);
      if (gone.signal.aborted) return;
      if (entry.fault?.kind === 'http') {
        const { status, retryAfter } = entry.fault;
        const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
        return sendError(
          status,
          ERROR_MESSAGES[type] ?? `scripted ${status} error`,
          retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
        );
      }

      const message = buildMessage(entry.reply ?? CUT_REPLY, request.model, cache.account(request.model, promptBlocks(request)));
      recorded.reply = message;
      const cut = entry.fault && (entry.fault.kind === 'drop' || entry.fault.kind === 'stream-error') ? entry.fault : undefined;

      if (!recorded.stream) {
        if (cut?.kind === 'drop') {
          recorded.status = 0;
          res.socket?.destroy();
          return;
        }
        if (cut?.kind === 'stream-error') return sendError(529, ERROR_MESSAGES.overloaded_error!);
        return sendJson(200, message);
      }

      recorded.status = 200;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'request-id': requestId,
      });
      res.flushHeaders();
      await writeSse(res, streamEvents(message, entry.tokensPerSecond), {
        signal: gone.signal,
        ...(entry.tokensPerSecond !== undefined ? { tokensPerSecond: entry.tokensPerSecond } : {}),
        ...(cut ? { cut } : {}),
      });
    } finally {
      record(recorded);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(error) } }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
