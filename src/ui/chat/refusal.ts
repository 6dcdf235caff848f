import type { HostMessage } from '../../webview/protocol';
import { clipText } from '../../webview/chat/task-text';

/** The longest `error` a response may carry (HostMessageSchema); longer ones would be dropped by the view. */
const MAX_ERROR = 2_000;

/**
 * The answer to a view message the host refused to parse: when it carried a
 * request id, the view is waiting for one (and holds the user's text until
 * then), so it gets a readable `ok: false` instead of silence.
 */
export function refusalFor(raw: unknown, error: string): HostMessage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const requestId = (raw as { requestId?: unknown }).requestId;
  if (typeof requestId !== 'string' || requestId.length < 1 || requestId.length > 64) return undefined;
  return { type: 'response', requestId, ok: false, error: clipText(`Foreman could not accept this request: ${error}`, MAX_ERROR) };
}

/** A handler's error as a response the view accepts (the protocol caps `error`). */
export function failureResponse(requestId: string, error: string): HostMessage {
  return { type: 'response', requestId, ok: false, error: clipText(error, MAX_ERROR) };
}
