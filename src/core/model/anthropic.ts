import Anthropic, { type Middleware } from '@anthropic-ai/sdk';
import { toApiParams, type ApiParams } from './anthropic-request';
import { toModelError, type LocalAbort } from './anthropic-errors';
import { defaultRetryPolicy, retryDelayMs, type RetryPolicy } from './retry-policy';
import { StreamAccumulator } from './stream-accumulator';
import { ModelError, type ModelClient, type ModelRequest, type ModelResponse, type SendOptions } from './types';

export interface AnthropicModelClientOptions {
  apiKey: string;
  /** The API's address; the fake server's URL in tests and demos. */
  baseURL?: string;
  /** Default model id when a request names none. */
  model: string;
  /** Retries after the first attempt (default 2), for HTTP errors and broken or idle streams alike. */
  maxRetries?: number;
  /** An attempt fails with 'timeout' when no bytes arrive for this long (default 120 000 ms; the API pings). */
  timeoutMs?: number;
  defaultHeaders?: Record<string, string>;
  /** Fine-tuning of the backoff; mostly for tests. */
  retryPolicy?: Partial<RetryPolicy>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

function abortedError(): ModelError {
  return new ModelError('aborted', 'The model call was cancelled', false);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The ModelClient on @anthropic-ai/sdk's streaming API (`messages.stream`).
 *
 * Retries are ours, not the SDK's (it runs with `maxRetries: 0`); see
 * retry-policy.ts for why. Each retry is announced with a `retry` event; text
 * deltas of the failed attempt are void and the next attempt streams anew.
 * A request is retried whole: nothing of a failed attempt was committed.
 */
export function createAnthropicModelClient(options: AnthropicModelClientOptions): ModelClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...defaultRetryPolicy(options.maxRetries ?? 2), ...options.retryPolicy };
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    ...(options.defaultHeaders ? { defaultHeaders: options.defaultHeaders } : {}),
    maxRetries: 0,
    // Our idle watchdog is the real timeout; this only bounds the wait for headers.
    timeout: Math.max(timeoutMs, 1000) * 2,
  });

  async function attempt(
    params: ApiParams,
    signal: AbortSignal | undefined,
    onEvent: SendOptions['onEvent'],
  ): Promise<ModelResponse> {
    if (signal?.aborted) throw abortedError();
    const controller = new AbortController();
    let local: LocalAbort = null;
    let rejectCut: (error: unknown) => void = () => {};
    const cut = new Promise<never>((_, reject) => (rejectCut = reject));
    cut.catch(() => {}); // Observed through the race below.
    const stop = (why: Exclude<LocalAbort, null>) => {
      if (local) return;
      local = why;
      controller.abort();
      rejectCut(why === 'user' ? abortedError() : toModelError(undefined, 'timeout', timeoutMs));
    };
    const onUserAbort = () => stop('user');
    signal?.addEventListener('abort', onUserAbort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => stop('timeout'), timeoutMs);
    };
    // Watches bytes, not events: pings count as life, as they do for the API.
    const watchBytes: Middleware = async (request, next) => {
      const response = await next(request);
      touch();
      if (!response.body) return response;
      const tap = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          touch();
          out.enqueue(chunk);
        },
      });
      return new Response(response.body.pipeThrough(tap), response);
    };

    touch();
    try {
      const consume = async () => {
        const stream = client.messages.stream(params, {
          signal: controller.signal,
          middleware: [watchBytes],
          maxRetries: 0,
        });
        const accumulator = new StreamAccumulator(onEvent);
        for await (const event of stream) accumulator.add(event);
        return accumulator.finish();
      };
      // The race makes cancel and timeout prompt whatever the SDK is awaiting.
      return await Promise.race([consume(), cut]);
    } catch (error) {
      throw toModelError(error, local, timeoutMs);
    } finally {
      clearTimeout(idle);
      signal?.removeEventListener('abort', onUserAbort);
      if (!local) controller.abort(); // Release the connection if anything is still open.
    }
  }

  return {
    model: options.model,
    async send(request: ModelRequest, sendOptions: SendOptions = {}): Promise<ModelResponse> {
      const { signal, onEvent } = sendOptions;
      const params = toApiParams(request, options.model);
      for (let retry = 1; ; retry++) {
        try {
          return await attempt(params, signal, onEvent);
        } catch (caught) {
          const error = caught instanceof ModelError ? caught : toModelError(caught, null, timeoutMs);
          if (signal?.aborted) throw abortedError();
          const delayMs = retryDelayMs(policy, error, retry);
          if (delayMs === null) throw error;
          onEvent?.({ type: 'retry', attempt: retry, delayMs: Math.round(delayMs), reason: error.message });
          await sleep(delayMs, signal);
        }
      }
    },
  };
}
