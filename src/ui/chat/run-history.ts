import type { RunEvent } from '../../core/run/events';
import type { RunMeta } from '../../core/run/store';
import type { ChatEvent, RunSummary } from '../../webview/chat/chat-state';

/** What the history needs of the run store (RunStore satisfies it). */
export interface RunRecords {
  listRuns(): RunMeta[];
  readEvents(runId: string): { events: RunEvent[]; skipped: number };
  loadState(runId: string): unknown;
  folder(runId: string): string;
}

export const HISTORY_LIMIT = 30;

/** Earlier runs for the chat's history list, newest first. */
export function runHistory(records: RunRecords, limit = HISTORY_LIMIT): RunSummary[] {
  let runs: RunMeta[];
  try {
    runs = records.listRuns();
  } catch {
    return [];
  }
  return runs.slice(0, limit).map((meta) => summarizeRun(meta, meta.status === 'interrupted' && hasState(records, meta.runId)));
}

export function summarizeRun(meta: RunMeta, resumable: boolean): RunSummary {
  return {
    runId: meta.runId,
    title: meta.task.title,
    ref: meta.task.ref,
    status: meta.status,
    startedAt: meta.startedAt,
    ...(meta.finishedAt ? { finishedAt: meta.finishedAt } : {}),
    costUsd: meta.costUsd,
    ...(meta.stop ? { stopMessage: meta.stop.message } : {}),
    ...(resumable ? { resumable } : {}),
  };
}

/** A saved run as chat events: the view replays its record read-only. */
export function replayEvents(records: RunRecords, runId: string): ChatEvent[] {
  const { events, skipped } = records.readEvents(runId);
  const out: ChatEvent[] = [{ kind: 'reset' }, ...events.map((event): ChatEvent => ({ kind: 'run', event }))];
  if (events.length === 0) out.push({ kind: 'notice', level: 'warn', text: 'This run has no readable record.' });
  if (skipped > 0) out.push({ kind: 'notice', level: 'warn', text: `${skipped} damaged line(s) of the record were skipped.` });
  return out;
}

function hasState(records: RunRecords, runId: string): boolean {
  try {
    return records.loadState(runId) !== undefined;
  } catch {
    return false;
  }
}
