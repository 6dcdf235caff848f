/**
 * createSandbox: a scratch tree that looks like the user's workspace right
 * now. In a git repository with at least one commit it is a detached
 * worktree at HEAD (cheap: objects are shared) with the user's uncommitted
 * work copied over; otherwise a plain copy. Either way heavy ignored folders
 * are linked, not copied.
 *
 * Layout: <baseDir>/<runId>-<random>/owner.json and …/<workspace name>/ (the
 * tree). The owner file is written first, so a crash at any point leaves
 * something cleanupStaleSandboxes can undo.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileChange } from '../changes/types';
import { GitError, gitTopLevel, runGit } from '../workspace/git';
import { DEFAULT_HEAVY_ENTRY_THRESHOLD, HEAVY_DIR_NAMES } from './heavy-dirs';
import { newOwner, writeOwner, type SandboxOwner } from './owner-file';
import { copyWorkspace, overlayUncommitted, type HeavyDirPolicy } from './populate';
import { ProposalSync } from './proposal-sync';
import { removeSandbox } from './remove-sandbox';
import type { CreateSandboxOptions, Sandbox } from './types';

export function defaultSandboxBaseDir(): string {
  return path.join(tmpdir(), 'foreman-sandboxes');
}

/**
 * `<run>-p<pid>-<random>`: the creating process is in the name, so a folder
 * whose owner file was never written (killed between mkdir and writeOwner)
 * can still be traced to a dead process and removed on the next start.
 */
function sandboxId(runId: string): string {
  const safe = runId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'run';
  return `${safe}-p${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The pid a sandbox folder's name records, if it has one. */
export function pidFromSandboxName(name: string): number | undefined {
  const match = /-p(\d+)-[0-9a-f]{8}$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

async function hasCommit(repoTop: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: repoTop, signal });
    return true;
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}

/** Reads `<tree>/.git` ("gitdir: …/.git/worktrees/<name>"). */
async function worktreeAdminDir(treeDir: string): Promise<string | undefined> {
  const text = await readFile(path.join(treeDir, '.git'), 'utf8').catch(() => undefined);
  const match = text?.match(/^gitdir:\s*(.+)$/m);
  return match ? path.resolve(treeDir, match[1]!.trim()) : undefined;
}

class LiveSandbox implements Sandbox {
  private disposing: Promise<void> | undefined;
  private readonly proposals: ProposalSync;

  constructor(
    readonly root: string,
    readonly kind: 'worktree' | 'copy',
    private readonly dir: string,
    private readonly owner: SandboxOwner,
  ) {
    this.proposals = new ProposalSync(root);
  }

  sync(changes: readonly FileChange[], signal?: AbortSignal): Promise<void> {
    if (this.disposing) return Promise.reject(new Error('The sandbox has been disposed.'));
    return this.proposals.sync(changes, signal);
  }

  dispose(): Promise<void> {
    this.disposing ??= removeSandbox(this.dir, this.owner);
    return this.disposing;
  }
}

export async function createSandbox(options: CreateSandboxOptions): Promise<Sandbox> {
  const { signal } = options;
  signal?.throwIfAborted();
  const workspaceRoot = await realpath(options.workspaceRoot);
  const baseDir = options.baseDir ?? defaultSandboxBaseDir();
  await mkdir(baseDir, { recursive: true });
  const dir = path.join(await realpath(baseDir), sandboxId(options.runId));
  await mkdir(dir);

  const policy: HeavyDirPolicy = {
    names: new Set(options.heavyDirNames ?? HEAVY_DIR_NAMES),
    threshold: options.heavyEntryThreshold ?? DEFAULT_HEAVY_ENTRY_THRESHOLD,
  };
  const top = await gitTopLevel(workspaceRoot, { signal });
  const repoTop = top && (await hasCommit(top, signal)) ? await realpath(top) : undefined;
  const treeDir = path.join(dir, path.basename(repoTop ?? workspaceRoot) || 'workspace');
  let owner = newOwner({
    runId: options.runId,
    workspaceRoot,
    kind: repoTop ? 'worktree' : 'copy',
    treeDir,
    ...(repoTop ? { repoTop } : {}),
  });

  try {
    await writeOwner(dir, owner);
    let root: string;
    if (repoTop) {
      // Hooks off: creating a sandbox must not run the user's post-checkout hook.
      await runGit(['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', treeDir, 'HEAD'], {
        cwd: repoTop,
        signal,
      });
      const gitAdminDir = await worktreeAdminDir(treeDir);
      if (gitAdminDir) {
        owner = { ...owner, gitAdminDir };
        await writeOwner(dir, owner);
      }
      await overlayUncommitted(repoTop, treeDir, policy, signal);
      root = path.join(treeDir, path.relative(repoTop, workspaceRoot));
    } else {
      await copyWorkspace(workspaceRoot, treeDir, policy, signal);
      root = treeDir;
    }
    signal?.throwIfAborted();
    const sandbox = new LiveSandbox(root, owner.kind, dir, owner);
    signal?.addEventListener('abort', () => void sandbox.dispose().catch(() => undefined), { once: true });
    return sandbox;
  } catch (error) {
    await removeSandbox(dir, owner).catch(() => undefined);
    throw error;
  }
}
