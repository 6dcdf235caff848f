/**
 * The user edits files the run proposed changes to, before or while they
 * apply. Through the real ChangeSet, planApply and the atomic disk applier on
 * a real repo: apart edits merge, overlapping ones conflict, a file changed
 * between plan and write is refused, and the user's edit is never lost.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeSet } from '../../src/core/changes/changeset';
import { planApply } from '../../src/core/changes/apply-plan';
import { applyPlanToDisk, ApplyPreconditionError } from '../../src/core/changes/node-apply';
import { acceptAll } from '../../src/core/changes/selection';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import type { TempRepo } from '../support/temp-repo';
import { smallRepo } from './support/harness';
import { reliabilityFile, type Verdict } from './support/tally';

const { scenario } = reliabilityFile(__filename);
const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.cleanup()));

const LINES = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

async function setup() {
  const repo = smallRepo({ 'notes.txt': LINES, 'other.txt': 'other\n' });
  repos.push(repo);
  const changes = new ChangeSet(new NodeFileSystem(repo.root));
  await changes.write('notes.txt', LINES.replace('line 2\n', 'line 2 (proposed)\n'), { workerId: 'w' });
  await changes.write('other.txt', 'other (proposed)\n', { workerId: 'w' });
  const read = async (path: string) => (existsSync(join(repo.root, path)) ? readFileSync(join(repo.root, path), 'utf8') : undefined);
  const plan = () => planApply({ changes: changes.files(), selection: acceptAll(changes.files().map((f) => f.path)), readCurrent: read });
  return { repo, changes, plan, read };
}

const keep = (verdict: Verdict, text: string | undefined, mark: string) => {
  if (!text?.includes(mark)) verdict.lost(`the user's edit "${mark}" is gone`);
};

scenario('a user edit apart from the proposal is merged, both kept', { timeout: 10_000 }, async (_t, verdict) => {
  const { repo, plan, read } = await setup();
  writeFileSync(join(repo.root, 'notes.txt'), LINES.replace('line 11\n', 'line 11 (user)\n'));
  const p = await plan();
  assert.equal(p.files.find((f) => f.path === 'notes.txt')?.status, 'merged');
  await applyPlanToDisk(repo.root, p);
  const text = await read('notes.txt');
  keep(verdict, text, 'line 11 (user)');
  assert.match(text ?? '', /line 2 \(proposed\)/);
  assert.equal(await read('other.txt'), 'other (proposed)\n');
});

scenario('a user edit on the same lines is a conflict: that file untouched, the rest applies', { timeout: 10_000 }, async (_t, verdict) => {
  const { repo, plan, read } = await setup();
  writeFileSync(join(repo.root, 'notes.txt'), LINES.replace('line 2\n', 'line 2 (user)\n'));
  const p = await plan();
  const notes = p.files.find((f) => f.path === 'notes.txt');
  assert.equal(notes?.status, 'conflict');
  assert.ok(notes?.message && notes.message.length > 10, 'the conflict says why');
  await applyPlanToDisk(repo.root, p);
  keep(verdict, await read('notes.txt'), 'line 2 (user)');
  assert.equal(await read('notes.txt'), LINES.replace('line 2\n', 'line 2 (user)\n'));
  assert.equal(await read('other.txt'), 'other (proposed)\n');
});

scenario('a user edit between plan and write is refused, not overwritten', { timeout: 10_000 }, async (_t, verdict) => {
  const { repo, plan, read } = await setup();
  const p = await plan();
  writeFileSync(join(repo.root, 'notes.txt'), LINES.replace('line 7\n', 'line 7 (user, late)\n'));
  await assert.rejects(applyPlanToDisk(repo.root, p), ApplyPreconditionError);
  keep(verdict, await read('notes.txt'), 'line 7 (user, late)');
  assert.equal(await read('other.txt'), 'other\n', 'nothing half-written: the precondition is checked for every file first');
});

scenario('a file the user deleted after the proposal is not resurrected silently', { timeout: 10_000 }, async (_t, verdict) => {
  const { repo, plan, read } = await setup();
  rmSync(join(repo.root, 'notes.txt'));
  const p = await plan();
  const notes = p.files.find((f) => f.path === 'notes.txt');
  assert.notEqual(notes?.status, 'clean');
  await applyPlanToDisk(repo.root, p);
  if ((await read('notes.txt')) !== undefined) verdict.lost('the user deleted notes.txt and the apply brought it back');
});

scenario('a file the user created where the run proposed a new one is not overwritten', { timeout: 10_000 }, async (_t, verdict) => {
  const { repo, changes, read } = await setup();
  await changes.create('fresh.txt', 'from the run\n', { workerId: 'w' });
  writeFileSync(join(repo.root, 'fresh.txt'), 'from the user\n');
  const p = await planApply({ changes: changes.files(), selection: acceptAll(['fresh.txt']), readCurrent: read });
  await applyPlanToDisk(repo.root, p).catch((error: unknown) => {
    if (!(error instanceof ApplyPreconditionError)) throw error;
  });
  keep(verdict, await read('fresh.txt'), 'from the user');
  assert.notEqual(p.files.find((f) => f.path === 'fresh.txt')?.status, 'clean');
});
