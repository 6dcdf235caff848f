// Runs node's test runner over the *.test.ts files of the named suites.
// Node 20's --test does not expand globs itself, so we collect the files here.
// Usage: node scripts/run-tests.mjs unit integration [--concurrency N]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const suites = args.filter((a) => !a.startsWith('--'));
const concurrencyFlag = args.indexOf('--concurrency');
const concurrency = concurrencyFlag >= 0 ? args[concurrencyFlag + 1] : '2';

function* testFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(full).isDirectory()) yield* testFiles(full);
    else if (name.endsWith('.test.ts')) yield full;
  }
}

const files = suites.flatMap((suite) => {
  const dir = join('test', suite);
  return existsSync(dir) ? [...testFiles(dir)] : [];
});
if (files.length === 0) {
  console.error(`no test files under ${suites.map((s) => `test/${s}`).join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
