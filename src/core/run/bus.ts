import { randomUUID } from 'node:crypto';
import type { RunEvent, RunEventInput } from './events';

export type RunEventListener = (event: RunEvent) => void;

/** What producers of events hold: stamp and publish. */
export interface EventSink {
  emit(event: RunEventInput): RunEvent;
}

/**
 * Stamps events (id, runId, ts) and fans them out to listeners: the UI, the
 * audit log and the CLI all subscribe to the same bus. A listener that throws
 * is isolated: one broken consumer never stops a run.
 */
export class RunBus implements EventSink {
  private readonly listeners = new Set<RunEventListener>();
  private seq = 0;

  constructor(
    readonly runId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  emit(input: RunEventInput): RunEvent {
    const event = {
      ...input,
      id: input.id ?? `${this.runId.slice(0, 8)}-${++this.seq}`,
      runId: this.runId,
      ts: this.now().toISOString(),
    } as RunEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A consumer's failure must not break the run or the other consumers.
      }
    }
    return event;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A sink that tags every event with a worker id (and a default cause). */
export function workerSink(sink: EventSink, workerId: string, causeId?: string): EventSink {
  return {
    emit: (event) => sink.emit({ workerId, ...(causeId ? { causeId } : {}), ...event } as RunEventInput),
  };
}

export const newRunId = (): string => randomUUID();
