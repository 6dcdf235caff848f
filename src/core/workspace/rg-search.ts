/**
 * Search on ripgrep: `rg --json`, each line parsed with zod. Flags make rg
 * see what git sees (hidden files included, .git excluded, .gitignore
 * honoured even outside a repository, no user rg config) and return results
 * in a stable order (path, then line), so the same query gives the same
 * answer. Once maxResults are in and EXTRA_COUNT more have been counted, rg
 * is killed.
 */
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { fileTypeGlobs } from './file-types';
import { type Search, type SearchMatch, type SearchQuery, type SearchResult } from './ports';
import {
  EXTRA_COUNT,
  InvalidSearchQueryError,
  assertQueryText,
  maxResultsOf,
  previewLine,
  resolveSearchTarget,
} from './search-query';
import { comparePaths } from './workspace-files';

/** rg could not be started at all (missing, not executable): the caller may fall back. */
export class RipgrepUnavailableError extends Error {
  constructor(
    readonly rgPath: string,
    cause: unknown,
  ) {
    super(`ripgrep could not be started at ${rgPath}: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'RipgrepUnavailableError';
  }
}

const TextOrBytes = z.union([z.object({ text: z.string() }), z.object({ bytes: z.string() })]);

/** The one message type we use; begin/end/context/summary lines are skipped before parsing. */
export const RgMatchMessage = z.object({
  type: z.literal('match'),
  data: z.object({
    path: TextOrBytes,
    lines: TextOrBytes,
    line_number: z.number().int().nullable(),
    submatches: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
  }),
});
export type RgMatchMessage = z.infer<typeof RgMatchMessage>;

function decode(value: z.infer<typeof TextOrBytes>): string {
  return 'text' in value ? value.text : Buffer.from(value.bytes, 'base64').toString('utf8');
}

/** Converts one rg match line into a SearchMatch (byte offsets → 1-based character columns). */
export function toSearchMatch(message: RgMatchMessage): SearchMatch {
  const { data } = message;
  const line = decode(data.lines).replace(/\r?\n$/, '');
  const startByte = data.submatches[0]?.start ?? 0;
  const column = Buffer.from(line, 'utf8').subarray(0, startByte).toString('utf8').length + 1;
  return {
    path: decode(data.path).replace(/^\.\//, ''),
    line: data.line_number ?? 0,
    column,
    text: previewLine(line, column),
  };
}

export interface RipgrepSearchOptions {
  rgPath: string;
}

/**
 * Matches collected from an unsorted (multi-threaded) rg before falling back
 * to `--sort path`, which runs rg on one thread: most queries find far fewer,
 * and are sorted here instead.
 */
export const UNSORTED_MATCH_CAP = 20_000;

interface RgPass {
  matches: SearchMatch[];
  /** Matches seen beyond `keep`. */
  omitted: number;
  stoppedEarly: boolean;
}

const byPathThenLine = (a: SearchMatch, b: SearchMatch): number => comparePaths(a.path, b.path) || a.line - b.line || a.column - b.column;

export class RipgrepSearch implements Search {
  constructor(
    readonly root: string,
    private readonly options: RipgrepSearchOptions,
  ) {}

  async search(query: SearchQuery): Promise<SearchResult> {
    assertQueryText(query);
    const maxResults = maxResultsOf(query);
    query.signal?.throwIfAborted();
    const { rel } = await resolveSearchTarget(this.root, query.path);
    const target = rel === '' ? '.' : rel;

    const args = ['--json', '--no-config', '--hidden', '--no-require-git', '--no-ignore-dot'];
    args.push(query.caseSensitive ? '--case-sensitive' : '--ignore-case');
    if (!query.regex) args.push('--fixed-strings');
    args.push('--glob', '!.git');
    for (const glob of fileTypeGlobs(query.fileTypes)) args.push('--glob', glob);
    args.push('--regexp', query.query, '--', target);

    // Same answer as `--sort path`, at multi-threaded speed: collect everything
    // unsorted and sort here; only a query with more matches than the cap pays
    // for rg's single-threaded sorted pass (and stops early in it).
    const unsorted = await this.runRg(args, UNSORTED_MATCH_CAP, 1, query.signal);
    if (!unsorted.stoppedEarly) {
      const all = unsorted.matches.sort(byPathThenLine);
      return { matches: all.slice(0, maxResults), omitted: Math.max(0, all.length - maxResults), engine: 'ripgrep' };
    }
    const sorted = await this.runRg(['--sort', 'path', ...args], maxResults, EXTRA_COUNT, query.signal);
    return {
      matches: sorted.matches,
      omitted: sorted.omitted,
      engine: 'ripgrep',
      ...(sorted.stoppedEarly ? { stoppedEarly: true } : {}),
    };
  }

  /** Runs rg, keeps the first `keep` matches, and kills it once `extra` more have been seen. */
  private runRg(args: string[], keep: number, extra: number, signal: AbortSignal | undefined): Promise<RgPass> {
    return new Promise<RgPass>((resolve, reject) => {
      const child = spawn(this.options.rgPath, args, {
        cwd: this.root,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const matches: SearchMatch[] = [];
      let omitted = 0;
      let stoppedEarly = false;
      let settled = false;
      let pending = '';
      let stderr = '';

      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve({ matches, omitted, stoppedEarly });
      };
      const onAbort = () => {
        child.kill('SIGKILL');
        finish(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      const handleLine = (line: string) => {
        // Cheap prefix test first: most lines are begin/end/summary messages or context.
        if (!line.startsWith('{"type":"match"')) return;
        const parsed = RgMatchMessage.safeParse(JSON.parse(line));
        if (!parsed.success) return;
        if (matches.length < keep) {
          matches.push(toSearchMatch(parsed.data));
        } else if (++omitted >= extra && !stoppedEarly) {
          stoppedEarly = true;
          child.kill('SIGKILL');
        }
      };

      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (stoppedEarly) return;
        pending += chunk;
        let newline;
        while (!stoppedEarly && (newline = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          handleLine(line);
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        if (stderr.length < 8192) stderr += chunk;
      });
      child.on('error', (error) => finish(new RipgrepUnavailableError(this.options.rgPath, error)));
      child.on('close', (code) => {
        if (!stoppedEarly && pending !== '') handleLine(pending);
        if (stoppedEarly || code === 0 || code === 1) return finish();
        if (/regex parse error|error parsing|unrecognized escape|unclosed|repetition operator/i.test(stderr)) {
          return finish(new InvalidSearchQueryError(`Invalid regular expression: ${stderr.trim().split('\n').slice(0, 6).join('\n')}`));
        }
        // Exit 2 with per-file errors (unreadable files): the matches found still count.
        finish();
      });
    });
  }
}
