import { execFile } from 'node:child_process';
import { access, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_FILES } from './demo-files';

const run = promisify(execFile);

/**
 * Writes the demo repository (a tiny cart module with a real bug and failing
 * `node --test` tests) into `dir` and commits it, so the sandbox can make a
 * git worktree of it. Refuses a folder that already has files.
 */
export async function createDemoProject(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`The demo needs an empty folder; ${dir} is not empty.`);
  for (const [path, content] of Object.entries(DEMO_FILES)) {
    const file = join(dir, ...path.split('/'));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  const git = (...args: string[]) => run('git', ['-c', 'user.name=Foreman demo', '-c', 'user.email=demo@foreman.invalid', ...args], { cwd: dir });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'Demo cart module (with a bug)');
}

/** True when the folder holds the demo project (every file of it exists). */
export async function isDemoFolder(root: string): Promise<boolean> {
  try {
    await Promise.all(Object.keys(DEMO_FILES).map((f) => access(join(root, ...f.split('/')))));
    return true;
  } catch {
    return false;
  }
}
