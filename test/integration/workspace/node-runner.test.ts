import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import path from 'node:path';
import { NodeCommandRunner } from '../../../src/core/workspace/node-runner';
import { taggedPids } from '../../../src/core/workspace/tagged-processes';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

/** Alive and not a zombie (killed orphans wait for PID 1 to reap them; they run nothing). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

function pidsIn(file: string): number[] {
  return readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
}

/** Waits briefly for a pidfile written by a background process. */
async function waitForFile(file: string): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('NodeCommandRunner', () => {
  let dir: TempRepo;
  const runner = new NodeCommandRunner({ killGraceMs: 300 });
  let leftovers: number[] = [];

  before(() => {
    dir = createTempRepo();
  });
  after(() => {
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    dir.cleanup();
  });

  test('runs in cwd through sh, returns exit code and both streams', async () => {
    const result = await runner.run({
      command: 'echo "out $FOO $(pwd)"; echo err >&2; exit 3',
      cwd: dir.root,
      timeoutMs: 5000,
      env: { FOO: 'bar' },
    });
    assert.equal(result.exitCode, 3);
    assert.equal(result.stdout, `out bar ${dir.root}\n`);
    assert.equal(result.stderr, 'err\n');
    assert.equal(result.timedOut, false);
    assert.equal(result.cancelled, false);
    assert.equal(result.droppedBytes, 0);
  });

  test('stdin is closed: a command reading it ends at once', async () => {
    const result = await runner.run({ command: 'cat; echo done', cwd: dir.root, timeoutMs: 5000 });
    assert.equal(result.stdout, 'done\n');
    assert.equal(result.timedOut, false);
  });

  test('a timeout kills the whole tree, forked children included', async () => {
    const pidfile = path.join(dir.root, 'timeout.pids');
    const started = Date.now();
    const result = await runner.run({
      command: `sleep 30 & echo $! > ${pidfile}; sh -c 'sleep 31 & echo $! >> ${pidfile}; wait' & sleep 0.1; echo $! >> ${pidfile}; echo $$ >> ${pidfile}; wait`,
      cwd: dir.root,
      timeoutMs: 400,
    });
    leftovers.push(...pidsIn(pidfile));
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
    const pids = pidsIn(pidfile);
    assert.equal(pids.length, 4);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });

  test('a tree that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const pidfile = path.join(dir.root, 'stubborn.pids');
    const result = await runner.run({
      command: `trap '' TERM; sleep 30 & echo $! > ${pidfile}; wait`,
      cwd: dir.root,
      timeoutMs: 300,
    });
    leftovers.push(...pidsIn(pidfile));
    assert.equal(result.timedOut, true);
    for (const pid of pidsIn(pidfile)) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });

  test('background processes left by a finished command are ended', async () => {
    const pidfile = path.join(dir.root, 'bg.pids');
    const started = Date.now();
    const result = await runner.run({
      command: `sleep 30 & echo $! > ${pidfile}; nohup sleep 32 >/dev/null 2>&1 & echo $! >> ${pidfile}; echo started`,
      cwd: dir.root,
      timeoutMs: 10_000,
    });
    leftovers.push(...pidsIn(pidfile));
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, 'started\n');
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    for (const pid of pidsIn(pidfile)) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });

  test('a 100 MB flood is capped to the tail and counted', async () => {
    const max = 64 * 1024;
    const before = process.memoryUsage().rss;
    const result = await runner.run({
      command: 'yes | head -c 100000000; echo tail-marker',
      cwd: dir.root,
      timeoutMs: 30_000,
      maxOutputBytes: max,
    });
    assert.equal(result.exitCode, 0);
    assert.equal(Buffer.byteLength(result.stdout), max);
    assert.ok(result.stdout.endsWith('y\ny\ntail-marker\n'));
    assert.equal(result.droppedBytes, 100_000_000 + 'tail-marker\n'.length - max);
    const grownMb = (process.memoryUsage().rss - before) / 1e6;
    assert.ok(grownMb < 100, `rss grew by ${grownMb.toFixed(0)} MB`);
  });

  test('cancel through the signal ends the tree and reports cancelled', async () => {
    const pidfile = path.join(dir.root, 'cancel.pids');
    const controller = new AbortController();
    const started = Date.now();
    const running = runner.run({
      command: `sleep 30 & echo $! > ${pidfile}; wait`,
      cwd: dir.root,
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    await waitForFile(pidfile);
    controller.abort();
    const result = await running;
    leftovers.push(...pidsIn(pidfile));
    assert.equal(result.cancelled, true);
    assert.equal(result.timedOut, false);
    assert.ok(Date.now() - started < 3000);
    for (const pid of pidsIn(pidfile)) assert.equal(alive(pid), false, `pid ${pid} still running`);
  });

  test('an already-aborted signal runs nothing', async () => {
    const marker = path.join(dir.root, 'must-not-exist');
    const result = await runner.run({ command: `touch ${marker}`, cwd: dir.root, timeoutMs: 5000, signal: AbortSignal.abort() });
    assert.equal(result.cancelled, true);
    assert.equal(existsSync(marker), false);
  });

  test('the environment is scrubbed of secrets; explicit extras still pass', async () => {
    const scrubbing = new NodeCommandRunner({
      baseEnv: {
        PATH: process.env.PATH,
        HOME: '/home/test',
        ANTHROPIC_API_KEY: 'sk-ant-api03-secretsecret',
        GITHUB_TOKEN: 'ghp_secret',
        DATABASE_URL: 'postgres://u:p4ss@h/db',
        VISIBLE: 'yes',
      },
    });
    const result = await scrubbing.run({ command: 'env', cwd: dir.root, timeoutMs: 5000, env: { EXTRA: '1' } });
    const names = result.stdout.split('\n').map((line) => line.split('=')[0]);
    assert.ok(names.includes('PATH') && names.includes('HOME') && names.includes('VISIBLE') && names.includes('EXTRA'));
    for (const secret of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'DATABASE_URL']) assert.ok(!names.includes(secret), secret);
    assert.doesNotMatch(result.stdout, /sk-ant|ghp_|p4ss/);
  });

  test('streams output live through onOutput', async () => {
    const chunks: string[] = [];
    await runner.run({
      command: 'printf "a€"; printf "b" >&2',
      cwd: dir.root,
      timeoutMs: 5000,
      onOutput: (chunk, stream) => chunks.push(`${stream}:${chunk}`),
    });
    assert.deepEqual(chunks.sort(), ['stderr:b', 'stdout:a€']);
  });

  test('a missing directory is an error, not a result', async () => {
    await assert.rejects(runner.run({ command: 'true', cwd: path.join(dir.root, 'nope'), timeoutMs: 1000 }), /does not exist/);
  });
});

describe('processes that leave the process group', () => {
  test('a setsid daemon started by a command is ended with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foreman-setsid-'));
    try {
      const pidFile = join(dir, 'pid');
      const result = await new NodeCommandRunner({ killGraceMs: 300 }).run({
        command: `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 1000' >/dev/null 2>&1 & sleep 0.3; echo started`,
        cwd: dir,
        timeoutMs: 10_000,
      });
      assert.equal(result.exitCode, 0);
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      assert.ok(pid > 0);
      assert.deepEqual(taggedPids('x'), [], 'an unknown tag matches nothing');
      let alive = true;
      for (let i = 0; i < 40 && alive; i++) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          alive = !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
        } catch {
          alive = false;
        }
        if (alive) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(alive, false, 'the daemon is gone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
