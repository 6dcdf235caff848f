import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { NodeFileSystem } from '../../../src/core/workspace/node-fs';
import { createTempRepo, gitTestEnv, type TempRepo } from '../../support/temp-repo';

const coder = { workerId: 'coder', subtaskId: 's1', reason: 'fix' };
const numbered = (n: number, eol = '\n'): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${eol}`).join('');

const repos: TempRepo[] = [];
after(() => repos.forEach((repo) => repo.cleanup()));

function repoWith(files: Record<string, string>): TempRepo {
  const repo = createTempRepo({ git: true, files, prefix: 'foreman-changes-' });
  repos.push(repo);
  return repo;
}

function gitApply(repo: TempRepo, patch: string, ...args: string[]): string {
  return execFileSync('git', ['apply', '--verbose', ...args, '-'], {
    cwd: repo.root,
    env: gitTestEnv,
    input: patch,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function bytes(repo: TempRepo, path: string): Buffer | undefined {
  const abs = join(repo.root, path);
  return existsSync(abs) ? readFileSync(abs) : undefined;
}

describe('unifiedPatch() with real git', () => {
  test('git apply accepts creates, deletes, CRLF, no-EOL, odd names and empty files, and reproduces the proposals byte for byte', async () => {
    const repo = repoWith({
      'src/app.ts': numbered(60),
      'win.txt': numbered(20, '\r\n'),
      'noeol.txt': numbered(10).slice(0, -1),
      'eol-added.txt': 'no newline',
      'gone.txt': 'bye\n',
      'empty-gone.txt': '',
      'bom.txt': '\ufeffhello\n',
    });
    const fs = new NodeFileSystem(repo.root);
    const set = new ChangeSet(fs);
    await set.write('src/app.ts', numbered(60).replace('line 4\n', 'four\n').replace('line 50\n', 'fifty\nfifty-one\n'), coder);
    await set.write('win.txt', numbered(20, '\r\n').replace('line 10\r\n', 'ten\r\n'), coder);
    await set.write('noeol.txt', numbered(10).slice(0, -1).replace('line 10', 'the last line'), coder);
    await set.write('eol-added.txt', 'no newline\nnow there is\n', coder);
    await set.write('bom.txt', '\ufeffhello\nworld\n', coder);
    await set.remove('gone.txt', coder);
    await set.remove('empty-gone.txt', coder);
    await set.create('src/new file.ts', 'export {};\n', coder);
    await set.create('docs/naïve "quoted".md', '# Naïve\n', coder);
    await set.create('empty.txt', '', coder);
    await set.create('new-noeol.txt', 'a\nb', coder);

    const before = repo.git(['status', '--porcelain']);
    assert.equal(before, '', 'the working tree is untouched before apply');

    const patch = set.unifiedPatch();
    gitApply(repo, patch, '--check');
    gitApply(repo, patch);

    for (const change of set.files()) {
      const onDisk = bytes(repo, change.path);
      if (change.newContent === undefined) assert.equal(onDisk, undefined, `${change.path} deleted`);
      else assert.deepEqual(onDisk, Buffer.from(change.newContent, 'utf8'), `${change.path} bytes`);
    }
    assert.equal(set.files().length, 11);
  });

  test('git apply also accepts the whole-file fallback hunk', async () => {
    const original = numbered(300);
    const rewritten = Array.from({ length: 300 }, (_, i) => `rewritten ${i}\n`).join('');
    const repo = repoWith({ 'big.txt': original });
    const set = new ChangeSet(new NodeFileSystem(repo.root), { limits: { maxEditLength: 10 } });
    await set.write('big.txt', rewritten, coder);
    assert.equal(set.diff('big.txt').wholeFile, true);
    gitApply(repo, set.unifiedPatch(), '--check');
    gitApply(repo, set.unifiedPatch());
    assert.equal(repo.read('big.txt'), rewritten);
  });

  test('git apply --check refuses the patch once the file no longer matches the base', async () => {
    const repo = repoWith({ 'a.txt': numbered(5) });
    const set = new ChangeSet(new NodeFileSystem(repo.root));
    await set.write('a.txt', numbered(5).replace('line 3\n', 'three\n'), coder);
    repo.write('a.txt', numbered(5).replace('line 3\n', 'user three\n'));
    assert.throws(() => gitApply(repo, set.unifiedPatch(), '--check'), /patch does not apply/);
  });
});
