import { execFile } from 'node:child_process';
import { IssueRefError, type GitHubIssueLocator, type IssueRef } from './ref';

/** Where the workspace's `origin` remote points. */
export interface RemoteRepo {
  host: string;
  owner: string;
  repo: string;
}

/** Port: the host finds the workspace's origin remote (git, or VS Code's git API). */
export type ResolveOrigin = (signal?: AbortSignal) => Promise<RemoteRepo | undefined>;

/**
 * Parses the remote URL forms git accepts: https://host/owner/repo(.git),
 * ssh://[user@]host[:port]/owner/repo(.git), git://…, and scp-like
 * [user@]host:owner/repo(.git). Credentials in the URL are dropped.
 */
export function parseRemoteUrl(remote: string): RemoteRepo | undefined {
  const text = remote.trim();
  let host: string;
  let path: string;
  const scpLike = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/.exec(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    host = url.hostname;
    path = url.pathname;
  } else if (scpLike) {
    host = scpLike[1] ?? '';
    path = scpLike[2] ?? '';
  } else {
    return undefined;
  }
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts.length < 2 || host === '') return undefined;
  const owner = parts[parts.length - 2] ?? '';
  const repo = (parts[parts.length - 1] ?? '').replace(/\.git$/, '');
  if (!owner || !repo) return undefined;
  return { host, owner, repo };
}

/** Node implementation of ResolveOrigin: `git remote get-url origin` in `cwd`. */
export function gitOriginResolver(cwd: string): ResolveOrigin {
  return (signal) =>
    new Promise((resolvePromise) => {
      execFile('git', ['remote', 'get-url', 'origin'], { cwd, signal, timeout: 10_000 }, (error, stdout) => {
        if (error) return resolvePromise(undefined);
        resolvePromise(parseRemoteUrl(String(stdout)));
      });
    });
}

/**
 * Turns a GitHub reference into a locator (host, owner, repo, number); `#N`
 * goes through the origin remote. Returns undefined for file and text refs.
 */
export async function resolveIssueRef(
  ref: IssueRef,
  options: { resolveOrigin?: ResolveOrigin; defaultHost?: string; signal?: AbortSignal } = {},
): Promise<GitHubIssueLocator | undefined> {
  switch (ref.kind) {
    case 'url':
      return { host: ref.host, owner: ref.owner, repo: ref.repo, number: ref.number };
    case 'shorthand':
      return { host: options.defaultHost ?? 'github.com', owner: ref.owner, repo: ref.repo, number: ref.number };
    case 'number': {
      const origin = options.resolveOrigin ? await options.resolveOrigin(options.signal) : undefined;
      if (!origin) {
        throw new IssueRefError(
          `#${ref.number} needs the workspace's "origin" remote to name a GitHub repository, and none was found; use owner/repo#${ref.number}`,
          `#${ref.number}`,
        );
      }
      return { ...origin, number: ref.number };
    }
    default:
      return undefined;
  }
}

/** REST base for a host: api.github.com for github.com, https://host/api/v3 for Enterprise. */
export function apiBaseUrlForHost(host: string): string {
  return host === 'github.com' || host === 'www.github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
}
