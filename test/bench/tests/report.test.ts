import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  atLeast,
  atMost,
  below,
  exactly,
  figure,
  FigureSchema,
  formatFigure,
  formatTargets,
  reference,
  RunReportSchema,
  targetMet,
  writeReport,
  type RunReport,
} from '../report';

describe('bench report', () => {
  test('a figure prints as `name: value unit`; an unmeasured one prints its note', () => {
    assert.equal(formatFigure(figure('search.ratio_vs_rg', 1.084, 'x')), 'search.ratio_vs_rg: 1.08 x');
    assert.equal(formatFigure(figure('edits.cases', 392, 'cases')), 'edits.cases: 392 cases');
    assert.equal(formatFigure(reference('diff.large_100k.ms', 102.04, 'ms')), 'diff.large_100k.ms: 102 ms');
    assert.equal(formatFigure(reference('x.small', 0.00123, 'ms')), 'x.small: 0.0012 ms');
    assert.equal(
      formatFigure(figure('extension.activation_ms', null, 'ms', { note: 'not measured in this run (run npm run test:e2e)' })),
      'extension.activation_ms: not measured in this run (run npm run test:e2e)',
    );
  });

  test('targets compare with their operator; an unmeasured figure has no verdict', () => {
    assert.equal(targetMet(figure('a.b', 1.2, 'x', { target: atMost(1.2, '') })), true);
    assert.equal(targetMet(figure('a.b', 1.21, 'x', { target: atMost(1.2, '') })), false);
    assert.equal(targetMet(figure('a.b', 50, 'ms', { target: below(50, '') })), false);
    assert.equal(targetMet(figure('a.b', 80, '%', { target: atLeast(80, '') })), true);
    assert.equal(targetMet(figure('a.b', 1, 'cases', { target: exactly(0, '') })), false);
    assert.equal(targetMet(figure('a.b', null, 'ms', { target: below(50, '') })), undefined);
    assert.equal(targetMet(figure('a.b', 3, 'ms')), undefined);
    const lines = formatTargets([
      {
        bench: 'x',
        ok: true,
        durationMs: 1,
        warnings: [],
        figures: [figure('a.b', 2, 'x', { target: atMost(1.2, '≤ 1.2×') }), figure('a.c', null, 'ms', { target: below(50, '< 50 ms') }), reference('a.d', 1, 'ms')],
      },
    ]);
    assert.deepEqual(lines, ['# a.b: target ≤ 1.2×: MISSED', '# a.c: target < 50 ms: not measured']);
  });

  test('figure names are dotted lower-case paths', () => {
    assert.equal(FigureSchema.safeParse(figure('orchestration.overhead_ratio.n8', 1, 'x')).success, true);
    assert.equal(FigureSchema.safeParse(figure('Search Ratio', 1, 'x')).success, false);
    assert.equal(FigureSchema.safeParse(figure('search', 1, 'x')).success, false);
  });

  test('writeReport writes <timestamp>.json and latest.json with the same, schema-valid content', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'foreman-bench-report-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const report: RunReport = {
      version: 1,
      startedAt: '2026-01-02T03:04:05.678Z',
      durationMs: 10,
      machine: { platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'cpu', memoryGb: 8, node: 'v20', rg: null, git: 'git version 2' },
      gitCommit: null,
      benches: [{ bench: 'edits', ok: true, durationMs: 5, warnings: [], figures: [figure('edits.cases', 392, 'cases')] }],
    };
    const file = writeReport(join(dir, 'results'), report);
    assert.equal(file, join(dir, 'results', '2026-01-02T03-04-05-678Z.json'));
    assert.deepEqual(readdirSync(join(dir, 'results')).sort(), ['2026-01-02T03-04-05-678Z.json', 'latest.json']);
    const latest = RunReportSchema.parse(JSON.parse(readFileSync(join(dir, 'results', 'latest.json'), 'utf8')));
    assert.deepEqual(latest, report);
    assert.throws(() => writeReport(dir, { ...report, version: 2 } as unknown as RunReport));
  });
});
