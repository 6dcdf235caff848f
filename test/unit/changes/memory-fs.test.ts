import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FileNotFoundError, WorkspacePathError } from '../../../src/core/workspace/ports';
import { globMatcher, MemoryFileSystem } from '../../support/memory-fs';

// The test double others build on: it must behave like the FileSystem port.
describe('MemoryFileSystem (test support)', () => {
  const files = { 'a.ts': 'a', 'src/b.ts': 'b', 'src/deep/c.md': 'c', '.git/HEAD': 'ref' };

  test('reads bytes, stats files and implicit folders, and reports absent files', async () => {
    const fs = new MemoryFileSystem(files);
    assert.equal(new TextDecoder().decode(await fs.readFile('src/b.ts')), 'b');
    assert.equal((await fs.stat('src/b.ts'))?.type, 'file');
    assert.equal((await fs.stat('src/deep'))?.type, 'directory');
    assert.equal((await fs.stat(''))?.type, 'directory');
    assert.equal(await fs.stat('nope'), undefined);
    await assert.rejects(fs.readFile('nope'), FileNotFoundError);
    assert.deepEqual(fs.reads, ['src/b.ts', 'nope']);
  });

  test('lists one level or recursively, with glob, limit and .git hidden', async () => {
    const fs = new MemoryFileSystem(files);
    assert.deepEqual((await fs.list('')).entries, [
      { path: 'a.ts', type: 'file' },
      { path: 'src', type: 'directory' },
    ]);
    assert.deepEqual((await fs.list('src', { recursive: true })).entries.map((e) => e.path), ['src/b.ts', 'src/deep', 'src/deep/c.md']);
    assert.deepEqual((await fs.list('', { recursive: true, pattern: '**/*.ts' })).entries.map((e) => e.path), ['a.ts', 'src/b.ts']);
    assert.deepEqual(await fs.list('', { recursive: true, limit: 2 }), {
      entries: [
        { path: 'a.ts', type: 'file' },
        { path: 'src', type: 'directory' },
      ],
      omitted: 3,
    });
  });

  test('refuses paths outside the root or inside .git', async () => {
    const fs = new MemoryFileSystem(files);
    for (const bad of ['../x', '/abs', '.git/HEAD', 'a/../b']) await assert.rejects(fs.readFile(bad), WorkspacePathError, bad);
  });

  test('globs: ** at any depth, * within a segment, {a,b}, base-name match without a slash', () => {
    assert.ok(globMatcher('**/*.ts')('x/y/z.ts'));
    assert.ok(globMatcher('**/*.ts')('z.ts'));
    assert.ok(!globMatcher('src/*.ts')('src/x/y.ts'));
    assert.ok(globMatcher('*.{ts,md}')('docs/readme.md'));
    assert.ok(!globMatcher('*.{ts,md}')('a.js'));
    assert.ok(globMatcher('a,b')('a,b'));
  });
});
