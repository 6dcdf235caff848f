import type { ChatEvent } from '../../webview/chat/chat-state';

const MAX_STRING = 8_000;

/** Large tool inputs (whole files in create_file) are cut before they cross to the view. */
export function trimForView(event: ChatEvent): ChatEvent {
  if (event.kind !== 'run') return event;
  const e = event.event;
  if (e.type === 'tool_call') return { kind: 'run', event: { ...e, input: trimValue(e.input, 3) } };
  if (e.type === 'tool_result') return { kind: 'run', event: { ...e, output: e.output.slice(-MAX_STRING), ...(e.details ? { details: trimValue(e.details, 2) as Record<string, unknown> } : {}) } };
  return event;
}

function trimValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (depth <= 0 || value === null || typeof value !== 'object') return typeof value === 'object' && value !== null ? '[…]' : value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => trimValue(v, depth - 1));
  return Object.fromEntries(Object.entries(value).slice(0, 50).map(([k, v]) => [k, trimValue(v, depth - 1)]));
}
