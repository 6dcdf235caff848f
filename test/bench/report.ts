/**
 * What a benchmark reports, and how the run is printed and saved. A figure
 * is printed as `name: value unit` (one per line: outside tooling reads these
 * names); references measured in the same run are printed the same way, right
 * after the figure they explain. Everything is also written as JSON to
 * test/bench/results/<timestamp>.json and latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** How a headline figure compares with its target. */
export const TargetSchema = z.object({
  op: z.enum(['<=', '<', '>=', '==']),
  value: z.number(),
  /** The target as the README states it, e.g. '≤ 1.2× rg'. */
  text: z.string(),
});
export type Target = z.infer<typeof TargetSchema>;

export const FigureSchema = z.object({
  name: z.string().regex(/^[a-z]+(\.[a-z0-9_]+)+$/),
  /** null: not measured in this run (`note` says why). */
  value: z.number().nullable(),
  unit: z.string(),
  /** A headline figure of issue 9, or a raw reference printed next to one. */
  kind: z.enum(['figure', 'reference']),
  target: TargetSchema.optional(),
  note: z.string().optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const BenchResultSchema = z.object({
  bench: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
  durationMs: z.number(),
  figures: z.array(FigureSchema),
  warnings: z.array(z.string()),
});
export type BenchResult = z.infer<typeof BenchResultSchema>;

export const RunReportSchema = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  durationMs: z.number(),
  machine: z.object({
    platform: z.string(),
    arch: z.string(),
    cpus: z.number(),
    cpuModel: z.string(),
    memoryGb: z.number(),
    node: z.string(),
    rg: z.string().nullable(),
    git: z.string().nullable(),
  }),
  gitCommit: z.string().nullable(),
  benches: z.array(BenchResultSchema),
});
export type RunReport = z.infer<typeof RunReportSchema>;

export const figure = (name: string, value: number | null, unit: string, extra: Partial<Pick<Figure, 'target' | 'note'>> = {}): Figure => ({
  name,
  value,
  unit,
  kind: 'figure',
  ...extra,
});

export const reference = (name: string, value: number | null, unit: string, note?: string): Figure => ({
  name,
  value,
  unit,
  kind: 'reference',
  ...(note !== undefined ? { note } : {}),
});

export const atMost = (value: number, text: string): Target => ({ op: '<=', value, text });
export const below = (value: number, text: string): Target => ({ op: '<', value, text });
export const atLeast = (value: number, text: string): Target => ({ op: '>=', value, text });
export const exactly = (value: number, text: string): Target => ({ op: '==', value, text });

export function targetMet(f: Figure): boolean | undefined {
  if (!f.target || f.value === null) return undefined;
  const { op, value } = f.target;
  if (op === '<=') return f.value <= value;
  if (op === '<') return f.value < value;
  if (op === '>=') return f.value >= value;
  return f.value === value;
}

/** Numbers as printed: integers as is, others with 2 significant decimals (at least 3 digits shown). */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 0.01 ? 2 : 4;
  return value.toFixed(decimals);
}

/** `name: value unit`, or the note when the figure was not measured. */
export function formatFigure(f: Figure): string {
  if (f.value === null) return `${f.name}: ${f.note ?? 'not measured in this run'}`;
  return `${f.name}: ${formatValue(f.value)} ${f.unit}`;
}

/** The target lines printed after all figures (prefixed '#', so line parsers can skip them). */
export function formatTargets(benches: readonly BenchResult[]): string[] {
  const lines: string[] = [];
  for (const f of benches.flatMap((b) => b.figures)) {
    if (!f.target) continue;
    const met = targetMet(f);
    const verdict = met === undefined ? 'not measured' : met ? 'met' : 'MISSED';
    lines.push(`# ${f.name}: target ${f.target.text}: ${verdict}`);
  }
  return lines;
}

/** Writes <timestamp>.json and latest.json; returns the timestamped path. */
export function writeReport(dir: string, report: RunReport): string {
  const checked = RunReportSchema.parse(report);
  mkdirSync(dir, { recursive: true });
  const stamp = checked.startedAt.replace(/[:.]/g, '-');
  const file = join(dir, `${stamp}.json`);
  const text = `${JSON.stringify(checked, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, 'latest.json'), text);
  return file;
}
