/**
 * Prints the suite's one summary line after every other reliability file of
 * this runner invocation has finished:
 *   reliability: <T> tried, <S> survived, <L> lost, <E> escapes
 * Named zz- so the runner starts it last; it then waits for the files still
 * running beside it. Only the files this runner was given are waited for
 * (read from the runner's command line where /proc exists), so running one
 * file alone does not hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tallyDir, type TallyRecord } from './support/tally';

const HERE = __dirname;
const SELF = basename(__filename);
const WAIT_MS = 240_000;

/** The reliability files this runner runs (all of them when the command line cannot be read). */
function expectedFiles(): string[] {
  const all = readdirSync(HERE).filter((name) => name.endsWith('.test.ts') && name !== SELF);
  let cmdline: string | undefined;
  try {
    cmdline = readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8');
  } catch {
    return all;
  }
  return all.filter((name) => cmdline!.includes(name));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('reliability summary', { timeout: WAIT_MS + 10_000 }, async () => {
  const dir = tallyDir();
  const expected = expectedFiles().map((name) => name.replace(/\.test\.ts$/, ''));
  const deadline = Date.now() + WAIT_MS;
  const pending = () => expected.filter((file) => !existsSync(join(dir, `${file}.done`)));
  while (pending().length > 0 && Date.now() < deadline) await sleep(200);
  const missing = pending();

  const records: TallyRecord[] = [];
  for (const file of expected) {
    const path = join(dir, `${file}.jsonl`);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim()) records.push(JSON.parse(line) as TallyRecord);
    }
  }
  rmSync(dir, { recursive: true, force: true });

  const count = (outcome: TallyRecord['outcome']) => records.filter((r) => r.outcome === outcome).length;
  for (const r of records.filter((r) => r.outcome !== 'survived')) {
    console.log(`  ${r.outcome}: ${r.file} › ${r.scenario}${r.note ? ` (${r.note})` : ''}`);
  }
  if (missing.length > 0) console.log(`  no tally from: ${missing.join(', ')} (crashed or timed out)`);
  console.log(`reliability: ${records.length} tried, ${count('survived')} survived, ${count('lost')} lost, ${count('escape')} escapes`);
  assert.deepEqual(missing, [], 'every reliability file reported its tally');
});
