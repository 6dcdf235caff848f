import type { ModelClient } from '../core/model/types';

/**
 * Pause for a run: the host holds the gate closed and every model call waits
 * at it before it starts (a call already streaming finishes first). The core
 * needs no notion of pausing: the model port is wrapped. Aborting the waiting
 * call's signal releases it with an abort error.
 */
export class PauseGate {
  private waiters: Array<() => void> = [];
  private closed = false;

  get paused(): boolean {
    return this.closed;
  }

  pause(): void {
    this.closed = true;
  }

  resume(): void {
    this.closed = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at once when open; otherwise when resumed, or rejects when the signal aborts. */
  wait(signal?: AbortSignal): Promise<void> {
    if (!this.closed) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }
}

/** A ModelClient whose calls wait at the gate first. */
export function pausableModel(inner: ModelClient, gate: PauseGate): ModelClient {
  return {
    get model() {
      return inner.model;
    },
    async send(request, options) {
      await gate.wait(options?.signal);
      return inner.send(request, options);
    },
  };
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled by user');
}
