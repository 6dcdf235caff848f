/** The Node implementations of the workspace ports for a CLI run. */
import type { SolveOptions } from '../core/orchestrator/solve';
import { cleanupStaleSandboxes, createSandboxFactory } from '../core/sandbox';
import { ConfinedCommandRunner, type ConfinementOptions } from '../core/workspace/confined-runner';
import { NodeFileSystem } from '../core/workspace/node-fs';
import { NodeCommandRunner } from '../core/workspace/node-runner';
import { createSearch } from '../core/workspace/search-factory';

/** Sandbox commands are confined with bubblewrap by default ('auto': when it works here). */
export function nodeWorkspace(root: string, confinement: ConfinementOptions = {}): SolveOptions['workspace'] {
  const fs = new NodeFileSystem(root);
  return {
    fs,
    search: createSearch({ root }),
    runner: new ConfinedCommandRunner(new NodeCommandRunner(), confinement),
    sandboxes: createSandboxFactory({ workspaceRoot: root }),
  };
}

/** Sandboxes left behind by runs whose process died (crash, kill): removed at start. */
export async function removeStaleSandboxes(signal: AbortSignal): Promise<void> {
  await cleanupStaleSandboxes(undefined, { signal }).catch(() => undefined);
}
