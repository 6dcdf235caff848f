import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cleanupStaleSandboxes, createSandbox } from '../../../src/core/sandbox';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

const repoRoot = path.join(__dirname, '..', '..', '..');

/** Runs a child that creates a sandbox, reports it, and is then killed with SIGKILL (a crash). */
async function crashAfterCreating(workspaceRoot: string, baseDir: string): Promise<string> {
  const script = `
    const { createSandbox } = require(${JSON.stringify(path.join(repoRoot, 'src/core/sandbox/index.ts'))});
    createSandbox({ workspaceRoot: ${JSON.stringify(workspaceRoot)}, baseDir: ${JSON.stringify(baseDir)}, runId: 'crash' }).then((sandbox) => {
      process.stdout.write(sandbox.root + '\\n');
      setInterval(() => {}, 1000);
    });
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const root = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return root;
}

describe('cleanupStaleSandboxes', () => {
  let repo: TempRepo;
  let baseDir: string;
  const worktrees = () => repo.git(['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree ')).length;

  before(() => {
    repo = createTempRepo({ git: true, files: { 'a.txt': 'a', '.gitignore': 'node_modules/\n' } });
    repo.write('node_modules/dep/index.js', 'dep');
    baseDir = mkdtempSync(path.join(tmpdir(), 'foreman-sandboxes-cleanup-'));
  });
  after(() => {
    repo.cleanup();
    rmSync(baseDir, { recursive: true, force: true });
  });

  test('removes the sandbox and worktree of a process that was killed, keeps live ones', async () => {
    const crashedRoot = await crashAfterCreating(repo.root, baseDir);
    assert.ok(existsSync(crashedRoot));
    const live = await createSandbox({ workspaceRoot: repo.root, baseDir, runId: 'live' });
    assert.equal(worktrees(), 3);

    const removed = await cleanupStaleSandboxes(baseDir);
    assert.deepEqual(removed, [path.dirname(crashedRoot)]);
    assert.equal(existsSync(crashedRoot), false);
    assert.ok(existsSync(live.root), 'the live sandbox stays');
    assert.equal(worktrees(), 2);
    assert.equal(repo.read('node_modules/dep/index.js'), 'dep', 'linked folders are unlinked, not emptied');

    await live.dispose();
    assert.equal(worktrees(), 1);
    assert.deepEqual(readdirSync(baseDir), []);
  });

  test('treats owners reported dead as stale; leaves fresh folders without an owner file alone', async () => {
    const sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir, runId: 'dead-owner' });
    const fresh = path.join(baseDir, 'being-created');
    const old = path.join(baseDir, 'old-orphan');
    mkdirSync(fresh);
    mkdirSync(old);
    utimesSync(old, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));

    // Our own sandbox is never stale, even if the liveness check says otherwise.
    assert.deepEqual(await cleanupStaleSandboxes(baseDir, { isAlive: () => false }), [old]);
    assert.ok(existsSync(sandbox.root));

    // Hand the sandbox to a process that has exited.
    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn('true');
      child.once('exit', () => resolve(child.pid!));
    });
    const ownerPath = path.join(path.dirname(sandbox.root), 'owner.json');
    writeFileSync(ownerPath, JSON.stringify({ ...JSON.parse(readFileSync(ownerPath, 'utf8')), pid: deadPid }));
    assert.deepEqual(await cleanupStaleSandboxes(baseDir), [path.dirname(sandbox.root)]);
    assert.equal(existsSync(sandbox.root), false);
    assert.equal(worktrees(), 1);
    assert.ok(existsSync(fresh), 'a fresh folder without an owner file may be a sandbox being created');
    rmSync(fresh, { recursive: true });
  });

  test('a folder killed before its owner file was written is traced by the pid in its name', async () => {
    const sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir, runId: 'named' });
    const name = path.basename(path.dirname(sandbox.root));
    assert.match(name, new RegExp(`^named-p${process.pid}-[0-9a-f]{8}$`));
    await sandbox.dispose();

    const deadPid = await new Promise<number>((resolve) => {
      const child = spawn('true');
      child.once('exit', () => resolve(child.pid!));
    });
    const abandoned = path.join(baseDir, `run-p${deadPid}-0badcafe`);
    const creating = path.join(baseDir, `run-p${process.pid}-0badcafe`);
    mkdirSync(abandoned);
    mkdirSync(creating);
    assert.deepEqual(await cleanupStaleSandboxes(baseDir), [abandoned], 'removed at once, not after an hour');
    assert.ok(existsSync(creating), 'a live creator may still be writing its owner file');
    rmSync(creating, { recursive: true });
  });

  test('a missing base folder is fine', async () => {
    assert.deepEqual(await cleanupStaleSandboxes(path.join(baseDir, 'nope')), []);
  });
});
