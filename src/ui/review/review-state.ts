import type { FileDiff } from '../../core/changes/types';
import type { DecisionEntry, DecisionsView, ReviewDecision } from '../../webview/review-protocol';

/**
 * The user's review decisions on one change set: per hunk and per file,
 * accept / reject / reject with a reason. Pure (no vscode) so the panel, the
 * inline review and the apply all share one state that unit-tests in Node.
 */

/** One decision as the run record stores it: who, when, what. */
export interface DecisionRecord {
  path: string;
  hunkId?: string;
  /** null: the user took a decision back. */
  decision: ReviewDecision | null;
  reason?: string;
  by: 'user';
  at: string;
}

/** Per file, what the user approved: the input of `planApply`'s selection. */
export interface FileSelection {
  path: string;
  /** Hunk ids the user accepted (exactly these are applied). */
  accepted: string[];
  rejected: string[];
  undecided: string[];
  /** The decision on the file as a whole (always set for files without hunks when decided). */
  file: ReviewDecision | 'mixed' | undefined;
}

export interface FeedbackItem {
  path: string;
  hunkId?: string;
  reason: string;
}

interface FileState {
  hunkIds: string[];
  hunks: Map<string, DecisionEntry>;
  /** For files without hunks, and to keep a file-level rejection reason. */
  file: DecisionEntry | undefined;
}

export interface ReviewStateOptions {
  now?: () => Date;
  /** Called for every decision the user takes (the run record's review_decision). */
  onRecord?: (record: DecisionRecord) => void;
}

export class ReviewState {
  private files = new Map<string, FileState>();
  private readonly listeners = new Set<() => void>();
  private readonly records: DecisionRecord[] = [];
  private rev = 0;
  private readonly now: () => Date;

  constructor(private readonly options: ReviewStateOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** Bumped on every new change set, so a click on a stale view is refused. */
  get revision(): number {
    return this.rev;
  }

  get log(): readonly DecisionRecord[] {
    return this.records;
  }

  /**
   * Takes a new change set. Decisions on hunks that still exist (hunk ids are
   * stable for the same content) are kept; decisions on vanished hunks go.
   */
  setDiffs(diffs: readonly FileDiff[]): void {
    const next = new Map<string, FileState>();
    for (const diff of diffs) {
      const previous = this.files.get(diff.path);
      const hunkIds = diff.hunks.map((h) => h.id);
      const hunks = new Map<string, DecisionEntry>();
      for (const id of hunkIds) {
        const kept = previous?.hunks.get(id);
        if (kept) hunks.set(id, kept);
      }
      // A file-level decision survives only where it cannot be stale: a file without hunks.
      const file = hunkIds.length === 0 ? previous?.file : undefined;
      next.set(diff.path, { hunkIds, hunks, file });
    }
    this.files = next;
    this.rev++;
    this.fire();
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  hunkIds(path: string): readonly string[] {
    return this.files.get(path)?.hunkIds ?? [];
  }

  decideHunk(path: string, hunkId: string, decision: ReviewDecision | null, reason?: string): boolean {
    const file = this.files.get(path);
    if (!file || !file.hunkIds.includes(hunkId)) return false;
    setEntry(file.hunks, hunkId, decision, reason);
    file.file = undefined;
    this.record({ path, hunkId, decision, reason });
    this.fire();
    return true;
  }

  /** Decides every hunk of a file at once (and the file itself when it has no hunks). */
  decideFile(path: string, decision: ReviewDecision | null, reason?: string): boolean {
    const file = this.files.get(path);
    if (!file) return false;
    this.applyToFile(file, decision, reason);
    this.record({ path, decision, reason });
    this.fire();
    return true;
  }

  decideAll(decision: ReviewDecision | null): void {
    for (const [path, file] of this.files) {
      this.applyToFile(file, decision, undefined);
      this.record({ path, decision });
    }
    this.fire();
  }

  hunkDecision(path: string, hunkId: string): DecisionEntry | undefined {
    return this.files.get(path)?.hunks.get(hunkId);
  }

  /** The file's decision: the same for all hunks, 'mixed', or undefined when any is undecided. */
  fileDecision(path: string): ReviewDecision | 'mixed' | undefined {
    const file = this.files.get(path);
    if (!file) return undefined;
    if (file.hunkIds.length === 0) return file.file?.decision;
    const decisions = file.hunkIds.map((id) => file.hunks.get(id)?.decision);
    if (decisions.every((d) => d === 'accept')) return 'accept';
    if (decisions.every((d) => d === 'reject')) return 'reject';
    if (decisions.some((d) => d === undefined)) return undefined;
    return 'mixed';
  }

  selection(): FileSelection[] {
    return [...this.files].map(([path, file]) => {
      const accepted: string[] = [];
      const rejected: string[] = [];
      const undecided: string[] = [];
      for (const id of file.hunkIds) {
        const d = file.hunks.get(id)?.decision;
        (d === 'accept' ? accepted : d === 'reject' ? rejected : undecided).push(id);
      }
      return { path, accepted, rejected, undecided, file: this.fileDecision(path) };
    });
  }

  /** Rejections that carry a reason: what "send rejections back to the run" sends. */
  feedback(): FeedbackItem[] {
    const items: FeedbackItem[] = [];
    for (const [path, file] of this.files) {
      if (file.file?.decision === 'reject' && file.file.reason) items.push({ path, reason: file.file.reason });
      for (const id of file.hunkIds) {
        const entry = file.hunks.get(id);
        if (entry?.decision === 'reject' && entry.reason) items.push({ path, hunkId: id, reason: entry.reason });
      }
    }
    return items;
  }

  counts(): DecisionsView['counts'] {
    let hunks = 0;
    let accepted = 0;
    let rejected = 0;
    for (const [, file] of this.files) {
      // A file without hunks counts as one reviewable unit.
      const units = file.hunkIds.length === 0 ? [file.file?.decision] : file.hunkIds.map((id) => file.hunks.get(id)?.decision);
      for (const d of units) {
        hunks++;
        if (d === 'accept') accepted++;
        else if (d === 'reject') rejected++;
      }
    }
    return { hunks, accepted, rejected, undecided: hunks - accepted - rejected, withReason: this.feedback().length };
  }

  view(): DecisionsView {
    const hunks: DecisionsView['hunks'] = {};
    const files: DecisionsView['files'] = {};
    for (const [path, file] of this.files) {
      if (file.hunks.size > 0) hunks[path] = Object.fromEntries(file.hunks);
      if (file.file) files[path] = file.file;
    }
    return { hunks, files, counts: this.counts() };
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private applyToFile(file: FileState, decision: ReviewDecision | null, reason: string | undefined): void {
    for (const id of file.hunkIds) setEntry(file.hunks, id, decision, undefined);
    file.file = decision === null ? undefined : { decision, ...(reason ? { reason } : {}) };
  }

  private record(what: Omit<DecisionRecord, 'by' | 'at'>): void {
    const record: DecisionRecord = {
      path: what.path,
      ...(what.hunkId ? { hunkId: what.hunkId } : {}),
      decision: what.decision,
      ...(what.reason ? { reason: what.reason } : {}),
      by: 'user',
      at: this.now().toISOString(),
    };
    this.records.push(record);
    try {
      this.options.onRecord?.(record);
    } catch {
      // Recording must never break the review.
    }
  }

  private fire(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // One broken view must not stop the others.
      }
    }
  }
}

function setEntry(map: Map<string, DecisionEntry>, id: string, decision: ReviewDecision | null, reason: string | undefined): void {
  if (decision === null) map.delete(id);
  else map.set(id, { decision, ...(reason && decision === 'reject' ? { reason } : {}) });
}
