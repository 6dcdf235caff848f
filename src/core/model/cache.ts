import type { Message, ModelRequest } from './types';

/** The API accepts at most this many `cache_control` breakpoints per request. */
export const MAX_CACHE_BREAKPOINTS = 4;

/** Where a breakpoint goes inside `messages`: a block of a message (string content counts as block 0). */
export interface MessageBreakpoint {
  message: number;
  block: number;
}

/** Where `cache: 'auto'` puts the `cache_control` markers of a request. */
export interface CachePlan {
  /** Index of the tool that carries a breakpoint (the last one), or null. */
  tool: number | null;
  /** Whether the system prompt carries a breakpoint. */
  system: boolean;
  /** Breakpoints inside the conversation, in order. */
  messages: MessageBreakpoint[];
}

export const noCache = (): CachePlan => ({ tool: null, system: false, messages: [] });

export function breakpointCount(plan: CachePlan): number {
  return (plan.tool === null ? 0 : 1) + (plan.system ? 1 : 0) + plan.messages.length;
}

function blockCount(message: Message): number {
  return typeof message.content === 'string' ? (message.content.length > 0 ? 1 : 0) : message.content.length;
}

/**
 * Breakpoints for a request. The prefix order the API caches is
 * tools → system → messages, so:
 * 1. the last tool (caches every tool definition),
 * 2. the system prompt (tools + system),
 * 3. the first user message, which carries the issue (the whole stable prefix),
 * 4. the last block of the last message: the moving tail. On the next call the
 *    API finds this prefix again by looking back from the new tail, so each
 *    turn pays only for what is new.
 * At most four by construction; 'off' (or no `cache`) places none.
 */
export function planCache(request: Pick<ModelRequest, 'tools' | 'system' | 'messages' | 'cache'>): CachePlan {
  if (request.cache !== 'auto') return noCache();
  const plan = noCache();
  const tools = request.tools ?? [];
  if (tools.length > 0) plan.tool = tools.length - 1;
  if (request.system.length > 0) plan.system = true;

  const first = request.messages[0];
  if (first && first.role === 'user' && blockCount(first) > 0) {
    plan.messages.push({ message: 0, block: blockCount(first) - 1 });
  }
  const lastIndex = request.messages.length - 1;
  const last = request.messages[lastIndex];
  if (lastIndex > 0 && last && blockCount(last) > 0) {
    plan.messages.push({ message: lastIndex, block: blockCount(last) - 1 });
  }
  return plan;
}
