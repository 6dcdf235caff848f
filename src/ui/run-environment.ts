import type { SandboxFactory } from '../core/orchestrator/deps';
import type { RunStore } from '../core/run/store';
import { findRipgrep } from '../vscode/ripgrep-path';
import { LoggedCommandRunner, type LogSink } from '../vscode/logged-runner';
import type { ForemanSettings } from '../vscode/settings-schema';
import type { ModelChoice } from './model-provider';
import type { RunEnvironment } from './solve-launcher';
import { toSolveSettings } from './solve-settings';

export interface RunEnvironmentOptions {
  workspaceRoot: string;
  /** vscode.env.appRoot: where VS Code ships ripgrep. */
  appRoot: string;
  settings: ForemanSettings;
  model: ModelChoice;
  store: RunStore;
  sandboxes: SandboxFactory;
  /** The "Foreman" output channel: every command and its output is shown there. */
  output: LogSink;
}

/**
 * The ports of one run on Node: files, ripgrep (VS Code's own binary first),
 * commands (confined by bubblewrap where it works, shown in the output channel), the sandbox factory and the model.
 * Built when a run starts, never at activation.
 */
export async function createRunEnvironment(options: RunEnvironmentOptions): Promise<RunEnvironment> {
  const [{ NodeFileSystem }, { createSearch }, { NodeCommandRunner }, { ConfinedCommandRunner }] = await Promise.all([
    import('../core/workspace/node-fs'),
    import('../core/workspace/search-factory'),
    import('../core/workspace/node-runner'),
    import('../core/workspace/confined-runner'),
  ]);
  // Sandbox commands run under bubblewrap where it works (foreman.sandbox.*); the log shows the command as asked.
  const confined = new ConfinedCommandRunner(new NodeCommandRunner(), {
    mode: options.settings['sandbox.confinement'],
    network: options.settings['sandbox.network'] === 'on',
  });
  const fs = new NodeFileSystem(options.workspaceRoot);
  const rgPath = findRipgrep({ appRoot: options.appRoot });
  return {
    workspaceRoot: options.workspaceRoot,
    fs,
    search: createSearch({ root: options.workspaceRoot, files: fs.files, ...(rgPath ? { rgPath } : { rgPath: null }) }),
    runner: new LoggedCommandRunner(confined, options.output),
    sandboxes: options.sandboxes,
    model: options.model.client,
    settings: toSolveSettings(options.settings),
    store: options.store,
  };
}
