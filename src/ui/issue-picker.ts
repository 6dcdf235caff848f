import * as vscode from 'vscode';
import { gitHubToken } from '../vscode/github-auth';
import { gitHubBaseUrl } from './github-base-url';

const EMPTY_HINT = 'Nothing to solve yet: type an issue URL, owner/repo#N, #N, or the task in words (Escape to cancel)';

interface IssueItem extends vscode.QuickPickItem {
  ref: string;
}

export interface IssuePickerOptions {
  root: string | undefined;
  githubApiUrl: string;
  log(message: string): void;
}

/**
 * "Foreman: Solve Issue": one quick input that takes a URL, owner/repo#N, #N
 * or free text, and, where the workspace's origin is on GitHub, lists its open
 * issues (fetched after the picker is shown, so it opens at once). Resolves
 * to what the user chose, or undefined when dismissed.
 */
export function pickTask(options: IssuePickerOptions): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<IssueItem>();
  pick.title = 'Foreman: Solve Issue';
  pick.placeholder = 'An issue URL, owner/repo#N, #N, or describe the task in words';
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  let issues: IssueItem[] = [];
  const typed = (): IssueItem[] => (pick.value.trim() ? [{ label: `$(play) ${pick.value.trim()}`, description: 'Solve this', alwaysShow: true, ref: pick.value.trim() }] : []);
  const refresh = () => {
    pick.items = [...typed(), ...issues];
  };
  const cancel = new AbortController();

  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (value: string | undefined) => {
      if (done) return;
      done = true;
      cancel.abort();
      resolve(value);
      pick.dispose();
    };
    pick.onDidChangeValue(refresh);
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      const value = chosen?.ref ?? pick.value.trim();
      if (value) finish(value);
      // Enter on nothing: say what is missing instead of doing nothing.
      else pick.placeholder = EMPTY_HINT;
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();

    if (!options.root) return;
    pick.busy = true;
    void loadOpenIssues(options, cancel.signal)
      .then((found) => {
        issues = found;
        refresh();
      })
      .catch((err: unknown) => options.log(`open issues not listed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        pick.busy = false;
      });
  });
}

async function loadOpenIssues(options: IssuePickerOptions, signal: AbortSignal): Promise<IssueItem[]> {
  const { gitOriginResolver, listOpenIssues } = await import('../core/issue');
  const origin = await gitOriginResolver(options.root!)(signal);
  if (!origin) return [];
  const token = await gitHubToken(false);
  const list = await listOpenIssues(origin.owner, origin.repo, {
    baseUrl: gitHubBaseUrl(origin.host, options.githubApiUrl),
    signal,
    limit: 50,
    ...(token ? { token } : {}),
  });
  return list.map((issue) => ({
    label: `#${issue.number} ${issue.title}`,
    description: issue.labels.join(', '),
    detail: `${origin.owner}/${origin.repo} · ${issue.comments} comment${issue.comments === 1 ? '' : 's'}${issue.author ? ` · by ${issue.author}` : ''}`,
    ref: `${origin.owner}/${origin.repo}#${issue.number}`,
  }));
}
