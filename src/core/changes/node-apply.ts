import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { ApplyFilePlan, ApplyPlan } from './apply-plan';
import { checkPath } from './path-guard';
import { sha256Hex } from './text';

/**
 * Writes an apply plan to a directory on disk (the CLI's `--apply`). Each file
 * is replaced atomically (temp file in the same folder + rename, keeping the
 * file's mode). Across files all-or-nothing is impossible, so every file's
 * precondition (inside the root, not through a symlink, and still exactly what
 * the plan was computed against) is checked first, and nothing is written
 * unless all pass.
 */

export interface AppliedFiles {
  written: string[];
  created: string[];
  deleted: string[];
}

export interface ApplyProblem {
  path: string;
  message: string;
}

/** Nothing was written: some file failed its precondition. */
export class ApplyPreconditionError extends Error {
  constructor(readonly problems: ApplyProblem[]) {
    super(`Nothing was applied:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ApplyPreconditionError';
  }
}

/** A write failed after others succeeded: `applied` says what is on disk now. */
export class ApplyPartialError extends Error {
  constructor(
    readonly path: string,
    readonly applied: AppliedFiles,
    override readonly cause: unknown,
  ) {
    super(`Applying ${path} failed (${cause instanceof Error ? cause.message : String(cause)}); files applied before it stay applied`);
    this.name = 'ApplyPartialError';
  }
}

export async function applyPlanToDisk(
  root: string,
  plan: ApplyPlan,
  options: { signal?: AbortSignal } = {},
): Promise<AppliedFiles> {
  const realRoot = await realpath(root);
  const actions = plan.files.filter((file) => file.action !== 'none');
  const problems: ApplyProblem[] = [];
  const targets = new Map<string, string>();
  for (const file of actions) {
    options.signal?.throwIfAborted();
    const problem = await precondition(realRoot, file);
    if (typeof problem === 'string') problems.push({ path: file.path, message: problem });
    else targets.set(file.path, problem.absolute);
  }
  if (problems.length > 0) throw new ApplyPreconditionError(problems);

  const applied: AppliedFiles = { written: [], created: [], deleted: [] };
  for (const file of actions) {
    options.signal?.throwIfAborted();
    const absolute = targets.get(file.path)!;
    try {
      if (file.action === 'delete') {
        await unlink(absolute);
        applied.deleted.push(file.path);
      } else {
        await mkdir(dirname(absolute), { recursive: true });
        await writeAtomically(absolute, file.content ?? '');
        (file.action === 'create' ? applied.created : applied.written).push(file.path);
      }
    } catch (error) {
      throw new ApplyPartialError(file.path, applied, error);
    }
  }
  return applied;
}

/** The absolute target, or why it may not be touched. */
async function precondition(realRoot: string, file: ApplyFilePlan): Promise<{ absolute: string } | string> {
  try {
    checkPath(file.path);
  } catch (error) {
    return (error as Error).message;
  }
  if ((file.action === 'write' || file.action === 'create') && file.content === undefined) return 'the plan has no content for it';
  if (file.currentHash === undefined) return 'the plan does not record what the file was when it was planned';
  const absolute = join(realRoot, ...file.path.split('/'));

  // The nearest existing ancestor, resolved, must still be inside the root (no symlinked folder escapes).
  let ancestor = dirname(absolute);
  while (!(await exists(ancestor))) ancestor = dirname(ancestor);
  const realAncestor = await realpath(ancestor);
  const inside = relative(realRoot, realAncestor);
  if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep)[0] === '.git') {
    return 'it resolves outside the workspace';
  }
  if (!(await stat(realAncestor)).isDirectory()) return `${relative(realRoot, realAncestor)} is a file, not a folder`;
  const link = await lstat(absolute).catch(() => undefined);
  if (link?.isSymbolicLink()) return 'it is a symbolic link; not writing through it';
  if (link && !link.isFile()) return 'it is not a regular file';

  const bytes = link ? await readFile(absolute) : undefined;
  const hash = bytes === undefined ? '' : sha256Hex(bytes);
  if (hash !== file.currentHash) {
    return bytes === undefined ? 'it was deleted since the plan was made' : 'it changed on disk since the plan was made';
  }
  return { absolute };
}

async function writeAtomically(absolute: string, content: string): Promise<void> {
  const temp = join(dirname(absolute), `.${basename(absolute)}.foreman-${randomBytes(6).toString('hex')}.tmp`);
  const mode = (await stat(absolute).catch(() => undefined))?.mode;
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx' });
    if (mode !== undefined) await chmod(temp, mode & 0o7777);
    await rename(temp, absolute);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
