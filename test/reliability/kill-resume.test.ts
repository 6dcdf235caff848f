/**
 * The process killed at random points of a run. A driver (fixtures/
 * kill-driver.ts, bundled once with esbuild so each child starts fast) runs a
 * whole orchestrated solve against a temp git repo: plan, two parallel code
 * workers in git-worktree sandboxes running commands, synthesis. It is
 * SIGKILLed at seeded random points: half at event boundaries, half after
 * random delays. After each kill:
 * - the user's tree is byte-identical, `.git` included (its worktree
 *   registration aside, until the cleanup below);
 * - cleanupStaleSandboxes on the next start removes every sandbox and the
 *   worktree registration, and the tree is then identical with `.git` whole;
 * - the run record parses (at most a torn last line), the run is marked
 *   interrupted, and it resumes from its saved state to the same result
 *   (or, killed before any state was saved, there is nothing to lose).
 */
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createAnthropicModelClient } from '../../src/core/model/anthropic';
import { issueFromText } from '../../src/core/issue/types';
import { solveIssue } from '../../src/core/orchestrator/solve';
import { parseSavedRunState } from '../../src/core/orchestrator/state';
import { RunBus } from '../../src/core/run/bus';
import { RunEventSchema } from '../../src/core/run/events';
import { RunStore } from '../../src/core/run/store';
import { cleanupStaleSandboxes, createSandboxFactory } from '../../src/core/sandbox';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import { NodeCommandRunner } from '../../src/core/workspace/node-runner';
import { createSearch } from '../../src/core/workspace/search-factory';
import { startFakeAnthropic } from '../../src/fake-model';
import type { TempRepo } from '../support/temp-repo';
import { FIXED_SUM, KILL_ISSUE, killScript, MEAN } from './fixtures/kill-script';
import { fullTreeHash, smallRepo, tempDir } from './support/harness';
import { reliabilityFile } from './support/tally';

const { scenario } = reliabilityFile(__filename);

const POINTS = 24;
const SEED = 0x5eed2026;
const PARALLEL = 3;

/** mulberry32: a tiny seeded PRNG, so a failing point can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillAt = { afterEvents: number } | { afterMs: number } | { never: true };

interface Child {
  killedAt: string;
  events: string[];
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** From the first event to the exit. */
  durationMs: number;
  stderr: string;
}

interface Point {
  index: number;
  kill: KillAt;
  repo: TempRepo;
  runsDir: string;
  sandboxBase: string;
  runId: string;
  hashBefore: string;
  hashBeforeNoWorktrees: string;
  child?: Child;
}

const work = tempDir('foreman-rel-kill-');
const driver = join(work, 'kill-driver.cjs');
const scriptFile = join(work, 'script.json');
const points: Point[] = [];
let calibration: Child;

const noWorktrees = (rel: string) => rel === join('.git', 'worktrees');

function newPoint(index: number, kill: KillAt): Point {
  const repo = smallRepo();
  return {
    index,
    kill,
    repo,
    runsDir: join(work, `runs-${index}`),
    sandboxBase: join(work, `sandboxes-${index}`),
    runId: `kill-run-${index}`,
    hashBefore: fullTreeHash(repo.root),
    hashBeforeNoWorktrees: fullTreeHash(repo.root, noWorktrees),
  };
}

function runDriver(point: Point): Promise<Child> {
  let started = 0;
  let timer: NodeJS.Timeout | undefined;
  const { NODE_TEST_CONTEXT: _drop, ...env } = process.env;
  const child = spawn(
    process.execPath,
    [driver, JSON.stringify({ repo: point.repo.root, runsDir: point.runsDir, sandboxBase: point.sandboxBase, runId: point.runId, script: scriptFile })],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const events: string[] = [];
  let stderr = '';
  let killedAt = 'not killed';
  let buffered = '';
  const kill = (why: string) => {
    if (child.exitCode !== null || child.signalCode !== null || killedAt !== 'not killed') return;
    killedAt = why;
    child.kill('SIGKILL');
  };
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('event ')) continue;
      events.push(line.slice(6));
      if (events.length === 1) {
        started = Date.now();
        // Delays count from the first event, so they land inside the run, not in the process start-up.
        if ('afterMs' in point.kill) {
          const ms = point.kill.afterMs;
          timer = setTimeout(() => kill(`${ms} ms after the first event`), ms);
        }
      }
      if ('afterEvents' in point.kill && events.length === point.kill.afterEvents) kill(`after event ${events.length} (${line.slice(6)})`);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killedAt, events, exit: { code, signal }, durationMs: started ? Date.now() - started : 0, stderr });
    }),
  );
}

before(async () => {
  await build({
    entryPoints: [join(__dirname, 'fixtures', 'kill-driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: driver,
    logLevel: 'silent',
  });
  writeFileSync(scriptFile, JSON.stringify(killScript()));
  // One uncut run: how many events and how long a whole run takes.
  const full = newPoint(-1, { never: true });
  calibration = await runDriver(full);
  full.repo.cleanup();
  assert.equal(calibration.exit.code, 0, `the uncut run works: ${calibration.stderr}`);

  const random = prng(SEED);
  for (let i = 0; i < POINTS; i++) {
    const kill: KillAt =
      i % 2 === 0
        ? { afterEvents: 1 + Math.floor(random() * calibration.events.length) }
        : { afterMs: Math.floor(random() * calibration.durationMs * 0.9) };
    points.push(newPoint(i, kill));
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < points.length) {
        const point = points[next++]!;
        point.child = await runDriver(point);
      }
    }),
  );
});

after(() => {
  for (const point of points) point.repo.cleanup();
  rmSync(work, { recursive: true, force: true });
});

for (let i = 0; i < POINTS; i++) {
  scenario(`SIGKILL at random point ${i + 1} of ${POINTS}: files identical, sandbox cleaned, run resumable`, { timeout: 60_000 }, async (t, verdict) => {
    const point = points[i]!;
    const child = point.child!;
    t.diagnostic(`kill ${JSON.stringify(point.kill)}: ${child.killedAt}; ${child.events.length} events seen; exit ${child.exit.signal ?? child.exit.code}`);

    // 1. The user's files, refs and index are as they were.
    if (fullTreeHash(point.repo.root, noWorktrees) !== point.hashBeforeNoWorktrees) verdict.lost("the user's tree changed under a killed run");

    // 2. The next start removes what the dead process left.
    await cleanupStaleSandboxes(point.sandboxBase);
    const left = existsSync(point.sandboxBase) ? readdirSync(point.sandboxBase) : [];
    for (const dir of left) t.diagnostic(`left behind: ${dir} ${JSON.stringify(readdirSync(join(point.sandboxBase, dir)))}`);
    assert.deepEqual(left, [], 'no sandbox is left after the cleanup (owner file or not)');
    const worktrees = point.repo.git(['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree '));
    assert.equal(worktrees.length, 1, `only the user's own worktree is registered: ${worktrees.join(', ')}`);
    const hashNow = fullTreeHash(point.repo.root);
    if (hashNow !== point.hashBefore && fullTreeHash(point.repo.root, noWorktrees) !== point.hashBeforeNoWorktrees) verdict.lost("the user's tree changed");
    assert.equal(hashNow, point.hashBefore, 'byte-identical, .git included, after the cleanup');

    // 3. The record: whole lines parse; the run is interrupted, not "running" forever.
    if (!existsSync(join(point.runsDir, point.runId, 'meta.json'))) {
      assert.ok(child.events.length <= 1, 'no record only when killed before the run started');
      return; // Killed before the run existed: nothing to resume, nothing lost.
    }
    const store = new RunStore(point.runsDir);
    const interrupted = store.markInterrupted();
    const meta = store.readMeta(point.runId);
    if (child.exit.signal === 'SIGKILL') assert.ok(meta.status === 'interrupted' || meta.status === 'finished', meta.status);
    if (meta.status !== 'finished') assert.deepEqual(interrupted, [point.runId]);
    const raw = readFileSync(join(point.runsDir, point.runId, 'events.jsonl'), 'utf8');
    const lines = raw.split('\n');
    const whole = raw.endsWith('\n') ? lines.slice(0, -1) : lines.slice(0, -1); // the last piece may be torn
    for (const [n, line] of whole.entries()) {
      const parsed = RunEventSchema.safeParse(JSON.parse(line));
      if (!parsed.success) verdict.lost(`events.jsonl line ${n + 1} is damaged`);
    }

    // 4. Resume from the saved state (or nothing was saved yet, and nothing is lost).
    const saved = store.loadState(point.runId);
    if (saved === undefined) {
      assert.ok(!whole.some((l) => l.includes('"type":"plan_proposed"')), 'a proposed plan is always saved');
      return;
    }
    let state;
    try {
      state = parseSavedRunState(saved);
    } catch (error) {
      verdict.lost(`state.json does not parse: ${(error as Error).message}`);
      throw error;
    }
    const fake = await startFakeAnthropic({ script: killScript() });
    const bus = new RunBus(point.runId);
    bus.subscribe(store.listener());
    try {
      const resumed = await solveIssue({
        runId: point.runId,
        task: issueFromText(KILL_ISSUE),
        workspace: {
          fs: new NodeFileSystem(point.repo.root),
          search: createSearch({ root: point.repo.root }),
          runner: new NodeCommandRunner(),
          sandboxes: createSandboxFactory({ workspaceRoot: point.repo.root, baseDir: point.sandboxBase }),
        },
        model: createAnthropicModelClient({ apiKey: 'sk-test', baseURL: fake.url, model: 'claude-sonnet-4-6', maxRetries: 0 }),
        settings: { commandTimeoutMs: 20_000, concurrency: 2 },
        approveCommand: async () => ({ decision: 'deny', reason: 'no user here' }),
        events: bus,
        store,
        signal: new AbortController().signal,
        resumeFrom: state,
      });
      assert.equal(resumed.stop.kind, 'done', resumed.stop.message);
      const sum = await resumed.changes.readText('src/sum.js').catch(() => undefined);
      const mean = await resumed.changes.readText('src/mean.js').catch(() => undefined);
      if (sum !== FIXED_SUM || mean !== MEAN) verdict.lost('the resumed run lacks a proposal');
      const planCalls = fake.requests.filter((r) => r.summary?.system.startsWith('Foreman planner')).length;
      if (state.plan) assert.equal(planCalls, 0, 'a saved plan is not asked for again');
    } finally {
      store.close();
      await fake.close();
    }
    assert.equal(fullTreeHash(point.repo.root), point.hashBefore, 'the resumed run left the tree identical too');
    assert.deepEqual(readdirSync(point.sandboxBase), [], 'the resumed run disposed its sandboxes');
  });
}

scenario('a sandbox folder killed before its owner file was written is removed on the next start', { timeout: 20_000 }, async () => {
  const repo = smallRepo();
  const base = tempDir('foreman-rel-ownerless-');
  try {
    const sandbox = await createSandboxFactory({ workspaceRoot: repo.root, baseDir: base }).create('ownerless');
    const name = readdirSync(base)[0]!;
    await sandbox.dispose();
    // What createSandbox leaves when killed between `mkdir(dir)` and `writeOwner(dir)`: the
    // folder alone, named like a real one but by a process that is gone.
    const dead = spawnSync('true').pid!;
    const dir = join(base, name.replace(/-p\d+-/, `-p${dead}-`));
    assert.notEqual(dir, join(base, name), `sandbox names carry the creating pid: ${name}`);
    mkdirSync(dir);
    await cleanupStaleSandboxes(base);
    assert.deepEqual(readdirSync(base), [], "the dead run's folder is gone on the next start");
  } finally {
    repo.cleanup();
    rmSync(base, { recursive: true, force: true });
  }
});
