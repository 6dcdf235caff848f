import type { Usage } from '../../core/model/types';

/** Formatting of the chat's numbers and texts: pure, shared by the host and the webview. */

export const SUMMARY_MAX = 200;

/** One line for a tool card's header: the command, the path or the query, else compact JSON. */
export function summarizeToolInput(input: unknown): string {
  if (input && typeof input === 'object') {
    const record = input as Record<string, unknown>;
    for (const key of ['command', 'filePath', 'path', 'query', 'pattern', 'summary', 'reason']) {
      const value = record[key];
      if (typeof value === 'string') return cap(value.replace(/\s+/g, ' '), SUMMARY_MAX);
    }
  }
  let json: string;
  try {
    json = JSON.stringify(input) ?? '';
  } catch {
    json = String(input);
  }
  return cap(json, SUMMARY_MAX);
}

export function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  const abs = Math.abs(value);
  const text = abs < 0.01 && abs > 0 ? abs.toFixed(4) : abs.toFixed(2);
  return `${value < 0 && Number(text) !== 0 ? '-' : ''}$${text}`;
}

/** Share of input tokens served from the cache, 0..1; undefined before any input. */
export function cacheHitRate(usage: Usage): number | undefined {
  const total = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return total === 0 ? undefined : usage.cacheReadTokens / total;
}
