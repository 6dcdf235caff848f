/**
 * Resolution of model- and user-supplied paths to a file inside the
 * workspace. Every port implementation goes through here, so the rules are in
 * one place: nothing outside the root, nothing in .git/, no symlink that
 * leads out, no device files, no invisible-character tricks.
 *
 * Callers must use the returned `abs` (never the raw input): the checks are
 * made on that exact string. A race between the check and the use (someone
 * swapping a directory for a symlink in between) is not covered; the
 * workspace owner is trusted, the model's input is not.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspacePathError } from './ports';
import { assertNoGitSegment, normalisePathText } from './path-text';

export interface ResolvedPath {
  /** Absolute path (platform separators) to use for I/O. */
  abs: string;
  /** Workspace-relative, forward slashes, NFC; '' for the root. */
  rel: string;
}

function toForwardSlashes(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const withSep = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(withSep);
}

/**
 * The lexical part: text rules, `..` and absolute paths, `.git`. No I/O, so
 * symlinks are not checked; use resolveWorkspacePath for anything that
 * touches the disk.
 */
export function resolveWorkspacePathSync(root: string, input: string): ResolvedPath {
  const text = normalisePathText(input);
  const rootAbs = path.resolve(root);
  const first = text.split('/')[0];
  if (first === '~' || first?.startsWith('~')) {
    throw new WorkspacePathError(`Path starts with '~', which is not expanded; use a workspace-relative path: ${text}`, text);
  }
  // 'C:/x' is absolute on Windows; on POSIX it would silently become a relative folder named 'C:'.
  if (path.sep === '/' && /^[a-zA-Z]:\//.test(text)) {
    throw new WorkspacePathError(`Path is outside the workspace: ${text}`, text);
  }
  const abs = path.isAbsolute(text) ? path.resolve(text) : path.resolve(rootAbs, text);
  if (!isInside(rootAbs, abs)) {
    throw new WorkspacePathError(
      path.isAbsolute(text)
        ? `Path is outside the workspace (${toForwardSlashes(rootAbs)}): ${text}`
        : `Path escapes the workspace with '..': ${text}`,
      text,
    );
  }
  const rel = toForwardSlashes(path.relative(rootAbs, abs));
  assertNoGitSegment(rel, text);
  return { abs, rel };
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Full resolution: the lexical rules, then the disk. For paths that do not
 * exist yet (a file about to be created) the nearest existing ancestor is
 * checked, so `link-to-outside/new.txt` is refused too.
 */
export async function resolveWorkspacePath(root: string, input: string): Promise<ResolvedPath> {
  const resolved = resolveWorkspacePathSync(root, input);
  const shown = resolved.rel === '' ? '.' : resolved.rel;
  const realRoot = await realpath(path.resolve(root));

  // Walk up to the nearest thing that exists (lstat: a dangling symlink exists).
  let existing = resolved.abs;
  let existingStat;
  for (;;) {
    try {
      existingStat = await lstat(existing);
      break;
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(existing);
      if (parent === existing) throw error;
      existing = parent;
    }
  }

  let real: string;
  try {
    real = await realpath(existing);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ELOOP') {
      // A dangling or looping symlink: writing through it could create a file anywhere.
      throw new WorkspacePathError(`Path goes through a symlink whose target does not exist: ${shown}`, shown);
    }
    throw error;
  }
  if (!isInside(realRoot, real)) {
    throw new WorkspacePathError(`Path leads outside the workspace through a symlink: ${shown}`, shown);
  }
  assertNoGitSegment(toForwardSlashes(path.relative(realRoot, real)), shown);

  if (existing === resolved.abs || existingStat.isSymbolicLink()) {
    const target = existingStat.isSymbolicLink() ? await stat(real) : existingStat;
    if (!target.isFile() && !target.isDirectory()) {
      throw new WorkspacePathError(`Path is not a regular file or directory (device, FIFO or socket): ${shown}`, shown);
    }
  }
  return resolved;
}
