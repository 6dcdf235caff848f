import * as vscode from 'vscode';

const SCOPES = ['repo'];

/**
 * GitHub token from VS Code's built-in GitHub authentication. Silent first
 * (no prompt); `ask: true` shows the sign-in flow, used after GitHub answered
 * that the issue needs authentication. Undefined when the user declines.
 */
export async function gitHubToken(ask: boolean): Promise<string | undefined> {
  try {
    const session = await vscode.authentication.getSession('github', SCOPES, ask ? { createIfNone: true } : { createIfNone: false });
    return session?.accessToken;
  } catch {
    // No GitHub auth provider (e.g. some remote editors) or the user cancelled.
    return undefined;
  }
}
