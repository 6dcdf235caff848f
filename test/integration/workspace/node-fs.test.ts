import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NodeFileSystem } from '../../../src/core/workspace/node-fs';
import { FileNotFoundError, WorkspacePathError } from '../../../src/core/workspace/ports';
import { WorkspaceFiles } from '../../../src/core/workspace/workspace-files';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

const paths = (result: { entries: { path: string; type: string }[] }) => result.entries.map((e) => `${e.type[0]}:${e.path}`);

describe('NodeFileSystem in a git repository', () => {
  let repo: TempRepo;
  let fs: NodeFileSystem;

  before(() => {
    repo = createTempRepo({
      git: true,
      files: {
        '.gitignore': 'node_modules/\n*.log\ndist\n',
        'src/a.ts': 'export const a = 1;\n',
        'src/b.ts': 'export const b = 2;\n',
        'src/deep/c.ts': 'c\n',
        'src/gen/.gitignore': '*.gen.ts\n',
        'src/gen/keep.ts': 'k\n',
        'README.md': '# r\n',
        'gone.txt': 'will be deleted\n',
      },
    });
    repo.write('untracked.ts', 'u\n');
    repo.write('debug.log', 'ignored\n');
    repo.write('node_modules/pkg/index.js', 'ignored\n');
    repo.write('dist/out.js', 'ignored\n');
    repo.write('src/gen/x.gen.ts', 'ignored by nested\n');
    repo.write('private.txt', 'excluded by info/exclude\n');
    writeFileSync(path.join(repo.root, '.git', 'info', 'exclude'), 'private.txt\n');
    rmSync(path.join(repo.root, 'gone.txt'));
    fs = new NodeFileSystem(repo.root, { files: new WorkspaceFiles(repo.root, { ttlMs: 0 }) });
  });
  after(() => repo.cleanup());

  test('lists the root: folders first, ignored and deleted files left out, never .git', async () => {
    const result = await fs.list('');
    assert.deepEqual(paths(result), ['d:src', 'f:.gitignore', 'f:README.md', 'f:untracked.ts']);
    assert.equal(result.omitted, 0);
  });

  test('recursive listing honours nested .gitignore files and info/exclude', async () => {
    const result = await fs.list('', { recursive: true });
    assert.deepEqual(paths(result), [
      'f:.gitignore',
      'f:README.md',
      'f:src/a.ts',
      'f:src/b.ts',
      'f:src/deep/c.ts',
      'f:src/gen/.gitignore',
      'f:src/gen/keep.ts',
      'f:untracked.ts',
    ]);
  });

  test('pattern, sub-folder and limit with omitted count', async () => {
    assert.deepEqual(paths(await fs.list('src', { recursive: true, pattern: '*.ts' })), [
      'f:src/a.ts',
      'f:src/b.ts',
      'f:src/deep/c.ts',
      'f:src/gen/keep.ts',
    ]);
    assert.deepEqual(paths(await fs.list('src', { recursive: true, pattern: 'deep/*.ts' })), ['f:src/deep/c.ts']);
    assert.deepEqual(paths(await fs.list('', { recursive: true, pattern: 'src/deep/**' })), ['f:src/deep/c.ts']);
    const limited = await fs.list('', { recursive: true, limit: 3 });
    assert.equal(limited.entries.length, 3);
    assert.equal(limited.omitted, 5);
    assert.deepEqual(paths(await fs.list('src')), ['d:src/deep', 'd:src/gen', 'f:src/a.ts', 'f:src/b.ts']);
  });

  test('reads and stats files; missing files are reported, not thrown as escapes', async () => {
    assert.equal(Buffer.from(await fs.readFile('src/a.ts')).toString(), 'export const a = 1;\n');
    assert.equal(Buffer.from(await fs.readFile(path.join(repo.root, 'README.md'))).toString(), '# r\n');
    await assert.rejects(fs.readFile('nope.ts'), FileNotFoundError);
    assert.equal(await fs.stat('nope.ts'), undefined);
    assert.equal((await fs.stat('src'))?.type, 'directory');
    assert.equal((await fs.stat('src/a.ts'))?.size, 20);
    await assert.rejects(fs.list('nope'), FileNotFoundError);
  });

  test('refuses escapes and .git for read, stat and list', async () => {
    for (const bad of ['../x', '/etc/passwd', '.git/config', '.git', 'src/../../etc']) {
      await assert.rejects(fs.readFile(bad), WorkspacePathError, bad);
      await assert.rejects(fs.stat(bad), WorkspacePathError, bad);
      await assert.rejects(fs.list(bad), WorkspacePathError, bad);
    }
  });

  test('sees a new file once the cache expires (ttl 0 here) and after invalidate', async () => {
    const cached = new WorkspaceFiles(repo.root, { ttlMs: 60_000 });
    const before = await cached.list();
    repo.write('fresh.ts', 'new\n');
    assert.deepEqual(await cached.list(), before, 'served from cache');
    cached.invalidate();
    assert.ok((await cached.list()).includes('fresh.ts'));
    assert.ok((await fs.list('')).entries.some((e) => e.path === 'fresh.ts'));
    rmSync(path.join(repo.root, 'fresh.ts'));
  });

  test('lists a workspace that is a sub-folder of the repository', async () => {
    const sub = new NodeFileSystem(path.join(repo.root, 'src'));
    assert.deepEqual(paths(await sub.list('', { recursive: true })), [
      'f:a.ts',
      'f:b.ts',
      'f:deep/c.ts',
      'f:gen/.gitignore',
      'f:gen/keep.ts',
    ]);
  });

  test('an aborted signal stops a listing', async () => {
    await assert.rejects(fs.list('', { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });
});

describe('NodeFileSystem outside git', () => {
  let dir: TempRepo;
  let other: TempRepo;

  before(() => {
    dir = createTempRepo({
      files: {
        '.gitignore': 'build/\n*.tmp\n!important.tmp\n',
        'a.txt': 'a',
        'x.tmp': 'ignored',
        'important.tmp': 'kept',
        'build/out.o': 'ignored',
        'lib/.gitignore': '/local.txt\n',
        'lib/local.txt': 'ignored',
        'lib/sub/local.txt': 'kept: anchored rule',
        'lib/m.txt': 'm',
        '.git/config': 'not a repo, but never listed',
      },
    });
    other = createTempRepo({ files: { 'secret.txt': 's' } });
    symlinkSync(other.root, path.join(dir.root, 'linked-dir'));
    execFileSync('mkfifo', [path.join(dir.root, 'fifo')]);
    mkdirSync(path.join(dir.root, 'empty'));
  });
  after(() => {
    dir.cleanup();
    other.cleanup();
  });

  test('applies .gitignore files itself, skips FIFOs and does not enter symlinked folders', async () => {
    const fs = new NodeFileSystem(dir.root);
    assert.equal(await fs.files.listingMode(), 'walk');
    assert.deepEqual(paths(await fs.list('', { recursive: true })), [
      'f:.gitignore',
      'f:a.txt',
      'f:important.tmp',
      'f:lib/.gitignore',
      'f:lib/m.txt',
      'f:lib/sub/local.txt',
      'f:linked-dir',
    ]);
    await assert.rejects(fs.readFile('linked-dir/secret.txt'), WorkspacePathError);
    await assert.rejects(fs.readFile('fifo'), WorkspacePathError);
  });
});
