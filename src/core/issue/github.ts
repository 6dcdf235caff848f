import { z } from 'zod';
import { GitHubError, errorFromResponse } from './github-errors';
import { apiBaseUrlForHost, resolveIssueRef, type ResolveOrigin } from './origin';
import type { GitHubIssueLocator, IssueRef } from './ref';
import type { Issue, IssueComment, IssueSummary } from './types';

export interface GitHubOptions {
  /** REST base: https://api.github.com (default for github.com), https://host/api/v3 for Enterprise. */
  baseUrl?: string;
  /** Sent as a bearer token; never logged, never put in error messages. */
  token?: string;
  /** Injected for tests and hosts; defaults to the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Needed for `#N` references. */
  resolveOrigin?: ResolveOrigin;
}

const UserSchema = z.object({ login: z.string() }).nullable().optional();
const LabelSchema = z.union([z.string(), z.object({ name: z.string().nullable().optional() })]);

const IssueResponseSchema = z.object({
  number: z.number(),
  title: z.string(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  state: z.string(),
  labels: z.array(LabelSchema).default([]),
  user: UserSchema,
  comments: z.number().optional(),
  updated_at: z.string().optional(),
  pull_request: z.unknown().optional(),
});

const CommentResponseSchema = z.object({
  body: z.string().nullable().optional(),
  user: UserSchema,
  created_at: z.string(),
});

const ErrorBodySchema = z.object({ message: z.string() }).partial();

const MAX_PAGES = 50; // 5,000 comments: enough for any issue worth solving, and bounded

const labelNames = (labels: z.infer<typeof LabelSchema>[]): string[] =>
  labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== '');

/** The URL of rel="next" in a Link header, if any. */
export function nextPageUrl(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return undefined;
}

async function getJson(
  url: string,
  what: string,
  options: GitHubOptions,
): Promise<{ json: unknown; headers: Headers }> {
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'foreman-vscode',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await doFetch(url, { headers, signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new GitHubError('aborted', `Fetching ${what} was cancelled`);
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new GitHubError('network', `Could not reach GitHub at ${new URL(url).origin} while fetching ${what}: ${cause}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    let apiMessage: string | undefined;
    try {
      apiMessage = ErrorBodySchema.parse(JSON.parse(text)).message;
    } catch {
      apiMessage = undefined;
    }
    throw errorFromResponse(response.status, response.headers, apiMessage, what, Boolean(options.token));
  }
  try {
    return { json: JSON.parse(text), headers: response.headers };
  } catch {
    throw new GitHubError('invalid_response', `GitHub's answer for ${what} is not JSON`, response.status);
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new GitHubError('invalid_response', `GitHub's answer for ${what} has an unexpected shape: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

async function locate(ref: IssueRef | GitHubIssueLocator, options: GitHubOptions): Promise<GitHubIssueLocator> {
  if (!('kind' in ref)) return ref;
  const located = await resolveIssueRef(ref, { resolveOrigin: options.resolveOrigin, signal: options.signal });
  if (!located) throw new GitHubError('invalid_response', `A ${ref.kind} reference is not a GitHub issue`);
  return located;
}

const repoUrl = (base: string, owner: string, repo: string): string =>
  `${base.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

/** Fetches an issue and all its comments (paginated through the Link header). */
export async function fetchIssue(ref: IssueRef | GitHubIssueLocator, options: GitHubOptions = {}): Promise<Issue> {
  const at = await locate(ref, options);
  const base = options.baseUrl ?? apiBaseUrlForHost(at.host);
  const label = `${at.owner}/${at.repo}#${at.number}`;
  const what = `issue ${label}`;
  const { json } = await getJson(`${repoUrl(base, at.owner, at.repo)}/issues/${at.number}`, what, options);
  const issue = parseOrThrow(IssueResponseSchema, json, what);
  if (issue.pull_request !== undefined) {
    throw new GitHubError('not_an_issue', `${label} is a pull request, not an issue: Foreman solves issues. Give the issue the pull request addresses.`);
  }

  const comments: IssueComment[] = [];
  let next: string | undefined = `${repoUrl(base, at.owner, at.repo)}/issues/${at.number}/comments?per_page=100`;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const { json: pageJson, headers } = await getJson(next, `comments of ${label}`, options);
    for (const c of parseOrThrow(z.array(CommentResponseSchema), pageJson, `comments of ${label}`)) {
      comments.push({ author: c.user?.login ?? 'ghost', body: c.body ?? '', createdAt: c.created_at });
    }
    next = nextPageUrl(headers.get('link'));
  }
  return {
    ref: label,
    title: issue.title,
    body: issue.body ?? '',
    url: issue.html_url,
    state: issue.state === 'open' || issue.state === 'closed' ? issue.state : 'unknown',
    labels: labelNames(issue.labels),
    author: issue.user?.login,
    comments,
  };
}

/** Open issues (pull requests left out), most recently updated first, for a pick list. */
export async function listOpenIssues(
  owner: string,
  repo: string,
  options: GitHubOptions & { limit?: number } = {},
): Promise<IssueSummary[]> {
  const limit = options.limit ?? 100;
  const base = options.baseUrl ?? 'https://api.github.com';
  const what = `open issues of ${owner}/${repo}`;
  const out: IssueSummary[] = [];
  let next: string | undefined = `${repoUrl(base, owner, repo)}/issues?state=open&sort=updated&direction=desc&per_page=${Math.min(100, limit)}`;
  for (let page = 0; next && out.length < limit && page < MAX_PAGES; page++) {
    const { json, headers } = await getJson(next, what, options);
    for (const item of parseOrThrow(z.array(IssueResponseSchema), json, what)) {
      if (item.pull_request !== undefined || out.length >= limit) continue;
      out.push({
        number: item.number,
        title: item.title,
        url: item.html_url,
        labels: labelNames(item.labels),
        author: item.user?.login,
        updatedAt: item.updated_at ?? '',
        comments: item.comments ?? 0,
      });
    }
    next = nextPageUrl(headers.get('link'));
  }
  return out;
}
