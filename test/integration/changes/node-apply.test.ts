import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planApply, type ApplyFilePlan, type ApplyPlan } from '../../../src/core/changes/apply-plan';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { applyPlanToDisk, ApplyPreconditionError } from '../../../src/core/changes/node-apply';
import { acceptAll, type Selection } from '../../../src/core/changes/selection';
import { NodeFileSystem } from '../../../src/core/workspace/node-fs';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

const coder = { workerId: 'coder' };
const numbered = (n: number, eol = '\n'): string => Array.from({ length: n }, (_, i) => `line ${i + 1}${eol}`).join('');

const dirs: TempRepo[] = [];
after(() => dirs.forEach((dir) => dir.cleanup()));

function workspace(files: Record<string, string>): TempRepo {
  const dir = createTempRepo({ files, prefix: 'foreman-apply-' });
  dirs.push(dir);
  return dir;
}

async function planFor(dir: TempRepo, set: ChangeSet, selection: Selection): Promise<ApplyPlan> {
  return planApply({
    changes: set.files(),
    selection,
    readCurrent: async (path) => readFile(join(dir.root, path), 'utf8').catch(() => undefined),
  });
}

/** Every file under the dir, relative, sorted, with its bytes (to prove nothing else was touched). */
function tree(dir: string, prefix = ''): Array<[string, string]> {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry): Array<[string, string]> => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return tree(dir, rel);
      return [[rel, readFileSync(join(dir, rel)).toString('base64')]];
    })
    .sort(([a], [b]) => a.localeCompare(b));
}

describe('applyPlanToDisk', () => {
  test('writes exactly the planned bytes: partial hunks, CRLF, creates with new folders, deletes', async () => {
    const dir = workspace({ 'f.txt': numbered(40), 'win.txt': numbered(10, '\r\n'), 'old.txt': 'old\n', 'untouched.txt': 'u\n' });
    const set = new ChangeSet(new NodeFileSystem(dir.root));
    await set.write('f.txt', numbered(40).replace('line 2\n', 'two\n').replace('line 30\n', 'thirty\n'), coder);
    await set.write('win.txt', numbered(10, '\r\n').replace('line 5\r\n', 'five\nsix\n'), coder);
    await set.create('deep/er/new.txt', 'new', coder);
    await set.remove('old.txt', coder);
    const [firstHunk] = set.diff('f.txt').hunks;

    const plan = await planFor(dir, set, {
      ...acceptAll(['win.txt', 'deep/er/new.txt', 'old.txt']),
      'f.txt': { accept: 'hunks', hunkIds: [firstHunk!.id] },
    });
    const applied = await applyPlanToDisk(dir.root, plan);

    assert.deepEqual(applied, { written: ['f.txt', 'win.txt'], created: ['deep/er/new.txt'], deleted: ['old.txt'] });
    assert.equal(dir.read('f.txt'), numbered(40).replace('line 2\n', 'two\n'));
    assert.equal(dir.read('win.txt'), numbered(10, '\r\n').replace('line 5\r\n', 'five\r\nsix\r\n'));
    assert.equal(dir.read('deep/er/new.txt'), 'new');
    assert.equal(existsSync(join(dir.root, 'old.txt')), false);
    assert.equal(dir.read('untouched.txt'), 'u\n');
    assert.deepEqual(
      tree(dir.root).map(([path]) => path),
      ['deep/er/new.txt', 'f.txt', 'untouched.txt', 'win.txt'],
      'no temp files are left behind',
    );
  });

  test('keeps the mode of an executable file it rewrites', async () => {
    const dir = workspace({ 'run.sh': '#!/bin/sh\necho hi\n' });
    chmodSync(join(dir.root, 'run.sh'), 0o755);
    const set = new ChangeSet(new NodeFileSystem(dir.root));
    await set.write('run.sh', '#!/bin/sh\necho hello\n', coder);
    await applyPlanToDisk(dir.root, await planFor(dir, set, acceptAll(['run.sh'])));
    assert.equal(statSync(join(dir.root, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(dir.read('run.sh'), '#!/bin/sh\necho hello\n');
  });

  test('checks every precondition first: one file changed after planning means nothing is written', async () => {
    const dir = workspace({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const set = new ChangeSet(new NodeFileSystem(dir.root));
    await set.write('a.txt', 'A\n', coder);
    await set.write('b.txt', 'B\n', coder);
    await set.create('c.txt', 'C\n', coder);
    const plan = await planFor(dir, set, acceptAll(['a.txt', 'b.txt', 'c.txt']));
    dir.write('b.txt', 'user b\n');
    dir.write('c.txt', 'user c\n');
    const snapshot = tree(dir.root);

    await assert.rejects(applyPlanToDisk(dir.root, plan), (error: unknown) => {
      assert.ok(error instanceof ApplyPreconditionError);
      assert.deepEqual(error.problems.map((p) => p.path), ['b.txt', 'c.txt']);
      assert.match(error.message, /b\.txt: it changed on disk since the plan was made/);
      return true;
    });
    assert.deepEqual(tree(dir.root), snapshot, 'a.txt was not written either');
  });

  test('conflict and skipped entries are not touched', async () => {
    const dir = workspace({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const set = new ChangeSet(new NodeFileSystem(dir.root));
    await set.write('a.txt', 'A\n', coder);
    await set.write('b.txt', 'B\n', coder);
    dir.write('a.txt', 'user a\n');
    const plan = await planFor(dir, set, { 'a.txt': { accept: 'all' } });
    assert.deepEqual(plan.files.map((f) => f.status), ['conflict', 'skipped']);
    assert.deepEqual(await applyPlanToDisk(dir.root, plan), { written: [], created: [], deleted: [] });
    assert.equal(dir.read('a.txt'), 'user a\n');
    assert.equal(dir.read('b.txt'), 'b\n');
  });

  test('refuses paths that escape the root, go through symlinks or into .git', async () => {
    const outside = workspace({ 'secret.txt': 's\n' });
    const dir = workspace({ 'a.txt': 'a\n' });
    symlinkSync(outside.root, join(dir.root, 'linked'));
    symlinkSync(join(outside.root, 'secret.txt'), join(dir.root, 'file-link.txt'));
    mkdirSync(join(dir.root, '.git'));
    const entry = (path: string, currentHash: string): ApplyFilePlan => ({
      path,
      action: 'create',
      content: 'x',
      status: 'clean',
      hunksApplied: [],
      hunksLeftOut: [],
      currentHash,
    });
    const plan: ApplyPlan = {
      files: [
        entry('linked/secret.txt', ''),
        entry('../escape.txt', ''),
        entry('.git/config', ''),
        { ...entry('file-link.txt', ''), action: 'write' },
      ],
    };
    await assert.rejects(applyPlanToDisk(dir.root, plan), (error: unknown) => {
      assert.ok(error instanceof ApplyPreconditionError);
      assert.equal(error.problems.length, 4);
      assert.match(error.problems[0]!.message, /outside the workspace/);
      assert.match(error.problems[3]!.message, /symbolic link/);
      return true;
    });
    assert.equal(readFileSync(join(outside.root, 'secret.txt'), 'utf8'), 's\n');
    assert.equal(existsSync(join(dir.root, '.git', 'config')), false);
  });
});
