/** Why a GitHub request failed, with a message a user can act on. */
export type GitHubErrorKind =
  | 'not_found'
  | 'auth' // 401: the token is wrong or expired
  | 'forbidden' // 403 without a rate limit: the token lacks access
  | 'rate_limited'
  | 'network'
  | 'aborted'
  | 'not_an_issue' // the number names a pull request (GitHub serves PRs as issues too)
  | 'http' // any other status
  | 'invalid_response';

export class GitHubError extends Error {
  constructor(
    readonly kind: GitHubErrorKind,
    message: string,
    readonly status?: number,
    /** When the limit resets (rate_limited), epoch ms. */
    readonly resetAt?: number,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "HH:MM" in the machine's local time zone. */
export function localClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Maps a failed response to a GitHubError. `what` names the resource
 * ("issue owner/repo#12"); `hasToken` shapes the advice for 404 and 401.
 */
export function errorFromResponse(
  status: number,
  headers: Headers,
  apiMessage: string | undefined,
  what: string,
  hasToken: boolean,
  now: number = Date.now(),
): GitHubError {
  const detail = apiMessage ? ` (GitHub says: ${apiMessage})` : '';
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset'));
  const retryAfter = Number(headers.get('retry-after'));
  if ((status === 403 || status === 429) && remaining === '0' && Number.isFinite(reset) && reset > 0) {
    const resetAt = reset * 1000;
    const advice = hasToken ? '' : '; a token raises the limit (GITHUB_TOKEN)';
    return new GitHubError(
      'rate_limited',
      `GitHub API rate limit reached while fetching ${what}: rate limited until ${localClock(resetAt)} (local)${advice}`,
      status,
      resetAt,
    );
  }
  if ((status === 403 || status === 429) && Number.isFinite(retryAfter) && retryAfter > 0) {
    const resetAt = now + retryAfter * 1000;
    return new GitHubError(
      'rate_limited',
      `GitHub secondary rate limit hit while fetching ${what}: retry after ${retryAfter} s (until ${localClock(resetAt)} local)`,
      status,
      resetAt,
    );
  }
  if (status === 404) {
    const advice = hasToken
      ? 'check the reference, and that the token can read this repository'
      : 'check the reference; if the repository is private, give a token (GITHUB_TOKEN)';
    return new GitHubError('not_found', `GitHub could not find ${what}: ${advice}`, status);
  }
  if (status === 401) {
    return new GitHubError(
      'auth',
      hasToken
        ? `GitHub rejected the token while fetching ${what}: it is invalid or expired${detail}`
        : `GitHub requires authentication for ${what}: give a token (GITHUB_TOKEN)${detail}`,
      status,
    );
  }
  if (status === 403) {
    return new GitHubError(
      'forbidden',
      `GitHub refused access to ${what}${hasToken ? ': the token lacks permission' : ': give a token (GITHUB_TOKEN)'}${detail}`,
      status,
    );
  }
  return new GitHubError('http', `GitHub answered ${status} for ${what}${detail}`, status);
}
