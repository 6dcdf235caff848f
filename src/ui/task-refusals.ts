import { clipText, taskTextProblem } from '../webview/chat/task-text';

/**
 * Refusals of a task before anything is fetched or started, wherever it was
 * typed (the chat, the palette's picker, a command argument): the same limits
 * as the chat's protocol, and pull requests, which Foreman does not solve
 * (GitHub serves a PR under the issues API, so it would otherwise run on a
 * PR's description as if it were a task).
 */

const PULL_URL = /^https?:\/\/[^\s/]+\/[^\s/]+\/[^\s/]+\/pull\/\d+(?:[/?#]\S*)?$/i;

/** A readable refusal of what the user typed, or undefined when it may start a run. */
export function taskInputProblem(text: string): string | undefined {
  const problem = taskTextProblem(text.trim());
  if (problem) return problem;
  if (PULL_URL.test(text.trim())) return pullRequestRefusal(text.trim());
  return undefined;
}

/** Whether a fetched issue's page is a pull request's (GitHub's html_url of a PR ends in /pull/N). */
export function isPullRequestPage(url: string | undefined): boolean {
  return url !== undefined && /\/pull\/\d+\/?$/.test(url);
}

export function pullRequestRefusal(what: string): string {
  return `${clipText(what, 300)} is a pull request, not an issue: Foreman solves issues. Give the issue it addresses (its URL or owner/repo#N), or describe the task in words.`;
}

/**
 * Core's GitHub errors advise the CLI's GITHUB_TOKEN, which the extension does
 * not read: in the editor, the way to a token is signing in to GitHub.
 */
export function editorAdvice(message: string): string {
  return message
    .replace(/a token raises the limit \(GITHUB_TOKEN\)/g, 'signing in to GitHub raises the limit')
    .replace(/give a token \(GITHUB_TOKEN\)/g, 'sign in to GitHub (Accounts menu)');
}
