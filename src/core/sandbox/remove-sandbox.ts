/**
 * Undoing a sandbox, from the live object or from its owner file after a
 * crash: the worktree registration in the user's repository first (only the
 * one we made: the admin folder's gitdir must point back at our tree), then
 * the folder. `fs.rm` does not follow symlinks, so linked heavy folders lose
 * their link, never their contents; we unlink top-level links first anyway.
 *
 * We do not run `git worktree prune`: it would also drop the registration of
 * any of the user's own worktrees that happen to be unreachable right now
 * (an unmounted drive), which is not ours to decide.
 */
import { lstat, readFile, readdir, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../workspace/git';
import type { SandboxOwner } from './owner-file';

async function unlinkSymlinksAtTop(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isSymbolicLink()) await unlink(path.join(dir, entry.name)).catch(() => undefined);
  }
}

/** Removes the worktree admin folder if, and only if, it belongs to `treeDir`. */
async function removeAdminDir(adminDir: string, treeDir: string): Promise<void> {
  if (path.basename(path.dirname(adminDir)) !== 'worktrees') return;
  const pointer = await readFile(path.join(adminDir, 'gitdir'), 'utf8').catch(() => undefined);
  if (pointer === undefined) return;
  if (path.resolve(pointer.trim()) !== path.join(treeDir, '.git')) return;
  await rm(adminDir, { recursive: true, force: true });
}

export async function removeSandbox(sandboxDir: string, owner: SandboxOwner | undefined): Promise<void> {
  if (owner) {
    await unlinkSymlinksAtTop(owner.treeDir);
    if (owner.kind === 'worktree' && owner.repoTop) {
      const exists = await lstat(owner.treeDir).catch(() => undefined);
      if (exists) {
        await runGit(['worktree', 'remove', '--force', '--force', owner.treeDir], { cwd: owner.repoTop }).catch(
          () => undefined, // fall through to the manual removal below
        );
      }
      if (owner.gitAdminDir) await removeAdminDir(owner.gitAdminDir, owner.treeDir).catch(() => undefined);
    }
  }
  await rm(sandboxDir, { recursive: true, force: true, maxRetries: 3 });
}
