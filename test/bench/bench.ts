/** The shape of one benchmark: a name and a run that returns figures. */
import type { Figure } from './report';

export interface BenchContext {
  /** A fresh temp directory for this benchmark, removed after it. */
  tmp: string;
  /** The repository root (for dist/, test/e2e/artifacts/, ...). */
  repoRoot: string;
  /** Progress on stderr, so stdout stays figure lines. */
  log(message: string): void;
  /** A correctness problem in what was measured: printed loudly, never a failure. */
  warn(message: string): void;
  signal: AbortSignal;
}

export interface Benchmark {
  name: string;
  /** One line: what it measures, printed as a heading. */
  title: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}
