import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/**
 * How the user names the task: a GitHub issue (URL, owner/repo#N, #N against
 * the workspace's origin), a local Markdown file, or plain text.
 */
export const IssueRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('url'),
    url: z.string(),
    host: z.string(),
    owner: z.string(),
    repo: z.string(),
    number: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('shorthand'),
    owner: z.string(),
    repo: z.string(),
    number: z.number().int().positive(),
  }),
  /** `#N`: owner and repo come from the workspace's origin remote (see resolveIssueRef). */
  z.object({ kind: z.literal('number'), number: z.number().int().positive() }),
  z.object({ kind: z.literal('file'), path: z.string() }),
  z.object({ kind: z.literal('text'), text: z.string().min(1) }),
]);
export type IssueRef = z.infer<typeof IssueRefSchema>;

/** A reference that names one GitHub issue on a known host. */
export interface GitHubIssueLocator {
  host: string;
  owner: string;
  repo: string;
  number: number;
}

export class IssueRefError extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
    this.name = 'IssueRefError';
  }
}

export interface ParseIssueRefOptions {
  /** Directory relative file paths are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Existence check for file references (default: node's existsSync). */
  fileExists?: (absolutePath: string) => boolean;
}

// GitHub owner: letters, digits, single hyphens; repo: letters, digits, . _ -
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const REPO = '[A-Za-z0-9._-]{1,100}';
const SHORTHAND = new RegExp(`^(${OWNER})/(${REPO})#(.*)$`);
const HASH_NUMBER = /^#(.*)$/;

function positiveInt(raw: string, input: string, what: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new IssueRefError(`"${input}": ${what} must be a positive issue number, got "${raw}"`, input);
  }
  return Number(raw);
}

function parseUrl(input: string): IssueRef {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new IssueRefError(`"${input}" is not a valid URL`, input);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IssueRefError(`"${input}": only http(s) issue URLs are supported`, input);
  }
  const parts = url.pathname.split('/').filter(Boolean);
  // /owner/repo/issues/N (also accept /pull/N: GitHub serves PRs as issues)
  if (parts.length < 4 || (parts[2] !== 'issues' && parts[2] !== 'pull')) {
    throw new IssueRefError(
      `"${input}" is not a GitHub issue URL (expected https://host/owner/repo/issues/N)`,
      input,
    );
  }
  const [owner, repo, , num] = parts as [string, string, string, string];
  return {
    kind: 'url',
    url: `${url.protocol}//${url.host}/${owner}/${repo}/issues/${positiveInt(num, input, 'the URL')}`,
    host: url.host,
    owner,
    repo: repo.replace(/\.git$/, ''),
    number: positiveInt(num, input, 'the URL'),
  };
}

/**
 * Parses what the user typed. Throws IssueRefError with a readable message for
 * anything that looks like a reference but is malformed (`owner/repo#abc`,
 * `#0`, a .md path that does not exist). Anything else is plain text.
 */
export function parseIssueRef(input: string, options: ParseIssueRefOptions = {}): IssueRef {
  const trimmed = input.trim();
  if (trimmed === '') throw new IssueRefError('The task is empty: give an issue reference, a file or text', input);
  const oneLine = !/\s/.test(trimmed);

  if (oneLine && /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return IssueRefSchema.parse(parseUrl(trimmed));

  if (oneLine) {
    const short = SHORTHAND.exec(trimmed);
    if (short) {
      const [, owner, repo, num] = short as unknown as [string, string, string, string];
      return { kind: 'shorthand', owner, repo, number: positiveInt(num, trimmed, 'owner/repo#N') };
    }
    if (/^[^/\s]+\/[^/\s]+#/.test(trimmed)) {
      throw new IssueRefError(`"${trimmed}" is not a valid owner/repo#N reference`, input);
    }
    const hash = HASH_NUMBER.exec(trimmed);
    if (hash) return { kind: 'number', number: positiveInt(hash[1] ?? '', trimmed, '#N') };

    if (/\.(md|markdown)$/i.test(trimmed)) {
      const cwd = options.cwd ?? process.cwd();
      const absolute = isAbsolute(trimmed) ? trimmed : resolve(cwd, trimmed);
      const exists = options.fileExists ?? existsSync;
      if (!exists(absolute)) throw new IssueRefError(`Issue file not found: ${trimmed}`, input);
      return { kind: 'file', path: absolute };
    }
  }
  return { kind: 'text', text: trimmed };
}

/** A short label for events and logs: 'owner/repo#12', '#12', 'file:a.md', 'text'. */
export function describeIssueRef(ref: IssueRef): string {
  switch (ref.kind) {
    case 'url':
    case 'shorthand':
      return `${ref.owner}/${ref.repo}#${ref.number}`;
    case 'number':
      return `#${ref.number}`;
    case 'file':
      return `file:${ref.path}`;
    case 'text':
      return 'text';
  }
}
