/**
 * Proposed edits as pure data. Nothing here writes to the user's files:
 * the ChangeSet is an overlay that tools write to and read through, and the
 * host applies approved hunks later.
 */

/** Who proposed a change and why: kept on every file change and every hunk. */
export interface Provenance {
  workerId: string;
  subtaskId?: string;
  role?: string;
  reason?: string;
}

export type FileChangeKind = 'create' | 'modify' | 'delete';

export interface FileChange {
  path: string;
  kind: FileChangeKind;
  /** Content on disk when first proposed (undefined for create). */
  baseContent: string | undefined;
  /** sha256 hex of the base bytes, '' for create. Apply compares it to what is on disk now. */
  baseHash: string;
  /** Proposed content (undefined for delete). */
  newContent: string | undefined;
  provenance: Provenance[];
}

export interface DiffLine {
  kind: 'context' | 'add' | 'remove';
  text: string;
  oldLine?: number;
  newLine?: number;
  /**
   * Intra-line highlights: [start, end) character ranges of `text` that differ
   * from the paired removed/added line. Absent when not computed (unpaired,
   * too long, or too different).
   */
  highlights?: Array<[start: number, end: number]>;
  /** True on a last line that has no line terminator ('\ No newline at end of file'). */
  noNewlineAtEnd?: boolean;
}

export interface Hunk {
  /** Stable for the same (path, base, change): sha of path + old range + content. */
  id: string;
  path: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
  provenance: Provenance[];
}

export interface FileDiff {
  path: string;
  kind: FileChangeKind;
  hunks: Hunk[];
  binary: boolean;
  /** True when the diff fell back to a whole-file replacement (too large or timed out). */
  wholeFile: boolean;
}

/**
 * What tools see: the workspace through the overlay. Reads return proposed
 * content where there is a proposal, else the disk.
 */
export interface WorkspaceView {
  readText(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /**
   * Paths with a pending proposal and what it does to them, so listings and
   * searches can show created files and hide deleted ones. Optional: a view
   * without it is treated as having no pending changes.
   */
  pendingPaths?(): PendingPath[];
}

/** A workspace-relative path with a pending proposal. */
export interface PendingPath {
  path: string;
  kind: FileChangeKind;
}

/** What edit tools write to. Paths are already validated workspace-relative paths. */
export interface ChangeSink {
  write(path: string, content: string, provenance: Provenance): Promise<void>;
  create(path: string, content: string, provenance: Provenance): Promise<void>;
  remove(path: string, provenance: Provenance): Promise<void>;
}
