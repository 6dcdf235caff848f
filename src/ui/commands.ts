import * as vscode from 'vscode';
import { z } from 'zod';
import { ensureTrusted } from '../vscode/trust';
import { clipText } from '../webview/chat/task-text';
import { ChatActionError } from './chat/chat-actions';
import { runHistory } from './chat/run-history';
import type { ForemanApp } from './foreman-app';
import { COMMANDS } from './command-ids';
import { pickTask } from './issue-picker';
import { PlanEditor } from './plan-editor';

/** Arguments may come from anywhere (keybindings, other extensions, command links): parsed, never trusted. */
const TextArg = z.string().trim().min(1).max(100_000).optional();
const RUN_GOING = 'A run is already going: stop it first, or type a follow-up for it in the chat.';
const RunIdArg = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/).optional();

export function registerCommands(app: ForemanApp): vscode.Disposable {
  const failed = (what: string) => (err: unknown) => {
    const message = clipText(err instanceof Error ? err.message : String(err));
    // Preflight refusals are already in the chat with a button; others are shown here too.
    if (!(err instanceof ChatActionError)) app.session.push({ kind: 'notice', level: 'error', text: `${what}: ${message}` });
    void vscode.window.showErrorMessage(`Foreman: ${message}`);
  };
  const register = (id: string, fn: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        failed(id.replace('foreman.', ''))(err);
        return undefined;
      }
    });

  // The plan editor lives with the commands that act on it; the chat reaches it through controller.plans.
  const planEditor = new PlanEditor();
  const attached = app.controller.plans.attach(planEditor);

  return vscode.Disposable.from(
    attached,
    planEditor,
    register(COMMANDS.editPlan, async () => {
      await app.controller.plans.edit();
    }),
    register(COMMANDS.approveEditedPlan, async () => {
      await app.controller.plans.approve({ requireEdit: true });
    }),
    register(COMMANDS.rejectPlan, () => app.controller.plans.reject('rejected by user')),
    register(COMMANDS.solveIssue, async (arg) => {
      if (!ensureTrusted()) return;
      // Said before the picker opens, not after the user has typed a reference into it.
      if (app.controller.active) throw new ChatActionError(RUN_GOING);
      const given = TextArg.safeParse(arg);
      const text =
        (given.success ? given.data : undefined) ??
        (await pickTask({ root: app.workspaceRoot(), githubApiUrl: app.settings.current.githubApiUrl, log: (m) => app.log('info', m) }));
      if (!text) return;
      await app.chat.reveal();
      try {
        await app.startTask(text);
      } catch (err) {
        // The chat was just revealed: a refusal belongs there too, not only in a toast that fades.
        if (err instanceof ChatActionError && !err.inChat) app.session.push({ kind: 'notice', level: 'error', text: err.message });
        throw err;
      }
    }),
    register(COMMANDS.stopRun, () => {
      if (!app.controller.stop()) void vscode.window.showInformationMessage('Foreman: no run is going.');
    }),
    register(COMMANDS.pauseRun, () => app.controller.pause()),
    register(COMMANDS.continueRun, () => app.controller.resume()),
    register(COMMANDS.setApiKey, () => app.setApiKey()),
    register(COMMANDS.clearApiKey, async () => {
      await app.apiKeys.clear();
      await app.pushStatus();
      void vscode.window.showInformationMessage('Foreman: API key removed from the keychain.');
    }),
    register(COMMANDS.showRunLog, (arg) => {
      const runId = RunIdArg.safeParse(arg);
      return app.showRunLog(runId.success ? runId.data : undefined);
    }),
    register(COMMANDS.resumeRun, async (arg) => {
      if (!ensureTrusted()) return;
      const given = RunIdArg.safeParse(arg);
      let runId = given.success ? given.data : undefined;
      if (!runId) {
        const runs = runHistory(await app.store()).filter((r) => r.resumable);
        if (runs.length === 0) {
          void vscode.window.showInformationMessage('Foreman: no interrupted run to resume.');
          return;
        }
        const picked = await vscode.window.showQuickPick(
          runs.map((r) => ({ label: r.title, description: r.ref, detail: `started ${r.startedAt ?? '?'}`, runId: r.runId })),
          { title: 'Foreman: Resume Run', placeHolder: 'An interrupted run to resume from its saved state' },
        );
        runId = picked?.runId;
      }
      if (!runId) return;
      await app.chat.reveal();
      await app.resumeRun(runId);
    }),
    register(COMMANDS.tryDemo, async () => {
      if (!ensureTrusted()) return;
      await app.chat.reveal();
      await app.tryDemo();
    }),
  );
}
