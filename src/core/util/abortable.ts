/**
 * Waits for `promise`, but stops waiting as soon as `signal` aborts: the
 * result then rejects with the signal's reason. The promise itself is not
 * cancelled (it may be shared, or be a question to the user); its late
 * result, or error, is dropped. Without a signal it is the promise itself.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      // The promise's own failure has nowhere to go now; it is not an unhandled rejection.
      promise.catch(() => undefined);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
