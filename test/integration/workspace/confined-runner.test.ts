/**
 * Real bubblewrap, real processes, a real git worktree sandbox with a linked
 * node_modules: what a confined command can and cannot reach.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { createSandbox, type Sandbox } from '../../../src/core/sandbox';
import { ConfinedCommandRunner, ConfinementUnavailableError, type ConfinementOptions } from '../../../src/core/workspace/confined-runner';
import { NodeCommandRunner } from '../../../src/core/workspace/node-runner';
import type { CommandRequest } from '../../../src/core/workspace/ports';
import { inspectSandbox } from '../../../src/core/workspace/sandbox-layout';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

const bwrapWorks = spawnSync('bwrap', ['--ro-bind', '/', '/', '--unshare-pid', '--unshare-net', 'true']).status === 0;
const skip = bwrapWorks ? false : 'bubblewrap (bwrap) is not installed or does not work here';

/** Live (non-zombie) processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

describe('ConfinedCommandRunner with bubblewrap', { skip }, () => {
  let repo: TempRepo;
  let base: string;
  let outside: string;
  let sandbox: Sandbox;
  let server: Server;
  let port = 0;
  const inner = new NodeCommandRunner({ killGraceMs: 300 });
  const runner = (options: ConfinementOptions = {}) => new ConfinedCommandRunner(inner, options);
  const confined = runner();
  const run = (command: string, extra: Partial<CommandRequest> = {}, r = confined) =>
    r.run({ command, cwd: sandbox.root, sandboxRoot: sandbox.root, timeoutMs: 10_000, ...extra });

  before(async () => {
    repo = createTempRepo({
      git: true,
      files: { '.gitignore': 'node_modules/\n', 'src/a.js': 'module.exports = 1;\n', 'package.json': '{"name":"t"}\n' },
    });
    repo.write('node_modules/dep/index.js', 'module.exports = "dep";\n');
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'foreman-confine-sb-')));
    outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'foreman-confine-out-')));
    sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir: base, runId: 'confine' });
    server = createServer((_req, res) => res.end('hello from the host'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    await sandbox?.dispose();
    await new Promise((resolve) => server?.close(resolve));
    repo?.cleanup();
    for (const dir of [base, outside]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the first command says it is confined; later ones stay quiet', async () => {
    const r = runner();
    const first = await run('true', {}, r);
    const second = await run('true', {}, r);
    assert.match(first.notice ?? '', /^\(confined by bubblewrap: writes only inside the sandbox and a private \/tmp; network off; /);
    assert.equal(second.notice, undefined);
  });

  test('writes inside the sandbox root work; outside it (a temp dir, HOME, the user workspace) they fail', async () => {
    const home = path.join(homedir(), `.foreman-confine-${randomBytes(4).toString('hex')}`);
    const out = path.join(outside, 'escaped.txt');
    const result = await run(
      `echo inside > made.txt && echo ok1; echo x > '${out}' || echo refused1; echo x > '${home}' || echo refused2; echo x >> '${repo.root}/src/a.js' || echo refused3`,
    );
    try {
      assert.equal(result.exitCode, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n'), ['ok1', 'refused1', 'refused2', 'refused3']);
      assert.equal(readFileSync(path.join(sandbox.root, 'made.txt'), 'utf8'), 'inside\n');
      assert.equal(existsSync(out), false);
      assert.equal(existsSync(home), false);
      assert.equal(repo.read('src/a.js'), 'module.exports = 1;\n');
    } finally {
      rmSync(home, { force: true });
    }
  });

  test('/tmp is private: writes work inside and never reach the real /tmp', async () => {
    const name = `foreman-confine-tmp-${randomBytes(4).toString('hex')}`;
    const result = await run(`echo t > /tmp/${name} && cat /tmp/${name} && echo "$TMPDIR" && ls /tmp`);
    assert.equal(result.exitCode, 0, result.stderr);
    const [read, tmpVar, ...listed] = result.stdout.trim().split('\n');
    assert.deepEqual([read, tmpVar], ['t', '/tmp']);
    assert.ok(listed.includes(name));
    // Only mount points of what is re-exposed (the sandbox, the user's .git and node_modules) besides its own file.
    assert.ok(!listed.includes(path.basename(outside)), `host /tmp entries are not visible: ${listed.join(', ')}`);
    assert.equal(existsSync(path.join(tmpdir(), name)), false);
    assert.equal(existsSync(path.join('/tmp', name)), false);
  });

  test('the linked node_modules is readable inside and its real folder stays untouched', async () => {
    const layout = await inspectSandbox(sandbox.root);
    assert.deepEqual(layout.linkedDirs, [path.join(repo.root, 'node_modules')], 'the heavy folder is a link out of the sandbox');
    const result = await run(`node -e 'console.log(require("dep"))' && (echo w > node_modules/new.txt && echo wrote || echo refused)`);
    assert.equal(result.exitCode, 0, result.stderr);
    const [required, write] = result.stdout.trim().split('\n');
    assert.equal(required, 'dep');
    const overlay = (await confined.status()).confined && (await confined.status() as { overlay: boolean }).overlay;
    assert.equal(write, overlay ? 'wrote' : 'refused', 'writable in memory with --tmp-overlay, else read-only');
    assert.equal(existsSync(path.join(repo.root, 'node_modules', 'new.txt')), false, "the user's node_modules is untouched");
  });

  test('git status and git diff work in the read-only worktree admin dir', async () => {
    const result = await run('echo "module.exports = 2;" > src/a.js && git status --porcelain && git diff --stat');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^ M src\/a\.js$/m);
    assert.match(result.stdout, /src\/a\.js \| 2 \+-/);
    const commit = await run('git -c user.name=t -c user.email=t@t commit -qam x || echo refused');
    assert.match(commit.stdout, /refused/, "committing would write to the user's .git: read-only");
    assert.equal(repo.git(['rev-list', '--count', 'HEAD']), '1');
  });

  test('a workspace in a sub-folder of its repository: git works, the rest of the worktree is read-only', async () => {
    const monorepo = createTempRepo({ git: true, files: { 'pkg/index.js': 'x\n', 'other/b.js': 'y\n' } });
    const sub = await createSandbox({ workspaceRoot: path.join(monorepo.root, 'pkg'), baseDir: base, runId: 'confine-sub' });
    try {
      const layout = await inspectSandbox(sub.root);
      assert.equal(layout.repoTop, path.dirname(sub.root));
      const result = await run("echo z > index.js && git status --porcelain && (echo w > ../other/b.js || echo refused)", { cwd: sub.root, sandboxRoot: sub.root });
      assert.equal(result.exitCode, 0, result.stderr);
      assert.equal(result.stdout, ' M pkg/index.js\nrefused\n');
      assert.equal(readFileSync(path.join(path.dirname(sub.root), 'other', 'b.js'), 'utf8'), 'y\n');
    } finally {
      await sub.dispose();
      monorepo.cleanup();
    }
  });

  const fetchHost = () => `node -e 'require("http").get("http://127.0.0.1:${port}/", (r) => r.pipe(process.stdout)).on("error", (e) => { console.log(e.code); process.exit(3); })'`;

  test('network off: a server on the host loopback is out of reach', async () => {
    const result = await run(fetchHost());
    assert.equal(result.exitCode, 3, result.stdout + result.stderr);
    assert.match(result.stdout, /ECONNREFUSED/);
  });

  test('network on: the same server answers', async () => {
    const result = await run(fetchHost(), {}, runner({ network: true }));
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout, 'hello from the host');
  });

  test('a timeout ends everything inside, setsid children included', async () => {
    const marker = `9${randomBytes(3).readUIntBE(0, 3)}.5`;
    const result = await run(`sleep ${marker} & setsid sleep ${marker} & sleep ${marker}`, { timeoutMs: 500 });
    assert.equal(result.timedOut, true);
    assert.deepEqual(processesWith(`sleep\0${marker}`), []);
  });

  test('a cancel ends everything inside', async () => {
    const marker = `8${randomBytes(3).readUIntBE(0, 3)}.5`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const result = await run(`(trap '' TERM; sleep ${marker}) & sleep ${marker}`, { signal: controller.signal });
    assert.equal(result.cancelled, true);
    assert.deepEqual(processesWith(`sleep\0${marker}`), []);
  });

  test("'required' with a bubblewrap that is not there refuses and runs nothing", async () => {
    const marker = path.join(sandbox.root, 'should-not-exist.txt');
    await assert.rejects(run(`touch '${marker}'`, {}, runner({ mode: 'required', bwrap: path.join(outside, 'no-bwrap') })), ConfinementUnavailableError);
    assert.equal(existsSync(marker), false);
  });

  test("'off' runs unconfined: the same write outside succeeds", async () => {
    const out = path.join(outside, 'unconfined.txt');
    const result = await run(`echo x > '${out}'`, {}, runner({ mode: 'off' }));
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.notice, '(not confined: confinement is off)');
    assert.equal(readFileSync(out, 'utf8'), 'x\n');
  });
});

describe('linked folders under confinement: build output writable, dependencies read-only', { skip }, () => {
  let repo: TempRepo;
  let base: string;
  let sandbox: Sandbox;
  const runner = new ConfinedCommandRunner(new NodeCommandRunner({ killGraceMs: 300 }));

  before(async () => {
    repo = createTempRepo({ git: true, files: { '.gitignore': 'node_modules/\ntarget/\n', 'Cargo.toml': '[package]\nname = "t"\n' } });
    repo.write('node_modules/dep/index.js', 'module.exports = "dep";\n');
    repo.write('node_modules/.vite/keep', '');
    repo.write('target/debug/keep', '');
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'foreman-confine-linked-')));
    sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir: base, runId: 'linked' });
  });
  after(async () => {
    await sandbox?.dispose();
    repo?.cleanup();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  test('a build folder (target) is written through, like a cargo build; node_modules stays read-only but its .vite cache is writable', async () => {
    const status = await runner.status();
    if (status.confined && (status as { overlay?: boolean }).overlay) return; // with an overlay everything is writable in memory
    const attempt = (file: string) => `(echo x > ${file} && echo wrote || echo refused)`;
    const result = await runner.run({
      command: [attempt('target/debug/out.bin'), attempt('node_modules/dep/hacked.js'), attempt('node_modules/.vite/results.json')].join('; '),
      cwd: sandbox.root,
      sandboxRoot: sandbox.root,
      timeoutMs: 10_000,
    });
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['wrote', 'refused', 'wrote']);
    assert.equal(existsSync(path.join(repo.root, 'target/debug/out.bin')), true, 'build output is shared, as without confinement');
    assert.equal(existsSync(path.join(repo.root, 'node_modules/dep/hacked.js')), false, 'installed dependencies cannot be altered');
  });
});
