/**
 * Filling a sandbox tree from the user's workspace: the uncommitted state of
 * a git repository on top of a fresh worktree, or a plain copy of a folder
 * that is not a repository; heavy ignored folders linked in both cases.
 * Reads the user's files only; never writes to them.
 */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { runGit, splitNul } from '../workspace/git';
import { walkWorkspace } from '../workspace/walk';
import { isHeavyDir } from './heavy-dirs';

export interface HeavyDirPolicy {
  names: ReadonlySet<string>;
  threshold: number;
}

async function mapLimit<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      await fn(items[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/**
 * Copies one file or symlink from the user's tree to the sandbox tree.
 * An absolute symlink into the user's tree is re-pointed at the same place in
 * the sandbox, so commands do not reach the user's files through it.
 */
export async function copyEntry(srcTop: string, dstTop: string, rel: string): Promise<void> {
  const src = path.join(srcTop, rel);
  const dst = path.join(dstTop, rel);
  const info = await lstat(src).catch(() => undefined);
  if (!info || !(info.isFile() || info.isSymbolicLink())) return;
  await mkdir(path.dirname(dst), { recursive: true });
  await rm(dst, { force: true, recursive: true });
  if (info.isSymbolicLink()) {
    let target = await readlink(src);
    if (path.isAbsolute(target) && isInside(srcTop, target)) {
      target = path.relative(path.dirname(dst), path.join(dstTop, path.relative(srcTop, target))) || '.';
    }
    await symlink(target, dst);
  } else {
    await copyFile(src, dst, constants.COPYFILE_FICLONE);
  }
}

/** Links the heavy ones among `ignoredDirs` (relative, may end in '/') into the sandbox tree. */
async function linkHeavyDirs(
  srcTop: string,
  dstTop: string,
  ignoredDirs: readonly string[],
  policy: HeavyDirPolicy,
): Promise<string[]> {
  const linked: string[] = [];
  for (const raw of ignoredDirs) {
    const rel = raw.replace(/\/+$/, '');
    const src = path.join(srcTop, rel);
    const info = await lstat(src).catch(() => undefined);
    if (!info?.isDirectory() || !(await isHeavyDir(src, policy.names, policy.threshold))) continue;
    const dst = path.join(dstTop, rel);
    if (await lstat(dst).catch(() => undefined)) continue; // something is already there
    await mkdir(path.dirname(dst), { recursive: true });
    await symlink(src, dst, 'dir');
    linked.push(rel);
  }
  return linked;
}

/**
 * After `git worktree add --detach` at HEAD: brings over what the user has not
 * committed (staged or not, deletions, untracked files that are not ignored)
 * and links heavy ignored folders. Returns the linked folders.
 */
export async function overlayUncommitted(
  repoTop: string,
  treeDir: string,
  policy: HeavyDirPolicy,
  signal?: AbortSignal,
): Promise<string[]> {
  const git = { cwd: repoTop, signal };
  const status = splitNul(
    await runGit(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=all'], git),
  );
  const paths = status.map((entry) => entry.slice(3)).filter((rel) => rel !== '' && !rel.endsWith('/'));
  await mapLimit(paths, 16, signal, async (rel) => {
    const exists = await lstat(path.join(repoTop, rel)).catch(() => undefined);
    if (exists) await copyEntry(repoTop, treeDir, rel);
    else await rm(path.join(treeDir, rel), { force: true });
  });
  const ignored = splitNul(
    await runGit(['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '--no-empty-directory', '-z'], git),
  ).filter((rel) => rel.endsWith('/'));
  return linkHeavyDirs(repoTop, treeDir, ignored, policy);
}

/** A plain copy of a folder that is not a git repository, honouring its .gitignore files. */
export async function copyWorkspace(
  root: string,
  treeDir: string,
  policy: HeavyDirPolicy,
  signal?: AbortSignal,
): Promise<string[]> {
  const walked = await walkWorkspace(root, signal);
  await mkdir(treeDir, { recursive: true });
  await mapLimit(walked.files, 16, signal, (rel) => copyEntry(root, treeDir, rel));
  return linkHeavyDirs(root, treeDir, walked.ignoredDirs, policy);
}
