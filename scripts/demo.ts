/**
 * `npm run demo`: builds the CLI, copies samples/demo-repo to a temp folder
 * as a fresh git repository, and runs a headless solve of
 * samples/demo-issue.md against the built-in demo model (the fake Messages
 * API replaying samples/demo-script.json; no API key needed). Prints the
 * run's events and the resulting patch. `--keep` keeps the temp folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const keep = process.argv.includes('--keep');

function run(command: string, args: string[], cwd: string): number {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function git(args: string[], cwd: string): void {
  const result = spawnSync('git', ['-c', 'user.name=Foreman Demo', '-c', 'user.email=demo@foreman.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

if (run(process.execPath, ['esbuild.js'], root) !== 0) process.exit(1);

const work = mkdtempSync(join(tmpdir(), 'foreman-demo-'));
const repo = join(work, 'demo-repo');
cpSync(join(root, 'samples', 'demo-repo'), repo, { recursive: true });
git(['init', '-q', '-b', 'main'], repo);
git(['add', '-A'], repo);
git(['commit', '-q', '-m', 'demo-cart: initial commit'], repo);

const patch = join(work, 'demo.patch');
process.stdout.write(`\nforeman solve --file samples/demo-issue.md --repo ${repo} --demo --verify "npm test" --out ${patch}\n\n`);
const code = run(
  process.execPath,
  [join(root, 'dist', 'cli.js'), 'solve', '--file', join(root, 'samples', 'demo-issue.md'), '--repo', repo, '--demo', '--verify', 'npm test', '--out', patch, '--runs-dir', join(work, 'runs')],
  root,
);
if (keep) process.stdout.write(`\nkept ${work} (the repository, the patch and the run record)\n`);
else {
  rmSync(work, { recursive: true, force: true });
  process.stdout.write('\n(temp folder removed; `npm run demo -- --keep` keeps the repository, the patch and the run record)\n');
}
process.exit(code);
