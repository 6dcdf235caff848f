import * as vscode from 'vscode';

/**
 * A notification with a Cancel button for a long step (fetching an issue,
 * preparing the sandbox). Cancel aborts the returned signal, which the step
 * must honour; an outer signal (the run's) aborts it too.
 */
export function withProgress<T>(title: string, outer: AbortSignal | undefined, step: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
      const controller = new AbortController();
      const onOuter = () => controller.abort(outer?.reason);
      if (outer?.aborted) controller.abort(outer.reason);
      outer?.addEventListener('abort', onOuter, { once: true });
      const sub = token.onCancellationRequested(() => controller.abort(new Error('cancelled by user')));
      try {
        return await step(controller.signal);
      } finally {
        sub.dispose();
        outer?.removeEventListener('abort', onOuter);
      }
    }),
  );
}
