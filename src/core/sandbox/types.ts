import type { FileChange } from '../changes/types';

/**
 * A scratch copy of the workspace where commands run and proposals are tried
 * before the user approves anything. Its `root` corresponds to the workspace
 * root: the same relative paths lead to the same files.
 */
export interface Sandbox {
  readonly root: string;
  /** 'worktree': a git worktree at HEAD plus the user's uncommitted work; 'copy': a plain copy. */
  readonly kind: 'worktree' | 'copy';
  /**
   * Makes the sandbox show exactly these proposals on top of its starting
   * state: writes creates and modifies, removes deletes, and restores files
   * that an earlier sync changed but that are no longer proposed.
   */
  sync(changes: readonly FileChange[], signal?: AbortSignal): Promise<void>;
  /** Removes the sandbox (and its git worktree registration). Idempotent. */
  dispose(): Promise<void>;
}

export interface SandboxFactory {
  create(runId: string, signal?: AbortSignal): Promise<Sandbox>;
}

export interface CreateSandboxOptions {
  workspaceRoot: string;
  /** Where sandboxes live; default `os.tmpdir()/foreman-sandboxes`. */
  baseDir?: string;
  runId: string;
  /** Aborting during creation removes what was made; aborting later disposes the sandbox. */
  signal?: AbortSignal;
  /** Ignored folders with these names are linked, not copied (default: HEAVY_DIR_NAMES). */
  heavyDirNames?: readonly string[];
  /** Other ignored folders with more entries than this are linked too (default 2000). */
  heavyEntryThreshold?: number;
}
