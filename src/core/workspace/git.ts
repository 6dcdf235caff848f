/**
 * Running git for reading the user's repository (and managing sandbox
 * worktrees) without disturbing it: no optional locks (so `git status` never
 * rewrites the index), no prompts, and no inherited GIT_DIR-style variables
 * that would point git at some other repository.
 */
import { execFile } from 'node:child_process';

export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

// Variables that redirect git to another repository, index or config.
const REDIRECTING = /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM|PREFIX)$/;

export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) if (!REDIRECTING.test(name)) env[name] = value;
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_TERMINAL_PROMPT = '0';
  env.LC_ALL = 'C';
  return env;
}

export interface GitOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Path of the git binary (default 'git' on PATH). */
  gitPath?: string;
}

/** Runs git and returns stdout bytes; rejects with GitError on a non-zero exit. */
export function runGit(args: readonly string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      options.gitPath ?? 'git',
      args as string[],
      {
        cwd: options.cwd,
        env: gitEnv(),
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
        signal: options.signal,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          if (options.signal?.aborted) {
            reject(options.signal.reason ?? error);
            return;
          }
          const text = stderr.toString('utf8').trim();
          const code = typeof error.code === 'number' ? error.code : null;
          reject(new GitError(`git ${args.join(' ')} failed: ${text || error.message}`, args, code, text));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** NUL-separated output (from -z) as strings, without the empty tail. */
export function splitNul(output: Buffer): string[] {
  const text = output.toString('utf8');
  return text === '' ? [] : text.split('\0').filter((part) => part !== '');
}

/** The repository's top-level directory, or undefined when `dir` is not inside a work tree. */
export async function gitTopLevel(dir: string, options: Omit<GitOptions, 'cwd'> = {}): Promise<string | undefined> {
  try {
    const out = await runGit(['rev-parse', '--show-toplevel'], { ...options, cwd: dir });
    const top = out.toString('utf8').trim();
    return top === '' ? undefined : top;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    // git itself missing: treat as "not a repository" so plain folders still work.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
