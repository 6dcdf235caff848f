import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { ModelError, type ModelErrorKind } from './types';

/** Why the client itself cut an attempt short, so an abort is named correctly. */
export type LocalAbort = 'user' | 'timeout' | null;

/** `retry-after-ms` (non-standard, used by the API) first, then `retry-after` seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const header = headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function kindForStatus(status: number): ModelErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500 || status === 409) return 'server';
  return 'invalid_request';
}

function kindForStreamError(type: string | null): ModelErrorKind {
  if (type === 'overloaded_error') return 'overloaded';
  if (type === 'rate_limit_error') return 'rate_limit';
  if (type === 'authentication_error' || type === 'permission_error') return 'auth';
  if (type === 'invalid_request_error' || type === 'not_found_error' || type === 'request_too_large') {
    return 'invalid_request';
  }
  return 'stream';
}

const RETRYABLE: ReadonlySet<ModelErrorKind> = new Set(['rate_limit', 'overloaded', 'server', 'network', 'timeout', 'stream']);

const LEAD: Record<ModelErrorKind, string> = {
  rate_limit: 'The Anthropic API rate limit was reached',
  overloaded: 'The Anthropic API is overloaded',
  server: 'The Anthropic API had an internal error',
  invalid_request: 'The Anthropic API rejected the request',
  auth: 'The Anthropic API refused the credentials (check the API key)',
  network: 'The connection to the Anthropic API failed',
  timeout: 'The Anthropic API sent nothing for too long',
  stream: 'The Anthropic API reported an error in the middle of the reply',
  aborted: 'The model call was cancelled',
};

/** Every failure of a call as a ModelError with a sentence a user can read (the API's own message included). */
export function toModelError(error: unknown, local: LocalAbort, timeoutMs: number): ModelError {
  if (error instanceof ModelError) return error;
  if (local === 'user') return new ModelError('aborted', LEAD.aborted, false);
  if (local === 'timeout' || error instanceof APIConnectionTimeoutError) {
    return new ModelError('timeout', `${LEAD.timeout} (no data for ${timeoutMs} ms)`, true);
  }
  if (error instanceof APIUserAbortError) return new ModelError('aborted', LEAD.aborted, false);
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new ModelError('network', `${LEAD.network}${cause}`, true);
  }
  if (error instanceof APIError) {
    const apiMessage = error.apiMessage ?? (error.error ? JSON.stringify(error.error) : error.message);
    const requestId = error.requestID ? ` (request ${error.requestID})` : '';
    if (error.status === undefined) {
      const kind = kindForStreamError(error.type);
      return new ModelError(kind, `${LEAD[kind]}: ${apiMessage}${requestId}`, RETRYABLE.has(kind));
    }
    const kind = kindForStatus(error.status);
    const explicit = error.headers?.get('x-should-retry');
    const retryable = explicit === 'true' ? true : explicit === 'false' ? false : RETRYABLE.has(kind);
    return new ModelError(
      kind,
      `${LEAD[kind]} (HTTP ${error.status}): ${apiMessage}${requestId}`,
      retryable,
      error.status,
      retryAfterMs(error.headers),
    );
  }
  // The SDK parses a tool call's streamed input as JSON; malformed input throws a
  // SyntaxError. That is the model's output, not the connection: say so (still retryable).
  if (error instanceof SyntaxError) {
    return new ModelError('stream', `The model's reply had tool input that is not valid JSON (${error.message})`, true);
  }
  // Anything else thrown while reading the body is a broken connection ("terminated", ECONNRESET).
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError('network', `${LEAD.network}: ${message}`, true);
}
