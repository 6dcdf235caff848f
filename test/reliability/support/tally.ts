/**
 * The reliability tally. node's runner runs every test file in its own
 * process, so each file appends one JSON line per scenario to a folder shared
 * by the run (keyed by the runner's pid, the parent of every file's process)
 * and marks itself done in `after`; zz-summary.test.ts waits for the others
 * and prints the one summary line.
 *
 * Outcomes: survived (the promise held), lost (user data or a run record was
 * lost), escape (a read or write outside the workspace, or a command run
 * without approval), failed (the test failed for another reason: an
 * unreadable stop, a crash). A scenario reports lost/escape itself, from what
 * it measured on disk, before it asserts.
 */
import { after, test, type TestContext } from 'node:test';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export type Outcome = 'survived' | 'lost' | 'escape' | 'failed';

export interface TallyRecord {
  file: string;
  scenario: string;
  outcome: Outcome;
  note?: string;
}

/** The folder shared by every file of one runner invocation. */
export function tallyDir(runnerPid: number = process.ppid): string {
  return join(tmpdir(), `foreman-reliability-${runnerPid}`);
}

export interface Verdict {
  /** User data or a run record was lost: measured, not guessed. */
  lost(what: string): void;
  /** Something read or wrote outside the workspace, or ran without approval. */
  escape(what: string): void;
}

export interface ScenarioOptions {
  timeout?: number;
  /** A known bug: the test shows it; the suite does not fail on it, the tally still counts it. */
  todo?: string;
}

/** Declares the scenarios of one test file. */
export function reliabilityFile(filename: string) {
  const file = basename(filename).replace(/\.test\.ts$/, '');
  const dir = tallyDir();
  mkdirSync(dir, { recursive: true });
  const records = join(dir, `${file}.jsonl`);
  writeFileSync(records, '');
  rmSync(join(dir, `${file}.done`), { force: true });
  after(() => writeFileSync(join(dir, `${file}.done`), new Date().toISOString()));

  const record = (entry: TallyRecord) => appendFileSync(records, `${JSON.stringify(entry)}\n`);

  return {
    scenario(name: string, options: ScenarioOptions, body: (t: TestContext, verdict: Verdict) => Promise<void> | void): void {
      const testOptions = {
        ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
        ...(options.todo !== undefined ? { todo: options.todo } : {}),
      };
      test(name, testOptions, async (t) => {
        const flags: { lost: string[]; escape: string[] } = { lost: [], escape: [] };
        const verdict: Verdict = {
          lost: (what) => flags.lost.push(what),
          escape: (what) => flags.escape.push(what),
        };
        let failure: unknown;
        try {
          await body(t, verdict);
        } catch (error) {
          failure = error;
        }
        const outcome: Outcome = flags.escape.length > 0 ? 'escape' : flags.lost.length > 0 ? 'lost' : failure ? 'failed' : 'survived';
        const note = [...flags.escape, ...flags.lost, ...(failure instanceof Error ? [failure.message.split('\n')[0]!] : [])].join('; ');
        record({ file, scenario: name, outcome, ...(note ? { note } : {}) });
        if (failure) throw failure;
        if (outcome !== 'survived') throw new Error(`${outcome}: ${note}`);
      });
    },
  };
}
