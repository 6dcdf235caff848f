/**
 * The Node implementations of the workspace ports for a CLI run.
 */
import { cp, mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileChange } from '../core/changes/types';
import type { Sandbox, SandboxFactory } from '../core/orchestrator/deps';
import type { SolveOptions } from '../core/orchestrator/solve';
import { NodeFileSystem } from '../core/workspace/node-fs';
import { NodeCommandRunner } from '../core/workspace/node-runner';
import { createSearch } from '../core/workspace/search-factory';

export function nodeWorkspace(root: string): SolveOptions['workspace'] {
  const fs = new NodeFileSystem(root);
  return { fs, search: createSearch({ root }), runner: new NodeCommandRunner(), sandboxes: copySandboxes(root) };
}

const LINKED = new Set(['node_modules', '.venv', 'venv', 'target', '.gradle']);

/**
 * TEMPORARY until src/core/sandbox lands (createSandbox: git worktree + the
 * user's uncommitted work + the overlay): a plain copy of the workspace in a
 * temp folder, heavy folders linked, the proposals written over it.
 */
function copySandboxes(workspaceRoot: string): SandboxFactory {
  return {
    async create(runId: string): Promise<Sandbox> {
      const root = await mkdtemp(join(tmpdir(), `foreman-sandbox-${runId.slice(0, 8)}-`));
      await cp(workspaceRoot, root, {
        recursive: true,
        filter: (source) => {
          const name = source.slice(workspaceRoot.length + 1).split('/')[0] ?? '';
          return name !== '.git' && !LINKED.has(name);
        },
      });
      for (const name of LINKED) await symlink(join(workspaceRoot, name), join(root, name)).catch(() => undefined);
      return {
        root,
        async sync(files: FileChange[]) {
          for (const file of files) {
            const target = join(root, file.path);
            if (file.newContent === undefined) await rm(target, { force: true });
            else {
              await mkdir(dirname(target), { recursive: true });
              await writeFile(target, file.newContent);
            }
          }
        },
        async dispose() {
          await rm(root, { recursive: true, force: true });
        },
      };
    },
  };
}
