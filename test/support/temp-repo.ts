/**
 * A real temporary directory (optionally a real git repository) for tests.
 * Every test that touches disk should use this and call cleanup() in after().
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempRepoOptions {
  /** Relative path -> content; parents are created. */
  files?: Record<string, string | Uint8Array>;
  /** Run `git init` (and commit the files when `commit` is not false). */
  git?: boolean;
  /** Commit the initial files (default true when git is set). */
  commit?: boolean;
  /** Prefix of the temp dir name. */
  prefix?: string;
}

export interface TempRepo {
  /** Real (symlink-resolved) absolute path of the directory. */
  root: string;
  write(path: string, content: string | Uint8Array): string;
  read(path: string): string;
  /** Runs git in the repo and returns trimmed stdout; throws on a non-zero exit. */
  git(args: string[]): string;
  cleanup(): void;
}

/** Environment that makes git deterministic and independent of the user's config. */
export const gitTestEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Foreman Test',
  GIT_AUTHOR_EMAIL: 'test@foreman.invalid',
  GIT_COMMITTER_NAME: 'Foreman Test',
  GIT_COMMITTER_EMAIL: 'test@foreman.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

export function createTempRepo(options: TempRepoOptions = {}): TempRepo {
  const root = realpathSync(mkdtempSync(join(tmpdir(), options.prefix ?? 'foreman-test-')));
  const write = (path: string, content: string | Uint8Array): string => {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    return abs;
  };
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: root, env: gitTestEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  for (const [path, content] of Object.entries(options.files ?? {})) write(path, content);
  if (options.git) {
    git(['init', '-q', '-b', 'main']);
    if (options.commit !== false) {
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', 'initial']);
    }
  }
  return {
    root,
    write,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    git,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
