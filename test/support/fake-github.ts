import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fake of the GitHub REST endpoints Foreman reads: an issue, its
 * comments (paginated with Link headers) and the open-issue list, with modes
 * for rate limits, a secondary limit, private repositories and bad tokens.
 * Also answers under /api/v3 like GitHub Enterprise.
 */

export interface FakeIssue {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body?: string | null;
  state?: 'open' | 'closed';
  labels?: string[];
  user?: string | null;
  pullRequest?: boolean;
  updatedAt?: string;
  comments?: { user: string | null; body: string; createdAt: string }[];
}

export type FakeGitHubMode =
  | { kind: 'normal' }
  /** Primary limit exhausted: 403 + x-ratelimit-remaining 0 + x-ratelimit-reset (epoch seconds). */
  | { kind: 'rate-limited'; resetEpochSeconds: number }
  /** Secondary limit: 403 + retry-after. */
  | { kind: 'secondary-limit'; retryAfterSeconds: number }
  /** Answers nothing valid: the socket is destroyed. */
  | { kind: 'broken' };

export interface FakeGitHubOptions {
  issues: FakeIssue[];
  /** Repositories ("owner/repo") that are private: 404 without the right token. */
  privateRepos?: string[];
  /** The one token the fake accepts; any other bearer token gets 401. */
  token?: string;
  perPage?: number;
}

export interface FakeGitHubRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  accept: string | undefined;
}

export interface FakeGitHub {
  url: string;
  requests: FakeGitHubRequest[];
  setMode(mode: FakeGitHubMode): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function issueJson(base: string, i: FakeIssue, commentCount: number): Record<string, unknown> {
  return {
    number: i.number,
    title: i.title,
    body: i.body === undefined ? '' : i.body,
    html_url: `${base}/${i.owner}/${i.repo}/issues/${i.number}`,
    state: i.state ?? 'open',
    labels: (i.labels ?? []).map((name) => ({ id: 1, name, color: 'ededed' })),
    user: i.user === null ? null : { login: i.user ?? 'octocat', id: 1 },
    comments: commentCount,
    updated_at: i.updatedAt ?? '2026-01-01T00:00:00Z',
    ...(i.pullRequest ? { pull_request: { url: 'x' } } : {}),
  };
}

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  let mode: FakeGitHubMode = { kind: 'normal' };
  const requests: FakeGitHubRequest[] = [];
  const perPage = options.perPage ?? 30;
  let origin = '';

  const page = <T>(items: T[], url: URL, path: string): { slice: T[]; link?: string } => {
    const size = Math.min(100, Number(url.searchParams.get('per_page') ?? perPage) || perPage, perPage);
    const number = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const slice = items.slice((number - 1) * size, number * size);
    const last = Math.max(1, Math.ceil(items.length / size));
    if (number >= last) return { slice };
    const next = new URL(`${origin}${path}`);
    url.searchParams.forEach((v, k) => next.searchParams.set(k, v));
    next.searchParams.set('page', String(number + 1));
    const lastUrl = new URL(next);
    lastUrl.searchParams.set('page', String(last));
    return { slice, link: `<${next.href}>; rel="next", <${lastUrl.href}>; rel="last"` };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      accept: req.headers.accept,
    });
    if (mode.kind === 'broken') {
      req.socket.destroy();
      return;
    }
    if (mode.kind === 'rate-limited') {
      return send(
        res,
        403,
        { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com' },
        { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(mode.resetEpochSeconds) },
      );
    }
    if (mode.kind === 'secondary-limit') {
      return send(
        res,
        403,
        { message: 'You have exceeded a secondary rate limit.' },
        { 'retry-after': String(mode.retryAfterSeconds), 'x-ratelimit-remaining': '55' },
      );
    }
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname.replace(/^\/api\/v3/, '');
    const auth = req.headers.authorization;
    if (auth !== undefined && options.token !== undefined && auth !== `Bearer ${options.token}`) {
      return send(res, 401, { message: 'Bad credentials' });
    }
    const authorised = options.token !== undefined && auth === `Bearer ${options.token}`;
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues(?:\/(\d+)(\/comments)?)?$/.exec(path);
    if (!m) return send(res, 404, { message: 'Not Found' });
    const [, owner, repo, num, comments] = m;
    const repoKey = `${owner}/${repo}`;
    if ((options.privateRepos ?? []).includes(repoKey) && !authorised) return send(res, 404, { message: 'Not Found' });
    const inRepo = options.issues.filter((i) => i.owner === owner && i.repo === repo);
    const base = origin.replace(/\/$/, '');
    if (num === undefined) {
      const open = inRepo.filter((i) => (i.state ?? 'open') === url.searchParams.get('state') || url.searchParams.get('state') === 'all');
      const { slice, link } = page(open, url, url.pathname);
      return send(res, 200, slice.map((i) => issueJson(base, i, i.comments?.length ?? 0)), link ? { link } : {});
    }
    const issue = inRepo.find((i) => i.number === Number(num));
    if (!issue) return send(res, 404, { message: 'Not Found' });
    if (!comments) return send(res, 200, issueJson(base, issue, issue.comments?.length ?? 0));
    const all = (issue.comments ?? []).map((c, index) => ({
      id: index + 1,
      body: c.body,
      user: c.user === null ? null : { login: c.user },
      created_at: c.createdAt,
    }));
    const { slice, link } = page(all, url, url.pathname);
    return send(res, 200, slice, link ? { link } : {});
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    requests,
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
