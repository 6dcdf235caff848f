/**
 * Commands the agent runs that misbehave: never end, flood output, fork
 * children. Through the real NodeCommandRunner (the one run_command uses):
 * killed on time, output capped, and no process left behind, checked by pid.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NodeCommandRunner } from '../../src/core/workspace/node-runner';
import { tempDir } from './support/harness';
import { reliabilityFile } from './support/tally';

const { scenario } = reliabilityFile(__filename);
const dir = tempDir('foreman-rel-commands-');
const strays: number[] = [];
after(() => {
  for (const pid of strays) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const runner = new NodeCommandRunner({ killGraceMs: 300 });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids the command wrote, one per line, to a file. */
function pidsIn(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

async function waitDead(pids: number[], ms = 2000): Promise<number[]> {
  const until = Date.now() + ms;
  while (Date.now() < until && pids.some(alive)) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

scenario('a command that never ends is killed on time, with its whole tree', { timeout: 15_000 }, async () => {
  const pidFile = join(dir, 'forever.pids');
  const started = Date.now();
  const result = await runner.run({ command: `echo $$ > ${pidFile}; sleep 1000 & echo $! >> ${pidFile}; while :; do sleep 1; done`, cwd: dir, timeoutMs: 500 });
  const elapsed = Date.now() - started;
  assert.equal(result.timedOut, true);
  assert.ok(elapsed < 4000, `stopped in ${elapsed} ms`);
  const pids = pidsIn(pidFile);
  assert.equal(pids.length, 2);
  strays.push(...pids);
  assert.deepEqual(await waitDead(pids), [], 'no process of the command is left');
});

scenario('100 MB of output is capped, the run stays bounded in time and memory', { timeout: 30_000 }, async () => {
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  const result = await runner.run({ command: "head -c 104857600 /dev/zero | tr '\\0' 'a'; echo tail-marker", cwd: dir, timeoutMs: 20_000, maxOutputBytes: 64 * 1024 });
  const grew = process.memoryUsage().rss - rssBefore;
  assert.equal(result.exitCode, 0);
  assert.ok(result.stdout.length <= 64 * 1024, `kept ${result.stdout.length} characters`);
  assert.ok(result.stdout.endsWith('tail-marker\n'), 'the tail is what is kept');
  assert.ok(result.droppedBytes >= 100 * 1024 * 1024 - 64 * 1024, `dropped ${result.droppedBytes}`);
  assert.ok(grew < 80 * 1024 * 1024, `memory grew by ${Math.round(grew / 1e6)} MB`);
  assert.ok(Date.now() - started < 20_000);
});

scenario('a flood that never ends is killed on time and capped', { timeout: 15_000 }, async () => {
  const result = await runner.run({ command: 'yes flood', cwd: dir, timeoutMs: 700, maxOutputBytes: 32 * 1024 });
  assert.equal(result.timedOut, true);
  assert.ok(result.stdout.length <= 32 * 1024);
  assert.ok(result.droppedBytes > 0);
});

scenario('background children of a finished command are ended with it', { timeout: 15_000 }, async () => {
  const pidFile = join(dir, 'children.pids');
  const result = await runner.run({
    command: `sleep 1000 & echo $! > ${pidFile}; (sleep 1000 & echo $! >> ${pidFile}); nohup sleep 1000 >/dev/null 2>&1 & echo $! >> ${pidFile}; echo started`,
    cwd: dir,
    timeoutMs: 10_000,
  });
  assert.equal(result.exitCode, 0);
  const pids = pidsIn(pidFile);
  assert.equal(pids.length, 3);
  strays.push(...pids);
  assert.deepEqual(await waitDead(pids), [], 'no child outlives the command');
});

scenario('a child that leaves the process group (setsid) is ended too', { timeout: 15_000 }, async () => {
  const pidFile = join(dir, 'setsid.pids');
  const result = await runner.run({ command: `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 1000' >/dev/null 2>&1 & sleep 0.3; echo started`, cwd: dir, timeoutMs: 10_000 });
  assert.equal(result.exitCode, 0);
  const pids = pidsIn(pidFile);
  assert.equal(pids.length, 1);
  strays.push(...pids);
  assert.deepEqual(await waitDead(pids), [], 'the daemonised child is gone too');
});

scenario('a cancelled command is stopped at once with its tree', { timeout: 15_000 }, async () => {
  const pidFile = join(dir, 'cancel.pids');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 300);
  const started = Date.now();
  const result = await runner.run({ command: `sleep 1000 & echo $! > ${pidFile}; wait`, cwd: dir, timeoutMs: 60_000, signal: controller.signal });
  assert.equal(result.cancelled, true);
  assert.ok(Date.now() - started < 3000);
  const pids = pidsIn(pidFile);
  strays.push(...pids);
  assert.deepEqual(await waitDead(pids), []);
});
