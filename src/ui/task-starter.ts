import * as vscode from 'vscode';
import type { ChangeSet } from '../core/changes/changeset';
import type { Issue } from '../core/issue/types';
import { gitHubToken } from '../vscode/github-auth';
import { withProgress } from '../vscode/progress';
import type { SettingsService } from '../vscode/settings';
import { UNTRUSTED_MESSAGE } from '../vscode/trust';
import { ChatActionError } from './chat/chat-actions';
import type { ChatSession } from './chat/chat-session';
import { gitHubBaseUrl } from './github-base-url';
import type { ModelProvider } from './model-provider';
import type { RunOutcome } from './review-source';
import type { RunController } from './run-controller';
import { clipText } from '../webview/chat/task-text';
import { editorAdvice, isPullRequestPage, pullRequestRefusal, taskInputProblem } from './task-refusals';

export interface TaskStarterDeps {
  controller: RunController<ChangeSet, RunOutcome>;
  session: ChatSession;
  settings: SettingsService;
  models: ModelProvider;
  hasApiKey(): Promise<boolean>;
  workspaceRoot(): string | undefined;
}

/**
 * From what the user typed to a running run: checks (trust, folder, key),
 * parses the reference, fetches a GitHub issue (VS Code's GitHub sign-in when
 * GitHub asks for it) under a progress notification, then starts the run.
 * Each refusal is a readable message in the chat, with a button where one helps.
 */
export class TaskStarter {
  constructor(private readonly deps: TaskStarterDeps) {}

  async start(text: string): Promise<void> {
    // Before the preflight: a text that can never start a run is refused as such, whatever the state.
    const problem = taskInputProblem(text);
    if (problem) throw new ChatActionError(problem);
    const root = await this.preflight();
    const issue = await this.load(text, root);
    this.deps.controller.start(issue);
  }

  /** Starts a run on an already loaded task (resume, review revisions). */
  async startIssue(issue: Issue, resumeFrom?: unknown, runId?: string): Promise<void> {
    await this.preflight();
    this.deps.controller.start(issue, resumeFrom, runId);
  }

  /** Refuses, with the reason in the chat, when a run cannot start here. Returns the workspace root. */
  async preflight(): Promise<string> {
    const { session, controller } = this.deps;
    if (!vscode.workspace.isTrusted) {
      session.push({ kind: 'notice', level: 'error', text: UNTRUSTED_MESSAGE, action: 'manageTrust' });
      throw new ChatActionError(UNTRUSTED_MESSAGE, true);
    }
    const root = this.deps.workspaceRoot();
    if (!root) {
      const message = 'Open a folder first: Foreman works on the files of a workspace folder.';
      session.push({ kind: 'notice', level: 'error', text: message });
      throw new ChatActionError(message, true);
    }
    if (controller.active) throw new ChatActionError('A run is already going: stop it first, or type a follow-up for it.');
    if (!this.deps.models.demo && !(await this.deps.hasApiKey())) {
      const message = 'No Anthropic API key is set. Set one (kept in the OS keychain), or try the demo with the built-in fake model.';
      session.push({ kind: 'notice', level: 'error', text: message, action: 'setApiKey' });
      void vscode.window.showErrorMessage(`Foreman: ${message}`, 'Set API Key', 'Try the demo').then((choice) => {
        if (choice === 'Set API Key') void vscode.commands.executeCommand('foreman.setApiKey');
        if (choice === 'Try the demo') void vscode.commands.executeCommand('foreman.tryDemo');
      });
      throw new ChatActionError(message, true);
    }
    return root;
  }

  private async load(text: string, root: string): Promise<Issue> {
    const issueModule = await import('../core/issue');
    let ref;
    try {
      ref = issueModule.parseIssueRef(text, { cwd: root });
    } catch (err) {
      throw readable(err);
    }
    if (ref.kind === 'text' || ref.kind === 'file') return issueModule.loadIssue(ref);
    const label = issueModule.describeIssueRef(ref);
    const fetchWith = (token: string | undefined) =>
      withProgress(`Foreman: loading issue ${label}`, undefined, async (signal) => {
        const at = await issueModule.resolveIssueRef(ref, { resolveOrigin: issueModule.gitOriginResolver(root), signal });
        if (!at) throw new ChatActionError(`${label} is not a GitHub issue reference.`);
        const baseUrl = gitHubBaseUrl(at.host, this.deps.settings.current.githubApiUrl);
        return issueModule.fetchIssue(at, { baseUrl, signal, ...(token ? { token } : {}) });
      });
    const token = await gitHubToken(false);
    try {
      return notPullRequest(await fetchWith(token), label);
    } catch (err) {
      const needsAuth = err instanceof issueModule.GitHubError && ['auth', 'not_found', 'forbidden'].includes(err.kind);
      if (!needsAuth || token) throw readable(err);
      const choice = await vscode.window.showWarningMessage(
        `Foreman: ${clipText(editorAdvice(err.message))}. Sign in to GitHub to read private repositories?`,
        'Sign in to GitHub',
      );
      const fresh = choice ? await gitHubToken(true) : undefined;
      if (!fresh) throw readable(err);
      return fetchWith(fresh).then(
        (issue) => notPullRequest(issue, label),
        (again: unknown) => {
          throw readable(again);
        },
      );
    }
  }
}

function readable(err: unknown): Error {
  // Messages may quote what the user typed (a huge paste): clipped to something a toast can show.
  return err instanceof ChatActionError ? err : new ChatActionError(clipText(editorAdvice(err instanceof Error ? err.message : String(err))));
}

/** `owner/repo#N` may name a pull request too: GitHub then answers with the PR's page URL. */
function notPullRequest(issue: Issue, label: string): Issue {
  if (isPullRequestPage(issue.url)) throw new ChatActionError(pullRequestRefusal(label));
  return issue;
}
