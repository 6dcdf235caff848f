/**
 * The change set's diffs (ChangeSet.diffs(): bounded jsdiff line diff, hunks,
 * provenance, intra-line highlights) against `git diff --no-index` on the
 * same pairs, and the slowest diff against the configured diff timeout.
 * Each of our diffs is checked: applying all its hunks to the old text must
 * give the new text exactly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeSet } from '../../src/core/changes/changeset';
import { applyHunks, computeRawDiff, DEFAULT_DIFF_LIMITS } from '../../src/core/changes/diff';
import { MemoryFileSystem } from '../support/memory-fs';
import type { BenchContext, Benchmark } from './bench';
import { diffInputs } from './fixtures/diff-inputs';
import { round, runProcess, sampleInterleaved } from './measure';
import { atMost, figure, reference, type Figure } from './report';

const PROVENANCE = { workerId: 'bench', role: 'code' };

export const diffBench: Benchmark = {
  name: 'diff',
  title: 'ChangeSet.diffs() vs git diff --no-index on large and pathological pairs',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const figures: Figure[] = [];
    let ours = 0;
    let git = 0;
    let worst = 0;
    let worstCase = '';
    let fallbacks = 0;
    let oursOrdinary = 0;
    let gitOrdinary = 0;
    for (const input of diffInputs()) {
      const oldPath = join(ctx.tmp, `${input.id}.old`);
      const newPath = join(ctx.tmp, `${input.id}.new`);
      writeFileSync(oldPath, input.oldText);
      writeFileSync(newPath, input.newText);

      // Correctness first, untimed: every hunk applied gives the new text.
      const raw = computeRawDiff('file.txt', input.oldText, input.newText);
      const all = new Set(raw.hunks.map((h) => h.id));
      const rebuilt = raw.wholeFile ? input.newText : applyHunks(input.oldText, raw.hunks, all);
      if (rebuilt !== input.newText) ctx.warn(`diff ${input.id}: applying every hunk does not give the new text`);
      if (raw.wholeFile) fallbacks++;
      if (raw.wholeFile && !input.pathological) ctx.warn(`diff ${input.id}: an ordinary edit fell back to a whole-file diff`);

      let changes: ChangeSet | undefined;
      let hunks = 0;
      const timed = await sampleInterleaved(
        {
          ours: () => {
            hunks = changes!.diffs().reduce((sum, d) => sum + d.hunks.length, 0);
          },
          git: async () => {
            const run = await runProcess('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', '--', oldPath, newPath], { cwd: ctx.tmp, signal: ctx.signal });
            if (run.code !== 1) throw new Error(`git diff --no-index exited ${run.code}: ${run.stderr}`);
          },
        },
        {
          warmup: 1,
          reps: 5,
          // A fresh change set each time: diffs are cached per proposal.
          before: async (key) => {
            if (key !== 'ours') return;
            const fs = new MemoryFileSystem({ 'file.txt': input.oldText });
            changes = new ChangeSet(fs);
            await changes.write('file.txt', input.newText, PROVENANCE);
          },
        },
      );
      ours += timed.ours.median;
      git += timed.git.median;
      if (!input.pathological) {
        oursOrdinary += timed.ours.median;
        gitOrdinary += timed.git.median;
      }
      if (timed.ours.max > worst) {
        worst = timed.ours.max;
        worstCase = input.id;
      }
      figures.push(
        reference(`diff.${input.id}.ms`, round(timed.ours.median, 1), 'ms', input.description),
        reference(`diff.${input.id}.git_ms`, round(timed.git.median, 1), 'ms'),
        reference(`diff.${input.id}.hunks`, raw.wholeFile ? 0 : hunks, raw.wholeFile ? 'hunks (whole-file fallback)' : 'hunks'),
      );
      ctx.log(`  ${input.id}: ours ${timed.ours.median.toFixed(1)} ms (max ${timed.ours.max.toFixed(1)}), git ${timed.git.median.toFixed(1)} ms${raw.wholeFile ? ', whole-file fallback' : `, ${hunks} hunks`}`);
    }
    return [
      figure('diff.ratio_vs_git', round(ours / git, 2), 'x', { target: atMost(2, '≤ 2× git diff --no-index') }),
      reference('diff.ours_ms', round(ours, 1), 'ms', 'sum of medians over all pairs'),
      reference('diff.git_ms', round(git, 1), 'ms', 'sum of medians over all pairs (process spawn included)'),
      reference('diff.ordinary_ratio_vs_git', round(oursOrdinary / gitOrdinary, 2), 'x', 'the large files with scattered edits only, without the pathological pairs'),
      figure('diff.max_ms', round(worst, 1), 'ms', {
        target: atMost(DEFAULT_DIFF_LIMITS.timeoutMs, `≤ the diff timeout (${DEFAULT_DIFF_LIMITS.timeoutMs} ms)`),
        note: `slowest single diff of any repetition: ${worstCase}`,
      }),
      reference('diff.timeout_ms', DEFAULT_DIFF_LIMITS.timeoutMs, 'ms', 'DEFAULT_DIFF_LIMITS.timeoutMs'),
      reference('diff.whole_file_fallbacks', fallbacks, 'pairs'),
      ...figures,
    ];
  },
};
