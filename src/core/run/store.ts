/**
 * The run record on disk, outside the workspace. One folder per run:
 * - events.jsonl: every non-live event, validated and redacted, one line
 *   each, written with a synchronous append so a crash loses at most the
 *   line being written;
 * - state.json: the orchestrator's durable state (opaque here), replaced
 *   atomically (write to a temp file, then rename);
 * - meta.json: task, status, start/finish, cost; also replaced atomically.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { LIVE_ONLY_EVENTS, RunEventSchema, StopSchema, UsageSchema, type RunEvent, type Stop } from './events';
import { Redactor } from './redact';
import type { Usage } from '../model/types';

export const RunStatusSchema = z.enum(['running', 'finished', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

export const RunMetaSchema = z.object({
  runId: z.string(),
  task: z.object({ ref: z.string(), title: z.string() }),
  workspace: z.string(),
  model: z.string().optional(),
  status: RunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  stop: StopSchema.optional(),
  usage: UsageSchema.optional(),
  costUsd: z.number().nullable(),
  /** The process that ran it, to tell a live run from one whose process died. */
  pid: z.number().optional(),
  /** Host name of that process: a pid means nothing on another machine. */
  host: z.string().optional(),
});
export type RunMeta = z.infer<typeof RunMetaSchema>;

export interface NewRun {
  runId: string;
  task: { ref: string; title: string };
  workspace: string;
  model?: string;
}

export interface RunEnd {
  stop: Stop;
  usage: Usage;
  costUsd: number | null;
}

export interface ReadEventsResult {
  events: RunEvent[];
  /** Lines that did not parse (a torn last line after a crash, or damage). */
  skipped: number;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `$XDG_DATA_HOME/foreman/runs`, else `~/.local/share/foreman/runs`. */
export function defaultRunsDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const base = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(base, 'foreman', 'runs');
}

export class RunStore {
  private readonly open = new Map<string, number>();

  constructor(
    readonly dir: string,
    private readonly redactor: Redactor = new Redactor(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  startRun(run: NewRun): RunMeta {
    const folder = this.folder(run.runId);
    fs.mkdirSync(folder, { recursive: true });
    const meta: RunMeta = {
      ...this.redactor.redactValue(run),
      status: 'running',
      startedAt: this.now().toISOString(),
      costUsd: 0,
      pid: process.pid,
      host: os.hostname(),
    };
    this.writeAtomic(path.join(folder, 'meta.json'), JSON.stringify(meta, null, 2));
    this.open.set(run.runId, fs.openSync(path.join(folder, 'events.jsonl'), 'a'));
    return meta;
  }

  /** Appends one event (live-only events are skipped). Throws if it is not a valid RunEvent. */
  append(event: RunEvent): void {
    if (LIVE_ONLY_EVENTS.has(event.type)) return;
    const parsed = RunEventSchema.safeParse(this.redactor.redactValue(event));
    // An event that fails its schema is a bug upstream; the bus swallows listener
    // errors, so record that it happened rather than leave a silent gap.
    const valid: RunEvent = parsed.success
      ? parsed.data
      : {
          type: 'log',
          level: 'error',
          message: `an invalid ${String((event as { type?: unknown }).type)} event was not recorded: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
          id: String(event.id ?? 'invalid'),
          runId: event.runId,
          ts: typeof event.ts === 'string' ? event.ts : this.now().toISOString(),
        };
    let fd = this.open.get(valid.runId);
    if (fd === undefined) {
      fd = fs.openSync(path.join(this.folder(valid.runId), 'events.jsonl'), 'a');
      this.open.set(valid.runId, fd);
    }
    fs.writeSync(fd, `${JSON.stringify(valid)}\n`);
  }

  /** A bus listener that records a run's events. */
  listener(): (event: RunEvent) => void {
    return (event) => this.append(event);
  }

  finishRun(runId: string, end: RunEnd): RunMeta {
    const meta = this.readMeta(runId);
    const next: RunMeta = {
      ...meta,
      status: 'finished',
      finishedAt: this.now().toISOString(),
      stop: this.redactor.redactValue(end.stop),
      usage: end.usage,
      costUsd: end.costUsd,
    };
    this.writeAtomic(path.join(this.folder(runId), 'meta.json'), JSON.stringify(next, null, 2));
    this.close(runId);
    return next;
  }

  saveState(runId: string, state: unknown): void {
    this.writeAtomic(path.join(this.folder(runId), 'state.json'), JSON.stringify(this.redactor.redactValue(state)));
  }

  loadState(runId: string): unknown {
    const file = path.join(this.folder(runId), 'state.json');
    if (!fs.existsSync(file)) return undefined;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  }

  readMeta(runId: string): RunMeta {
    return RunMetaSchema.parse(JSON.parse(fs.readFileSync(path.join(this.folder(runId), 'meta.json'), 'utf8')));
  }

  /** Every readable run, newest first. Folders without a valid meta.json are skipped. */
  listRuns(): RunMeta[] {
    if (!fs.existsSync(this.dir)) return [];
    const runs: RunMeta[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      if (!RUN_ID.test(name)) continue;
      try {
        runs.push(this.readMeta(name));
      } catch {
        // A half-created run folder: not listed.
      }
    }
    return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  readEvents(runId: string): ReadEventsResult {
    const file = path.join(this.folder(runId), 'events.jsonl');
    if (!fs.existsSync(file)) return { events: [], skipped: 0 };
    const events: RunEvent[] = [];
    let skipped = 0;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        events.push(RunEventSchema.parse(JSON.parse(line)));
      } catch {
        skipped++;
      }
    }
    return { events, skipped };
  }

  /**
   * Marks runs still 'running' whose process is gone (crash, kill, reload) as
   * 'interrupted', so they can be resumed or discarded. Returns their ids.
   */
  markInterrupted(isAlive: (pid: number) => boolean = processAlive): string[] {
    const marked: string[] = [];
    for (const meta of this.listRuns()) {
      if (meta.status !== 'running') continue;
      if (this.open.has(meta.runId)) continue; // ours, still going
      const sameHost = meta.host === undefined || meta.host === os.hostname();
      if (sameHost && meta.pid !== undefined && isAlive(meta.pid)) continue;
      const next: RunMeta = { ...meta, status: 'interrupted', finishedAt: this.now().toISOString() };
      this.writeAtomic(path.join(this.folder(meta.runId), 'meta.json'), JSON.stringify(next, null, 2));
      marked.push(meta.runId);
    }
    return marked;
  }

  /** Closes open files; the store can be reopened later. */
  close(runId?: string): void {
    for (const [id, fd] of this.open) {
      if (runId !== undefined && id !== runId) continue;
      fs.closeSync(fd);
      this.open.delete(id);
    }
  }

  folder(runId: string): string {
    if (!RUN_ID.test(runId)) throw new Error(`invalid run id: ${JSON.stringify(runId)}`);
    return path.join(this.dir, runId);
  }

  private writeAtomic(file: string, text: string): void {
    const tmp = `${file}.${randomUUID().slice(0, 8)}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
