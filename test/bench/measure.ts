/**
 * Timing helpers: warm-up runs, several repetitions, the median. Benchmarks
 * compare medians measured side by side in one run, never against numbers
 * from another machine or another day.
 */
import { spawn, type SpawnOptions } from 'node:child_process';

export interface Samples {
  median: number;
  min: number;
  max: number;
  /** Every measured repetition, in ms (warm-ups excluded). */
  samples: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarise(samples: readonly number[]): Samples {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] };
}

export interface SampleOptions {
  warmup?: number;
  reps?: number;
  /** Runs before each repetition, untimed (e.g. invalidating a cache). */
  before?: () => unknown;
}

/** Times `fn` reps times after warm-up runs; returns the median and the samples, in ms. */
export async function sample(fn: () => unknown, options: SampleOptions = {}): Promise<Samples> {
  const { warmup = 1, reps = 5, before } = options;
  for (let i = 0; i < warmup; i++) {
    await before?.();
    await fn();
  }
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    await before?.();
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return summarise(times);
}

/**
 * Several measurements taken in rotation (a, b, c, a, b, c, ...) so that a
 * slow moment of the machine hits all of them alike, not one of them.
 */
export async function sampleInterleaved<K extends string>(
  fns: Record<K, () => unknown>,
  options: Omit<SampleOptions, 'before'> & { before?: (key: K) => unknown } = {},
): Promise<Record<K, Samples>> {
  const { warmup = 1, reps = 5, before } = options;
  const keys = Object.keys(fns) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let round = 0; round < warmup + reps; round++) {
    for (const key of keys) {
      await before?.(key);
      const started = performance.now();
      await fns[key]();
      const ms = performance.now() - started;
      if (round >= warmup) times[key].push(ms);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, summarise(times[k])])) as unknown as Record<K, Samples>;
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program to completion (no shell), collecting its output; resolves whatever the exit code. */
export function runProcess(command: string, args: readonly string[], options: SpawnOptions & { signal?: AbortSignal } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      });
    });
  });
}

/** Rounds for printing and JSON: ms to 0.1, ratios to 0.01. */
export const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};
