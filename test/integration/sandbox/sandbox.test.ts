import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileChange } from '../../../src/core/changes/types';
import { createSandbox, createSandboxFactory, type Sandbox } from '../../../src/core/sandbox';
import { NodeCommandRunner } from '../../../src/core/workspace/node-runner';
import { WorkspacePathError } from '../../../src/core/workspace/ports';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

/** sha256 of every file under root (symlinks by target), .git included: the user's state. */
function snapshot(root: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      const rel = path.relative(root, abs);
      if (entry.isSymbolicLink()) result.set(rel, `link:${readlinkSync(abs)}`);
      else if (entry.isDirectory()) walk(abs);
      else result.set(rel, `${statSync(abs).mode}:${createHash('sha256').update(readFileSync(abs)).digest('hex')}`);
    }
  };
  walk(root);
  return result;
}

function change(path: string, kind: FileChange['kind'], newContent?: string): FileChange {
  return { path, kind, baseContent: undefined, baseHash: '', newContent, provenance: [{ workerId: 'w1' }] };
}

const read = (root: string, rel: string) => readFileSync(path.join(root, rel), 'utf8');

describe('sandbox on a git repository', () => {
  let repo: TempRepo;
  let baseDir: string;
  let before_: Map<string, string>;
  let sandbox: Sandbox;

  before(async () => {
    repo = createTempRepo({
      git: true,
      files: {
        '.gitignore': 'node_modules/\n.env\ncache/\n',
        'src/index.js': 'module.exports = 1;\n',
        'src/keep.js': 'keep\n',
        'src/remove-me.js': 'to be deleted by the user\n',
        'staged.js': 'committed version\n',
        'run.sh': '#!/bin/sh\necho run\n',
        'packages/a/index.js': 'a\n',
      },
    });
    chmodSync(path.join(repo.root, 'run.sh'), 0o755);
    repo.git(['add', 'run.sh']);
    repo.git(['commit', '-q', '-m', 'exec bit']);
    repo.write('src/index.js', 'module.exports = 2; // uncommitted\n');
    repo.write('staged.js', 'staged version\n');
    repo.git(['add', 'staged.js']);
    repo.write('added-and-staged.js', 'new staged file\n');
    repo.git(['add', 'added-and-staged.js']);
    rmSync(path.join(repo.root, 'src/remove-me.js'));
    repo.write('notes/untracked.md', 'untracked, not ignored\n');
    repo.write('.env', 'SECRET=1\n');
    repo.write('node_modules/dep/index.js', 'module.exports = "dep";\n');
    repo.write('packages/a/node_modules/inner/index.js', 'inner\n');
    repo.write('cache/small.txt', 'small ignored folder\n');
    baseDir = mkdtempSync(path.join(tmpdir(), 'foreman-sandboxes-test-'));
    before_ = snapshot(repo.root);
    sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir, runId: 'run-1' });
  });
  after(async () => {
    await sandbox?.dispose();
    repo.cleanup();
    rmSync(baseDir, { recursive: true, force: true });
  });

  test('is a registered worktree at HEAD with the uncommitted work over it', () => {
    assert.equal(sandbox.kind, 'worktree');
    assert.ok(sandbox.root.startsWith(baseDir));
    assert.match(repo.git(['worktree', 'list', '--porcelain']), new RegExp(`worktree ${sandbox.root}`));
    assert.equal(read(sandbox.root, 'src/index.js'), 'module.exports = 2; // uncommitted\n');
    assert.equal(read(sandbox.root, 'staged.js'), 'staged version\n');
    assert.equal(read(sandbox.root, 'added-and-staged.js'), 'new staged file\n');
    assert.equal(read(sandbox.root, 'notes/untracked.md'), 'untracked, not ignored\n');
    assert.equal(read(sandbox.root, 'src/keep.js'), 'keep\n');
    assert.equal(existsSync(path.join(sandbox.root, 'src/remove-me.js')), false);
    assert.equal(statSync(path.join(sandbox.root, 'run.sh')).mode & 0o111, 0o111);
  });

  test('links heavy ignored folders at any depth; leaves other ignored things out', () => {
    const link = path.join(sandbox.root, 'node_modules');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), path.join(repo.root, 'node_modules'));
    assert.equal(read(sandbox.root, 'node_modules/dep/index.js'), 'module.exports = "dep";\n');
    assert.ok(lstatSync(path.join(sandbox.root, 'packages/a/node_modules')).isSymbolicLink());
    assert.equal(existsSync(path.join(sandbox.root, '.env')), false);
    assert.equal(existsSync(path.join(sandbox.root, 'cache')), false);
  });

  test('sync writes proposals, and reverts the ones withdrawn', async () => {
    await sandbox.sync([
      change('src/index.js', 'modify', 'module.exports = 3;\n'),
      change('src/new/file.js', 'create', 'new\n'),
      change('src/keep.js', 'delete'),
      change('run.sh', 'modify', '#!/bin/sh\necho changed\n'),
    ]);
    assert.equal(read(sandbox.root, 'src/index.js'), 'module.exports = 3;\n');
    assert.equal(read(sandbox.root, 'src/new/file.js'), 'new\n');
    assert.equal(existsSync(path.join(sandbox.root, 'src/keep.js')), false);

    const runner = new NodeCommandRunner();
    const ran = await runner.run({ command: './run.sh && cat src/new/file.js', cwd: sandbox.root, timeoutMs: 5000 });
    assert.equal(ran.stdout, 'changed\nnew\n');

    await sandbox.sync([change('src/index.js', 'modify', 'module.exports = 4;\n')]);
    assert.equal(read(sandbox.root, 'src/index.js'), 'module.exports = 4;\n');
    assert.equal(existsSync(path.join(sandbox.root, 'src/new/file.js')), false);
    assert.equal(read(sandbox.root, 'src/keep.js'), 'keep\n');
    assert.equal(read(sandbox.root, 'run.sh'), '#!/bin/sh\necho run\n');
    assert.equal(statSync(path.join(sandbox.root, 'run.sh')).mode & 0o111, 0o111);

    await sandbox.sync([]);
    assert.equal(read(sandbox.root, 'src/index.js'), 'module.exports = 2; // uncommitted\n', 'back to the starting state');
  });

  test('sync refuses paths that would write through a link into the user files, or into .git', async () => {
    await assert.rejects(sandbox.sync([change('node_modules/dep/index.js', 'modify', 'pwned')]), WorkspacePathError);
    await assert.rejects(sandbox.sync([change('.git/hooks/pre-commit', 'create', 'pwned')]), WorkspacePathError);
    await assert.rejects(sandbox.sync([change('../escape.txt', 'create', 'pwned')]), WorkspacePathError);
    assert.equal(repo.read('node_modules/dep/index.js'), 'module.exports = "dep";\n');
  });

  test("the user's files and .git are untouched until dispose; dispose removes the worktree", async () => {
    const during = snapshot(repo.root);
    const changed = [...during].filter(([rel, hash]) => before_.get(rel) !== hash).map(([rel]) => rel);
    // The only difference allowed: git's registration of the worktree.
    assert.ok(changed.every((rel) => rel.startsWith(path.join('.git', 'worktrees'))), changed.join(', '));

    const sandboxDir = path.dirname(sandbox.root);
    await sandbox.dispose();
    await sandbox.dispose(); // idempotent
    assert.equal(existsSync(sandboxDir), false);
    assert.equal(repo.git(['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree ')).length, 1);
    assert.deepEqual(snapshot(repo.root), before_, 'byte-identical, .git included, node_modules intact');
    await assert.rejects(sandbox.sync([]), /disposed/);
  });
});

describe('sandbox variants', () => {
  const cleanups: (() => void)[] = [];
  let baseDir: string;
  before(() => {
    baseDir = mkdtempSync(path.join(tmpdir(), 'foreman-sandboxes-test-'));
    cleanups.push(() => rmSync(baseDir, { recursive: true, force: true }));
  });
  after(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
  });

  test('a folder that is not a git repository is copied, honouring .gitignore', async () => {
    const dir = createTempRepo({
      files: { '.gitignore': 'out/\n*.log\n', 'a.txt': 'a', 'sub/b.txt': 'b', 'out/x': 'x', 'debug.log': 'l', 'venv/lib/site.py': 'py' },
    });
    cleanups.push(dir.cleanup);
    const before_ = snapshot(dir.root);
    const sandbox = await createSandbox({ workspaceRoot: dir.root, baseDir, runId: 'copy' });
    assert.equal(sandbox.kind, 'copy');
    assert.equal(read(sandbox.root, 'sub/b.txt'), 'b');
    assert.equal(existsSync(path.join(sandbox.root, 'out')), false);
    assert.equal(existsSync(path.join(sandbox.root, 'debug.log')), false);
    assert.ok(!lstatSync(path.join(sandbox.root, 'venv')).isSymbolicLink(), 'venv is not ignored here, so it is copied');
    await sandbox.sync([change('a.txt', 'modify', 'A')]);
    assert.equal(read(sandbox.root, 'a.txt'), 'A');
    await sandbox.dispose();
    assert.equal(existsSync(sandbox.root), false);
    assert.deepEqual(snapshot(dir.root), before_);
  });

  test('big ignored folders are linked by size, not only by name', async () => {
    const files: Record<string, string> = { '.gitignore': 'generated/\n', 'a.txt': 'a' };
    for (let i = 0; i < 30; i++) files[`generated/f${i}.txt`] = String(i);
    const repo = createTempRepo({ git: true, files });
    cleanups.push(repo.cleanup);
    const sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir, runId: 'size', heavyEntryThreshold: 10 });
    assert.ok(lstatSync(path.join(sandbox.root, 'generated')).isSymbolicLink());
    await sandbox.dispose();
    assert.equal(readdirSync(path.join(repo.root, 'generated')).length, 30);
  });

  test('a workspace inside a repository maps to the same sub-folder of the worktree', async () => {
    const repo = createTempRepo({ git: true, files: { 'app/src/a.txt': 'a', 'lib/b.txt': 'b' } });
    cleanups.push(repo.cleanup);
    repo.write('app/src/a.txt', 'changed');
    const sandbox = await createSandbox({ workspaceRoot: path.join(repo.root, 'app'), baseDir, runId: 'sub' });
    assert.equal(path.basename(sandbox.root), 'app');
    assert.equal(read(sandbox.root, 'src/a.txt'), 'changed');
    assert.equal(read(sandbox.root, '../lib/b.txt'), 'b');
    await sandbox.sync([change('src/a.txt', 'modify', 'proposed')]);
    assert.equal(read(sandbox.root, 'src/a.txt'), 'proposed');
    await sandbox.dispose();
  });

  test('a repository without commits falls back to a copy', async () => {
    const repo = createTempRepo({ git: true, commit: false, files: { 'a.txt': 'a' } });
    cleanups.push(repo.cleanup);
    const sandbox = await createSandbox({ workspaceRoot: repo.root, baseDir, runId: 'empty' });
    assert.equal(sandbox.kind, 'copy');
    assert.equal(read(sandbox.root, 'a.txt'), 'a');
    assert.equal(existsSync(path.join(sandbox.root, '.git')), false);
    await sandbox.dispose();
  });

  test('aborting disposes: before creation nothing is left, after creation the sandbox goes', async () => {
    const repo = createTempRepo({ git: true, files: { 'a.txt': 'a' } });
    cleanups.push(repo.cleanup);
    const worktrees = () => repo.git(['worktree', 'list', '--porcelain']).split('\n').filter((l) => l.startsWith('worktree ')).length;
    const own = mkdtempSync(path.join(tmpdir(), 'foreman-sandboxes-abort-'));
    cleanups.push(() => rmSync(own, { recursive: true, force: true }));

    await assert.rejects(createSandbox({ workspaceRoot: repo.root, baseDir: own, runId: 'a', signal: AbortSignal.abort() }), {
      name: 'AbortError',
    });
    assert.deepEqual(readdirSync(own), []);

    const controller = new AbortController();
    const factory = createSandboxFactory({ workspaceRoot: repo.root, baseDir: own });
    const sandbox = await factory.create('b', controller.signal);
    assert.equal(worktrees(), 2);
    controller.abort();
    // The abort alone must dispose (no dispose() call here); the tree goes before the worktree registration.
    const gone = () => !existsSync(sandbox.root) && worktrees() === 1 && readdirSync(own).length === 0;
    for (let i = 0; i < 250 && !gone(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(existsSync(sandbox.root), false);
    assert.equal(worktrees(), 1);
    assert.deepEqual(readdirSync(own), []);
  });
});
