import * as vscode from 'vscode';

const SCOPES = ['repo'];
/** A silent lookup must never hold up a run: editors without a GitHub provider can leave it pending. */
const SILENT_TIMEOUT_MS = 3_000;

/**
 * GitHub token from VS Code's built-in GitHub authentication. Silent first
 * (`createIfNone: false`: no prompt); `ask: true` shows the sign-in flow, used
 * after GitHub answered that the issue needs authentication. Undefined when
 * there is no session, no provider, or the user declines.
 */
export async function gitHubToken(ask: boolean): Promise<string | undefined> {
  try {
    const session = vscode.authentication.getSession('github', SCOPES, ask ? { createIfNone: true } : { silent: true });
    if (ask) return (await session)?.accessToken;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SILENT_TIMEOUT_MS)));
    try {
      return (await Promise.race([Promise.resolve(session), timeout]))?.accessToken;
    } finally {
      clearTimeout(timer);
    }
  } catch {
    // No GitHub auth provider (some remote editors) or the user cancelled.
    return undefined;
  }
}
