/**
 * Lists a folder that is not a git repository the way git would: honours
 * nested .gitignore files, never enters .git, does not follow symlinks
 * (a symlink is listed as an entry, like git does), skips FIFOs, sockets
 * and devices. Also reports the top-most ignored directories, which the
 * sandbox links instead of copying.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { IgnoreRules } from './gitignore';
import { isGitSegment } from './path-text';

export interface WalkResult {
  /** Workspace-relative file (and symlink) paths, forward slashes, unsorted. */
  files: string[];
  /** Top-most ignored directories, workspace-relative. */
  ignoredDirs: string[];
  /** Ignored files (not inside an ignored directory). */
  ignoredFiles: string[];
}

async function readIgnoreFile(dirAbs: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(dirAbs, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
}

export async function walkWorkspace(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const result: WalkResult = { files: [], ignoredDirs: [], ignoredFiles: [] };

  const visit = async (dirRel: string, parentRules: IgnoreRules): Promise<void> => {
    signal?.throwIfAborted();
    const dirAbs = dirRel === '' ? root : path.join(root, dirRel);
    let entries;
    try {
      entries = await readdir(dirAbs, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished meanwhile: list what we can
    }
    const rules = parentRules.child(dirRel, await readIgnoreFile(dirAbs));
    const subdirs: Promise<void>[] = [];
    for (const entry of entries) {
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (isGitSegment(entry.name)) continue;
        if (rules.ignores(rel, true)) result.ignoredDirs.push(rel);
        else subdirs.push(visit(rel, rules));
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (isGitSegment(entry.name)) continue;
        if (rules.ignores(rel, false)) result.ignoredFiles.push(rel);
        else result.files.push(rel);
      }
    }
    await Promise.all(subdirs);
  };

  await visit('', IgnoreRules.empty());
  return result;
}
