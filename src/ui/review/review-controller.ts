import type { FileChange, FileDiff } from '../../core/changes/types';
import type { ApplyResultView, ReviewModel } from '../../webview/review-protocol';
import type { ReviewSource } from '../review-source';
import { recordedOutcome } from './edit-list';
import { readOutcome } from './outcome-view';
import { buildReviewModel } from './review-model';
import { ReviewState, type FileSelection } from './review-state';

/**
 * The one review of the current run, shared by the panel, the inline review
 * and the commands: it follows the source's change set, owns the decisions
 * and runs apply and feedback. No vscode at runtime (the apply itself is
 * injected), so the flow unit-tests in Node with a fake source.
 */

/** What the controller needs of the change set (the core's ChangeSet satisfies it). */
export interface ReviewChanges {
  files(): readonly FileChange[];
  diffs(): FileDiff[];
  onDidChange?(listener: () => void): () => void;
}

export interface ApplyRequest {
  changes: readonly FileChange[];
  selection: FileSelection[];
  signal: AbortSignal;
}

export interface ReviewControllerOptions {
  /** The vscode side of apply (planApply + one WorkspaceEdit). */
  apply(request: ApplyRequest): Promise<ApplyResultView>;
  /** Change-set edits during a run arrive in bursts: coalesce them. */
  debounceMs?: number;
  log?(message: string): void;
}

export interface ReviewSnapshot {
  runId: string;
  revision: number;
  diffs: FileDiff[];
  changes: readonly FileChange[];
}

export class ReviewController {
  readonly state: ReviewState;
  private snapshotValue: ReviewSnapshot | undefined;
  private modelCache: ReviewModel | null | undefined;
  private applied: { revision: number; result: ApplyResultView } | undefined;
  private applying = false;
  private readonly modelListeners = new Set<() => void>();
  private readonly disposers: Array<() => void> = [];
  private unsubscribeChanges: (() => void) | undefined;
  private watched: unknown;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly source: ReviewSource,
    private readonly options: ReviewControllerOptions,
  ) {
    this.state = new ReviewState({
      onRecord: (r) => {
        if (r.decision !== null) {
          source.recordDecision({ path: r.path, ...(r.hunkId ? { hunkId: r.hunkId } : {}), decision: r.decision, ...(r.reason ? { reason: r.reason } : {}) });
        }
      },
    });
    const sub = source.onDidChange(() => this.refresh());
    this.disposers.push(() => sub.dispose());
    this.refresh();
  }

  /** The current change set as reviewed (diffs computed once per revision). */
  get snapshot(): ReviewSnapshot | undefined {
    return this.snapshotValue;
  }

  get lastApply(): { revision: number; result: ApplyResultView } | undefined {
    return this.applied;
  }

  get busy(): boolean {
    return this.applying;
  }

  /** Re-reads the source's change set now (also called on every source change). */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const current = this.source.current();
    this.watch(current?.changes);
    if (!current) {
      this.snapshotValue = undefined;
      this.state.setDiffs([]);
    } else {
      const changes: ReviewChanges = current.changes;
      const diffs = changes.diffs();
      this.state.setDiffs(diffs);
      this.snapshotValue = { runId: current.runId, revision: this.state.revision, diffs, changes: changes.files() };
    }
    this.modelCache = undefined;
    this.applied = undefined;
    for (const listener of this.modelListeners) listener();
  }

  model(): ReviewModel | null {
    if (this.modelCache !== undefined) return this.modelCache;
    const snap = this.snapshotValue;
    if (!snap) return (this.modelCache = null);
    const outcome = readOutcome(this.source.current()?.outcome);
    this.modelCache = buildReviewModel({ runId: snap.runId, revision: snap.revision, diffs: snap.diffs, changes: snap.changes, outcome });
    return this.modelCache;
  }

  diff(path: string): FileDiff | undefined {
    return this.snapshotValue?.diffs.find((d) => d.path === path);
  }

  change(path: string): FileChange | undefined {
    return this.snapshotValue?.changes.find((c) => c.path === path);
  }

  /** Fires when the change set (not just a decision) changed. */
  onDidChangeModel(listener: () => void): () => void {
    this.modelListeners.add(listener);
    return () => this.modelListeners.delete(listener);
  }

  /**
   * Applies the accepted hunks. Every file's apply outcome is recorded
   * (applied / merged / conflict); files with nothing accepted are left out.
   */
  async apply(signal: AbortSignal): Promise<ApplyResultView> {
    const snap = this.snapshotValue;
    if (!snap) return { ok: false, message: 'There is no change set to apply.', files: [] };
    if (this.applying) return { ok: false, message: 'An apply is already running.', files: [] };
    const selection = this.state.selection();
    if (!selection.some((s) => s.accepted.length > 0 || s.file === 'accept')) {
      return { ok: false, message: 'Nothing is accepted yet: accept hunks or files first.', files: [] };
    }
    this.applying = true;
    try {
      const result = await this.options.apply({ changes: snap.changes, selection, signal });
      if (result.ok) {
        for (const file of result.files) {
          const decision = recordedOutcome(file);
          if (decision) this.source.recordDecision({ path: file.path, decision, ...(file.message ? { reason: file.message } : {}) });
        }
      }
      this.applied = { revision: snap.revision, result };
      return result;
    } finally {
      this.applying = false;
    }
  }

  /** Sends the rejections that carry a reason back to the run; returns how many. */
  async sendFeedback(): Promise<number> {
    const items = this.state.feedback();
    if (items.length === 0) return 0;
    await this.source.sendFeedback(items);
    return items.length;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribeChanges?.();
    for (const d of this.disposers.splice(0)) d();
    this.modelListeners.clear();
  }

  /** Follows edits to the current change set (a running run keeps proposing). */
  private watch(changes: ReviewChanges | undefined): void {
    if (changes === this.watched) return;
    this.unsubscribeChanges?.();
    this.unsubscribeChanges = undefined;
    this.watched = changes;
    if (!changes?.onDidChange) return;
    this.unsubscribeChanges = changes.onDidChange(() => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.refresh(), this.options.debounceMs ?? 150);
    });
  }
}
