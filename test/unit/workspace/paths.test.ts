import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveWorkspacePath, resolveWorkspacePathSync } from '../../../src/core/workspace/paths';
import { WorkspacePathError } from '../../../src/core/workspace/ports';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

async function refused(root: string, input: string, message: RegExp): Promise<void> {
  await assert.rejects(resolveWorkspacePath(root, input), (error: unknown) => {
    assert.ok(error instanceof WorkspacePathError, `expected WorkspacePathError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('resolveWorkspacePath', () => {
  let repo: TempRepo;
  let outside: string;
  let socketServer: Server;

  before(async () => {
    repo = createTempRepo({
      files: { 'src/a.ts': 'a', '.gitignore': 'x', 'docs/readme.md': 'r' },
      git: true,
    });
    outside = mkdtempSync(path.join(tmpdir(), 'foreman-outside-'));
    mkdirSync(path.join(outside, 'dir'));
    symlinkSync(outside, path.join(repo.root, 'link-out'));
    symlinkSync('/etc/hostname', path.join(repo.root, 'file-out'));
    symlinkSync('src', path.join(repo.root, 'link-in'));
    symlinkSync('.git', path.join(repo.root, 'git-alias'));
    symlinkSync('/dev/null', path.join(repo.root, 'null'));
    symlinkSync('does-not-exist/x', path.join(repo.root, 'dangling'));
    execFileSync('mkfifo', [path.join(repo.root, 'pipe')]);
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer.listen(path.join(repo.root, 'sock'), resolve));
  });
  after(async () => {
    await new Promise<void>((resolve) => socketServer.close(() => resolve()));
    repo.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  test('accepts relative and absolute-inside paths and normalises them', async () => {
    assert.deepEqual(await resolveWorkspacePath(repo.root, 'src/a.ts'), { abs: path.join(repo.root, 'src/a.ts'), rel: 'src/a.ts' });
    assert.equal((await resolveWorkspacePath(repo.root, path.join(repo.root, 'src', 'a.ts'))).rel, 'src/a.ts');
    assert.equal((await resolveWorkspacePath(repo.root, './src//./a.ts')).rel, 'src/a.ts');
    assert.equal((await resolveWorkspacePath(repo.root, 'src\\a.ts')).rel, 'src/a.ts');
    assert.equal((await resolveWorkspacePath(repo.root, 'docs/../src/a.ts')).rel, 'src/a.ts');
    assert.equal((await resolveWorkspacePath(repo.root, '')).rel, '');
    assert.equal((await resolveWorkspacePath(repo.root, '.')).rel, '');
    assert.equal((await resolveWorkspacePath(repo.root, repo.root)).rel, '');
    assert.equal((await resolveWorkspacePath(repo.root, '.gitignore')).rel, '.gitignore');
  });

  test('accepts paths that do not exist yet, at any depth', async () => {
    assert.equal((await resolveWorkspacePath(repo.root, 'new/deeper/file.ts')).rel, 'new/deeper/file.ts');
    assert.equal((await resolveWorkspacePath(repo.root, 'link-in/new.ts')).rel, 'link-in/new.ts');
  });

  test('normalises to NFC', async () => {
    const nfd = 'caf\u0065\u0301.txt';
    assert.equal((await resolveWorkspacePath(repo.root, nfd)).rel, 'caf\u00e9.txt');
  });

  test('refuses .. escapes', async () => {
    await refused(repo.root, '../x', /escapes the workspace/);
    await refused(repo.root, 'src/../../x', /escapes the workspace/);
    await refused(repo.root, '..', /escapes the workspace/);
    await refused(repo.root, '..\\..\\etc\\passwd', /escapes the workspace/);
  });

  test('refuses absolute paths outside, home-relative and drive paths', async () => {
    await refused(repo.root, '/etc/passwd', /outside the workspace/);
    await refused(repo.root, outside, /outside the workspace/);
    await refused(repo.root, `${repo.root}-sibling/x`, /outside the workspace/);
    await refused(repo.root, '~/.ssh/authorized_keys', /'~'/);
    await refused(repo.root, 'C:/Windows/system.ini', /outside the workspace/);
  });

  test('refuses symlinks that lead outside, for existing and new files', async () => {
    await refused(repo.root, 'link-out', /outside the workspace through a symlink/);
    await refused(repo.root, 'link-out/dir', /through a symlink/);
    await refused(repo.root, 'link-out/new-file.txt', /through a symlink/);
    await refused(repo.root, 'link-out/new/deep/file.txt', /through a symlink/);
    await refused(repo.root, 'file-out', /through a symlink/);
    await refused(repo.root, 'dangling', /target does not exist/);
    await refused(repo.root, 'dangling/y', /target does not exist/);
  });

  test('refuses .git at any depth, in any case, and through symlinks', async () => {
    await refused(repo.root, '.git/config', /inside \.git/);
    await refused(repo.root, '.git', /inside \.git/);
    await refused(repo.root, '.GIT/config', /inside \.git/);
    await refused(repo.root, 'sub/.Git/hooks/pre-commit', /inside \.git/);
    await refused(repo.root, '.git./config', /inside \.git/);
    await refused(repo.root, path.join(repo.root, '.git', 'HEAD'), /inside \.git/);
    await refused(repo.root, 'git-alias/config', /inside \.git/);
    await refused(repo.root, 'git-alias/new-hook', /inside \.git/);
  });

  test('refuses a device node made inside the workspace (needs root to create)', async (t) => {
    try {
      execFileSync('mknod', [path.join(repo.root, 'devnull'), 'c', '1', '3'], { stdio: 'ignore' });
    } catch {
      t.skip('mknod needs root');
      return;
    }
    await refused(repo.root, 'devnull', /device, FIFO or socket/);
    symlinkSync('devnull', path.join(repo.root, 'link-to-dev'));
    await refused(repo.root, 'link-to-dev', /device, FIFO or socket/);
  });

  test('refuses device files, FIFOs and sockets', async () => {
    await refused(repo.root, 'null', /outside the workspace/);
    await refused(repo.root, 'pipe', /device, FIFO or socket/);
    await refused(repo.root, 'sock', /device, FIFO or socket/);
    await refused(repo.root, '/dev/null', /outside the workspace/);
  });

  test('refuses NUL bytes, control and invisible characters', async () => {
    await refused(repo.root, 'src/a.ts\0.png', /NUL/);
    await refused(repo.root, 'src/\u202Egnp.ts', /U\+202E/);
    await refused(repo.root, 'src/a\u2066.ts', /U\+2066/);
    await refused(repo.root, 'src/a\u200B.ts', /U\+200B/);
    await refused(repo.root, 'src/a\uFEFF.ts', /U\+FEFF/);
    await refused(repo.root, 'src/a\n.ts', /U\+000A/);
  });

  test('refuses over-long names and paths', async () => {
    assert.equal(resolveWorkspacePathSync(repo.root, 'a'.repeat(255)).rel, 'a'.repeat(255));
    await refused(repo.root, 'a'.repeat(256), /longer than 255 bytes/);
    await refused(repo.root, `src/${'é'.repeat(128)}`, /longer than 255 bytes/);
    await refused(repo.root, Array.from({ length: 500 }, () => 'abcdefghi').join('/'), /longer than 4000 bytes/);
  });

  test('the sync variant applies the lexical rules without touching the disk', () => {
    assert.deepEqual(resolveWorkspacePathSync('/nowhere/ws', 'a/b.ts'), { abs: path.resolve('/nowhere/ws/a/b.ts'), rel: 'a/b.ts' });
    assert.throws(() => resolveWorkspacePathSync('/nowhere/ws', '../b'), WorkspacePathError);
    assert.throws(() => resolveWorkspacePathSync('/nowhere/ws', '.git/HEAD'), WorkspacePathError);
  });

  test('works when the root itself is reached through a symlink', async () => {
    const alias = path.join(outside, 'alias-of-repo');
    symlinkSync(repo.root, alias);
    assert.equal((await resolveWorkspacePath(alias, 'src/a.ts')).rel, 'src/a.ts');
    assert.equal((await resolveWorkspacePath(alias, 'link-in/a.ts')).rel, 'link-in/a.ts');
    await assert.rejects(resolveWorkspacePath(alias, 'link-out/x'), WorkspacePathError);
  });
});
