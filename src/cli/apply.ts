/**
 * `--apply`: the approved change set goes to disk only after a y/N answer on
 * a terminal, or with --yes. Applying re-checks each file against what the
 * proposal was based on: a file changed meanwhile is a conflict, never
 * overwritten.
 */
import { acceptAll } from '../core/changes/selection';
import { planApply } from '../core/changes/apply-plan';
import { applyPlanToDisk } from '../core/changes/node-apply';
import type { ChangeSet } from '../core/changes/changeset';
import type { CliIo } from './solve';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function applyPatchToRepo(input: { repo: string; changes: ChangeSet; yes: boolean; io: CliIo }): Promise<boolean> {
  const { repo, changes, io } = input;
  const files = changes.files();
  if (!input.yes) {
    if (!io.ask) {
      io.err('not applied: no terminal to ask on (pass --yes to apply without asking)');
      return false;
    }
    if (!(await io.ask(`Apply ${files.length} file(s) to ${repo}?`))) {
      io.err('not applied');
      return false;
    }
  }
  const plan = await planApply({
    changes: files,
    selection: acceptAll(files.map((f) => f.path)),
    readCurrent: async (path) => readFile(join(repo, path), 'utf8').catch(() => undefined),
    signal: io.signal,
  });
  const conflicts = plan.files.filter((f) => f.status === 'conflict');
  for (const conflict of conflicts) io.err(`conflict: ${conflict.path}: ${conflict.message ?? 'changed since the proposal'}`);
  const applied = await applyPlanToDisk(repo, plan, { signal: io.signal });
  const count = applied.written.length + applied.created.length + applied.deleted.length;
  io.err(`applied ${count} file(s)${conflicts.length ? `, ${conflicts.length} left out (conflicts)` : ''}`);
  return conflicts.length === 0;
}
