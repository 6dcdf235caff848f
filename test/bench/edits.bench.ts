/**
 * Edit matching over the corpus in test/fixtures/edits/ (cases cut from real
 * package sources): how many edits that should apply land exactly right, how
 * many that should be refused are, and how many applied in the wrong place
 * (must be 0). The scoring is the corpus runner's, shared with its unit test.
 */
import { runEditCorpus } from '../fixtures/edits/run-corpus';
import type { BenchContext, Benchmark } from './bench';
import { round } from './measure';
import { atLeast, exactly, figure, reference, type Figure } from './report';

export const editsBench: Benchmark = {
  name: 'edits',
  title: 'edit matching over the real-code corpus (test/fixtures/edits)',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const report = runEditCorpus();
    if (report.wrongPlace > 0) {
      const wrong = report.results.filter((r) => r.verdict === 'wrong_place').map((r) => `${r.id} (${r.strategy ?? '?'})`);
      ctx.warn(`edits.wrong_place is ${report.wrongPlace}: edits applied in the wrong place: ${wrong.join(', ')}`);
    }
    const kinds = Object.entries(report.byKind).sort(([a], [b]) => a.localeCompare(b));
    return [
      figure('edits.cases', report.cases, 'cases', { target: atLeast(300, '≥ 300 cases') }),
      figure('edits.applied_correctly_pct', round(report.appliedCorrectlyPct, 1), '%', { note: `${report.appliedCorrectly} of ${report.shouldApply} that should apply` }),
      figure('edits.wrong_place', report.wrongPlace, 'cases', { target: exactly(0, '= 0') }),
      figure('edits.refused_correctly_pct', round(report.refusedCorrectlyPct, 1), '%', { note: `${report.refusedCorrectly} of ${report.shouldRefuse} that should be refused` }),
      reference('edits.refused_wrongly', report.refusedWrongly, 'cases', 'should have applied; refused (safe, but a miss)'),
      reference('edits.total_ms', round(report.totalMs, 1), 'ms'),
      ...kinds.map(([kind, k]) => reference(`edits.kind.${kind.replaceAll('-', '_')}_pct`, round((k.correct / k.cases) * 100, 1), '%', `${k.correct}/${k.cases} correct`)),
    ];
  },
};
