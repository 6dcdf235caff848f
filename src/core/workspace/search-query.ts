/**
 * What both search engines share: defaults, the error for a bad query, and
 * how a matched line is shown (long minified lines are cut around the match).
 */
import { stat } from 'node:fs/promises';
import { resolveWorkspacePath } from './paths';
import { FileNotFoundError, type SearchQuery } from './ports';

export const DEFAULT_MAX_RESULTS = 200;
/** After maxResults, keep counting this many more matches for `omitted`, then stop. */
export const EXTRA_COUNT = 2000;
/** Characters of a matched line kept in SearchMatch.text. */
export const MAX_LINE_CHARS = 400;

export class InvalidSearchQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSearchQueryError';
  }
}

export function maxResultsOf(query: SearchQuery): number {
  const max = query.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(max) || max < 1) throw new InvalidSearchQueryError(`maxResults must be a positive integer, got ${max}.`);
  return max;
}

export function assertQueryText(query: SearchQuery): void {
  if (query.query === '') throw new InvalidSearchQueryError('The search query is empty.');
  if (query.query.includes('\0')) throw new InvalidSearchQueryError('The search query contains a NUL byte.');
}

/** The line as shown to the model: no trailing CR, and cut around the match when very long. */
export function previewLine(line: string, column: number): string {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.length <= MAX_LINE_CHARS) return text;
  const start = Math.max(0, Math.min(column - 1 - 100, text.length - MAX_LINE_CHARS));
  const cut = text.slice(start, start + MAX_LINE_CHARS);
  return `${start > 0 ? '…' : ''}${cut}${start + MAX_LINE_CHARS < text.length ? '…' : ''}`;
}

/** The folder or file a query is limited to, checked like any other path. */
export async function resolveSearchTarget(
  root: string,
  input: string | undefined,
): Promise<{ rel: string; kind: 'file' | 'directory' }> {
  const { abs, rel } = await resolveWorkspacePath(root, input ?? '');
  try {
    const info = await stat(abs);
    return { rel, kind: info.isDirectory() ? 'directory' : 'file' };
  } catch {
    throw new FileNotFoundError(rel === '' ? '.' : rel);
  }
}
