import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository root (test/e2e/support → ../../..). */
export const repoRoot = join(__dirname, '..', '..', '..');

const gitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Foreman E2E',
  GIT_AUTHOR_EMAIL: 'e2e@foreman.invalid',
  GIT_COMMITTER_NAME: 'Foreman E2E',
  GIT_COMMITTER_EMAIL: 'e2e@foreman.invalid',
  GIT_TERMINAL_PROMPT: '0',
};

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * A real git repository made from samples/demo-repo (the cart module with two
 * bugs), committed, with a github.com origin so `#N` and the issue picker
 * resolve to owner/repo on the fake GitHub.
 */
export function createDemoWorkspace(dir: string, origin = 'https://github.com/owner/repo.git'): string {
  const source = join(repoRoot, 'samples', 'demo-repo');
  if (!existsSync(source)) throw new Error(`missing ${source}`);
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  // Local identity: the extension may run git here (worktree sandboxes) with no global config.
  git(dir, ['config', 'user.name', 'Foreman E2E']);
  git(dir, ['config', 'user.email', 'e2e@foreman.invalid']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'demo repo']);
  git(dir, ['remote', 'add', 'origin', origin]);
  return dir;
}

/** Every file of the working tree (not .git) with its bytes: to prove "no file changed". */
export function snapshotFiles(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(root, full), readFileSync(full));
    }
  };
  walk(root);
  return files;
}

/** Paths whose bytes differ between two snapshots (added, removed or changed). */
export function changedFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => {
    const a = before.get(p);
    const b = after.get(p);
    return !a || !b || !a.equals(b);
  }).sort();
}
