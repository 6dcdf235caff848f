import * as vscode from 'vscode';
import { registerCommands } from './ui/commands';
import { ForemanApp } from './ui/foreman-app';
import { registerReview } from './ui/review/register';

/** What activate() returns: the extension-host tests drive the app through it. */
export interface ForemanApi {
  app: ForemanApp;
  activationMs: number;
}

/**
 * Composition root: wires the core's ports to VS Code. Kept lazy: nothing
 * heavy runs here (no network, no file scans); the orchestrator, the model
 * client, the run store and the sandbox load when the first run starts.
 */
let staleCleanup: Promise<void> | undefined;

export function activate(context: vscode.ExtensionContext): ForemanApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Foreman', { log: true });
  context.subscriptions.push(log);
  const app = new ForemanApp({
    context,
    log,
    solve: async () => (await import('./core/orchestrator/solve')).solveIssue,
    sandboxes: async (workspaceRoot) => {
      const { createSandboxFactory, cleanupStaleSandboxes } = await import('./core/sandbox');
      // Sandboxes left by a crashed window are removed before the first run, not at activation.
      staleCleanup ??= cleanupStaleSandboxes(undefined, {}).then(() => undefined, () => undefined);
      await staleCleanup;
      return createSandboxFactory({ workspaceRoot });
    },
    demoScript: async () => (await import('./ui/demo/demo-script')).demoScript(),
  });
  context.subscriptions.push(app, registerCommands(app), registerReview(context, app.reviewSource));
  const activationMs = Math.round((performance.now() - started) * 10) / 10;
  log.info(`Foreman activated in ${activationMs} ms`);
  return { app, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
