/**
 * What a confined command needs to see of a sandbox besides its own tree:
 * the folders its symlinks lead to outside it (heavy folders such as
 * node_modules are linked to the user's copy), and the git administrative
 * folders of a worktree (its `.git` file points into the user's
 * `.git/worktrees/<id>`). These may live under the host's /tmp, which the
 * confinement replaces with a private one, so they are mounted explicitly.
 */
import { lstat, opendir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEPENDENCY_CACHE_NAMES, WRITABLE_LINKED_NAMES } from './bwrap-args';

export interface SandboxLayout {
  /** Real path of the sandbox root. */
  root: string;
  /** The folder holding the sandbox's `.git`, when it is above `root` (a workspace in a sub-folder of its repository). */
  repoTop?: string;
  /** Git folders outside the sandbox that its `.git` file leads to (worktree admin dir, common dir). */
  gitDirs: string[];
  /** Real paths of folders that symlinks inside the sandbox lead to, outside it. */
  linkedDirs: string[];
  /** Existing tool-cache folders inside linked dependency folders (node_modules/.vite): kept writable. */
  dependencyCaches?: string[];
  /** True when the walk stopped at its entry limit (some links may be missing). */
  truncated: boolean;
}

export interface LayoutOptions {
  /** Entries visited at most while looking for links (default 200,000). */
  maxEntries?: number;
  /** Linked folders kept at most (default 256). */
  maxLinks?: number;
  signal?: AbortSignal;
}

export function isInside(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** The nearest `.git` at or above `dir`: where it is and, for a `.git` file, the folders it names. */
async function findGit(dir: string): Promise<{ top: string; gitDirs: string[] } | undefined> {
  for (let current = dir; ; current = path.dirname(current)) {
    const marker = path.join(current, '.git');
    const info = await lstat(marker).catch(() => undefined);
    if (info?.isDirectory()) return { top: current, gitDirs: [] };
    if (info?.isFile()) {
      const text = await readFile(marker, 'utf8').catch(() => '');
      const gitdir = text.match(/^gitdir:\s*(.+)$/m)?.[1]?.trim();
      if (!gitdir) return { top: current, gitDirs: [] };
      const admin = await realpath(path.resolve(current, gitdir)).catch(() => undefined);
      if (!admin) return { top: current, gitDirs: [] };
      const common = (await readFile(path.join(admin, 'commondir'), 'utf8').catch(() => '')).trim();
      const commonDir = common ? await realpath(path.resolve(admin, common)).catch(() => undefined) : undefined;
      const dirs = commonDir && !isInside(commonDir, admin) ? [commonDir, admin] : [commonDir ?? admin];
      return { top: current, gitDirs: dirs.filter((d) => !isInside(current, d)) };
    }
    if (path.dirname(current) === current) return undefined;
  }
}

export async function inspectSandbox(sandboxRoot: string, options: LayoutOptions = {}): Promise<SandboxLayout> {
  const root = await realpath(sandboxRoot);
  const maxEntries = options.maxEntries ?? 200_000;
  const maxLinks = options.maxLinks ?? 256;
  const git = await findGit(root);
  const linked = new Set<string>();
  let visited = 0;
  let truncated = false;
  const pending = [root];
  walk: while (pending.length > 0) {
    options.signal?.throwIfAborted();
    const dir = pending.pop()!;
    const handle = await opendir(dir).catch(() => undefined);
    if (!handle) continue;
    for await (const entry of handle) {
      if (++visited > maxEntries || linked.size >= maxLinks) {
        truncated = true;
        break walk; // leaving the loop closes the handle
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') pending.push(full);
      } else if (entry.isSymbolicLink()) {
        const target = await realpath(full).catch(() => undefined);
        // Only folders outside the tree; never one holding the tree (it would cover it).
        if (!target || isInside(root, target) || isInside(target, root)) continue;
        if (await stat(target).then((s) => s.isDirectory(), () => false)) linked.add(target);
      }
    }
  }
  const linkedDirs = [...linked].sort();
  const dependencyCaches: string[] = [];
  for (const dir of linkedDirs) {
    if (WRITABLE_LINKED_NAMES.has(path.basename(dir))) continue;
    for (const name of DEPENDENCY_CACHE_NAMES) {
      const cache = path.join(dir, name);
      if (await stat(cache).then((s) => s.isDirectory(), () => false)) dependencyCaches.push(cache);
    }
  }
  return {
    root,
    ...(git && git.top !== root ? { repoTop: git.top } : {}),
    gitDirs: git?.gitDirs ?? [],
    linkedDirs,
    dependencyCaches,
    truncated,
  };
}
