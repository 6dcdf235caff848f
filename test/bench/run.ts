/**
 * `npm run bench`: runs every benchmark in turn, prints one `name: value unit`
 * line per figure on stdout (progress goes to stderr), then the targets, and
 * writes the whole run as JSON to test/bench/results/<timestamp>.json and
 * latest.json. A benchmark never fails on a timing; the exit code is 1 only
 * when a benchmark itself crashed.
 *
 *   npm run bench                      all benchmarks
 *   npm run bench -- --only search,diff
 *   npm run bench -- --list
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchContext, Benchmark } from './bench';
import { applyBench } from './apply.bench';
import { diffBench } from './diff.bench';
import { editsBench } from './edits.bench';
import { extensionBench } from './extension.bench';
import { makeScratchDir } from './fixtures/scratch-dir';
import { orchestrationBench } from './orchestration.bench';
import { formatFigure, formatTargets, writeReport, type BenchResult, type RunReport } from './report';
import { searchBench } from './search.bench';
import { tokensBench } from './tokens.bench';

export const BENCHMARKS: readonly Benchmark[] = [
  searchBench,
  diffBench,
  editsBench,
  orchestrationBench,
  tokensBench,
  extensionBench,
  applyBench,
];

const REPO_ROOT = join(__dirname, '..', '..');
const RESULTS_DIR = join(__dirname, 'results');

function versionOf(command: string): string | null {
  try {
    return execFileSync(command, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function selected(argv: readonly string[]): readonly Benchmark[] {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return BENCHMARKS;
  const value = argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : (argv[at + 1] ?? '');
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

async function runOne(bench: Benchmark, signal: AbortSignal): Promise<BenchResult> {
  const tmp = makeScratchDir(`foreman-bench-${bench.name}-`);
  const warnings: string[] = [];
  const ctx: BenchContext = {
    tmp,
    repoRoot: REPO_ROOT,
    signal,
    log: (message) => process.stderr.write(`[${bench.name}] ${message}\n`),
    warn: (message) => {
      warnings.push(message);
      console.log(`# !!! WARNING (${bench.name}): ${message}`);
    },
  };
  console.log(`# ${bench.name}: ${bench.title}`);
  const started = performance.now();
  try {
    const figures = await bench.run(ctx);
    for (const f of figures) console.log(formatFigure(f));
    return { bench: bench.name, ok: true, durationMs: performance.now() - started, figures, warnings };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.log(`# !!! ${bench.name} crashed: ${message.split('\n')[0]}`);
    process.stderr.write(`${message}\n`);
    return { bench: bench.name, ok: false, error: message, durationMs: performance.now() - started, figures: [], warnings };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    process.stderr.write(`[${bench.name}] done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--list')) {
    for (const b of BENCHMARKS) console.log(`${b.name}: ${b.title}`);
    return;
  }
  const benches = selected(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const cpus = os.cpus();
  const results: BenchResult[] = [];
  for (const bench of benches) {
    if (controller.signal.aborted) break;
    results.push(await runOne(bench, controller.signal));
  }
  const report: RunReport = {
    version: 1,
    startedAt,
    durationMs: performance.now() - started,
    machine: {
      platform: `${process.platform} ${os.release()}`,
      arch: process.arch,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      rg: versionOf('rg'),
      git: versionOf('git'),
    },
    gitCommit: gitCommit(),
    benches: results,
  };
  console.log('# targets');
  for (const line of formatTargets(results)) console.log(line);
  const warnings = results.flatMap((r) => r.warnings.map((w) => `${r.bench}: ${w}`));
  if (warnings.length > 0) {
    console.log(`# !!! ${warnings.length} correctness warning(s) in what was measured:`);
    for (const w of warnings) console.log(`# !!!   ${w}`);
  }
  const file = writeReport(RESULTS_DIR, report);
  console.log(`# ${results.length} benchmark(s) in ${(report.durationMs / 1000).toFixed(1)} s on ${cpus.length} × ${report.machine.cpuModel}; results in ${file}`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
