import type * as vscode from 'vscode';
import type { ChangeSet } from '../core/changes/changeset';
import type { RunOutcome } from '../core/orchestrator/solve';

/**
 * What the review (src/ui/review/) reads from the run: the finished run's
 * change set and outcome, a change signal, and two ways back into the run:
 * decisions go to the run record, rejections with reasons go to the agent.
 */
export interface ReviewSource {
  current(): { runId: string; changes: ChangeSet; outcome?: RunOutcome } | undefined;
  onDidChange(listener: () => void): vscode.Disposable;
  recordDecision(e: { path: string; hunkId?: string; decision: 'accept' | 'reject' | 'applied' | 'conflict' | 'merged'; reason?: string }): void;
  sendFeedback(items: Array<{ path: string; hunkId?: string; reason: string }>): Promise<void>;
}

export type { RunOutcome };
