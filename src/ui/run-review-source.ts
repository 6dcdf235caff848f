import type * as vscode from 'vscode';
import type { ChangeSet } from '../core/changes/changeset';
import type { RunController } from './run-controller';
import type { ReviewSource, RunOutcome } from './review-source';

export type FeedbackItem = { path: string; hunkId?: string; reason: string };

/** The text the agent gets for review rejections (a follow-up, or the task of a revision run). */
export function feedbackText(items: readonly FeedbackItem[]): string {
  const lines = items.map((i) => `- ${i.path}${i.hunkId ? ` (hunk ${i.hunkId})` : ''}: ${i.reason.trim() || 'rejected'}`);
  return `The user reviewed your proposed changes and rejected these parts. Revise them accordingly:\n${lines.join('\n')}`;
}

/**
 * ReviewSource on the run controller (no vscode runtime import: unit-tested
 * in Node). Feedback during a run is a follow-up for the agent; after the
 * run, `revise` starts a revision run with the original task and the feedback.
 */
export function createReviewSource(
  controller: RunController<ChangeSet, RunOutcome>,
  revise: (feedback: string) => Promise<void>,
): ReviewSource {
  return {
    current() {
      const run = controller.current;
      if (!run?.result || !run.finished) return undefined;
      return { runId: run.runId, changes: run.result.changes, ...(run.result.outcome !== undefined ? { outcome: run.result.outcome } : {}) };
    },
    onDidChange(listener) {
      const sub = controller.onDidChange(listener);
      return { dispose: () => sub.dispose() } as vscode.Disposable;
    },
    recordDecision(e) {
      controller.current?.events.emit({
        type: 'review_decision',
        path: e.path,
        decision: e.decision,
        by: 'user',
        ...(e.hunkId ? { hunkId: e.hunkId } : {}),
        ...(e.reason ? { reason: e.reason } : {}),
      });
    },
    async sendFeedback(items) {
      if (items.length === 0) return;
      const text = feedbackText(items);
      if (controller.active) {
        controller.followUp(text);
        return;
      }
      await revise(text);
    },
  };
}
