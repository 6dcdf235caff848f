/**
 * Applying an approved change set of 200 files the way the CLI's --apply
 * does: planApply (re-reads every file, checks it against the proposal's
 * base, applies exactly the accepted hunks) then applyPlanToDisk (checks
 * every precondition, then one atomic temp-file-and-rename per file). The
 * files live on the real disk (os.tmpdir()), as a user's do. The editor's
 * path (one WorkspaceEdit) is measured by the e2e harness, not here.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { planApply, type ApplyPlan } from '../../src/core/changes/apply-plan';
import { ChangeSet } from '../../src/core/changes/changeset';
import { applyPlanToDisk } from '../../src/core/changes/node-apply';
import type { Selection } from '../../src/core/changes/selection';
import type { FileChange } from '../../src/core/changes/types';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import type { BenchContext, Benchmark } from './bench';
import { scatterEdits } from './fixtures/diff-inputs';
import { Random } from './fixtures/prng';
import { sourceFile } from './fixtures/source-code';
import { median, round } from './measure';
import { figure, reference, type Figure } from './report';

const FILES = 200;
const REPS = 5;

/** 180 modified files (every third with only its first hunk accepted), 10 created, 10 deleted. */
function workspaceFiles(): { originals: Map<string, string>; edited: Map<string, string | undefined> } {
  const rng = new Random(200_200);
  const originals = new Map<string, string>();
  const edited = new Map<string, string | undefined>();
  for (let i = 0; i < FILES; i++) {
    const path = `src/area-${i % 10}/file-${String(i).padStart(3, '0')}.ts`;
    if (i < 180) {
      const text = sourceFile(rng, 'ts', rng.int(80, 400));
      originals.set(path, text);
      edited.set(path, scatterEdits(text, rng.int(1, 6), rng));
    } else if (i < 190) {
      edited.set(path.replace('.ts', '.new.ts'), sourceFile(rng, 'ts', rng.int(20, 120)));
    } else {
      originals.set(path, sourceFile(rng, 'ts', 40));
      edited.set(path, undefined);
    }
  }
  return { originals, edited };
}

function restore(root: string, originals: Map<string, string>, edited: Map<string, string | undefined>): void {
  for (const path of edited.keys()) if (!originals.has(path)) rmSync(join(root, path), { force: true });
  for (const [path, text] of originals) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function selectionOf(changes: ChangeSet, files: readonly FileChange[]): Selection {
  const selection: Selection = {};
  files.forEach((file, i) => {
    const hunks = changes.diff(file.path).hunks;
    selection[file.path] = file.kind === 'modify' && i % 3 === 0 && hunks.length > 1 ? { accept: 'hunks', hunkIds: [hunks[0]!.id] } : { accept: 'all' };
  });
  return selection;
}

export const applyBench: Benchmark = {
  name: 'apply',
  title: `apply an approved change set of ${FILES} files (planApply + applyPlanToDisk, on disk)`,
  async run(ctx: BenchContext): Promise<Figure[]> {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'foreman-bench-apply-')));
    try {
      const { originals, edited } = workspaceFiles();
      restore(root, originals, edited);
      const changes = new ChangeSet(new NodeFileSystem(root));
      for (const [path, text] of edited) {
        if (text === undefined) await changes.remove(path, { workerId: 'bench' });
        else await changes.write(path, text, { workerId: 'bench' });
      }
      const files = changes.files();
      if (files.length !== FILES) ctx.warn(`apply: the change set has ${files.length} files, expected ${FILES}`);
      const selection = selectionOf(changes, files);
      const readCurrent = async (path: string) => {
        try {
          return readFileSync(join(root, path), 'utf8');
        } catch {
          return undefined;
        }
      };

      const planMs: number[] = [];
      const diskMs: number[] = [];
      let plan: ApplyPlan | undefined;
      for (let rep = 0; rep < REPS + 1; rep++) {
        restore(root, originals, edited);
        const started = performance.now();
        plan = await planApply({ changes: files, selection, readCurrent, signal: ctx.signal });
        const planned = performance.now();
        await applyPlanToDisk(root, plan, { signal: ctx.signal });
        const done = performance.now();
        if (rep > 0) {
          planMs.push(planned - started);
          diskMs.push(done - planned);
        }
      }

      // What is on disk now is exactly what the plan said.
      const clean = plan!.files.filter((f) => f.status === 'clean').length;
      if (clean !== FILES) ctx.warn(`apply: ${FILES - clean} files were not clean (${plan!.files.filter((f) => f.status !== 'clean').map((f) => `${f.path}: ${f.status}`).join(', ')})`);
      let wrong = 0;
      for (const file of plan!.files) {
        const abs = join(root, file.path);
        if (file.action === 'delete' ? existsSync(abs) : readFileSync(abs, 'utf8') !== file.content) wrong++;
      }
      if (wrong > 0) ctx.warn(`apply: ${wrong} files on disk differ from the plan after applying`);
      const partial = Object.values(selection).filter((s) => s.accept === 'hunks').length;

      const total = planMs.map((p, i) => p + diskMs[i]!);
      return [
        figure('apply.ms_200_files', round(median(total), 1), 'ms', { note: `median of ${REPS}; 180 modified (${partial} with only some hunks accepted), 10 created, 10 deleted` }),
        reference('apply.plan_ms', round(median(planMs), 1), 'ms', 'planApply: re-read, check, apply accepted hunks'),
        reference('apply.disk_ms', round(median(diskMs), 1), 'ms', 'applyPlanToDisk: preconditions, atomic writes'),
        reference('apply.workspace_edit_ms', null, 'ms', 'the VS Code WorkspaceEdit path: measured by the e2e harness (npm run test:e2e), not here'),
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
