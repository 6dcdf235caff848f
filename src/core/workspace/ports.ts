/**
 * Ports through which core reaches the workspace. The host (Node for the CLI
 * and tests, VS Code in the extension) implements them. All paths crossing
 * these ports are workspace-relative with forward slashes ('src/a.ts'); the
 * root itself is ''. Implementations refuse anything outside the root or
 * inside `.git/` with a WorkspacePathError.
 */

export interface FileStat {
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mtimeMs: number;
}

export interface ListEntry {
  /** Workspace-relative path, forward slashes. */
  path: string;
  type: 'file' | 'directory';
}

export interface ListOptions {
  recursive?: boolean;
  /** Glob on the relative path, e.g. '**\/*.ts'. */
  pattern?: string;
  /** At most this many entries; the rest are counted in `omitted`. */
  limit?: number;
  signal?: AbortSignal;
}

export interface ListResult {
  entries: ListEntry[];
  /** Entries that matched but were cut by the limit. */
  omitted: number;
}

/** Read-only view of the user's files on disk. Honours .gitignore; never lists .git/. */
export interface FileSystem {
  /** Absolute path of the workspace root. */
  readonly root: string;
  /** Bytes of a file; throws FileNotFoundError when absent. */
  readFile(path: string): Promise<Uint8Array>;
  stat(path: string): Promise<FileStat | undefined>;
  list(path: string, options?: ListOptions): Promise<ListResult>;
}

export interface SearchQuery {
  query: string;
  regex?: boolean;
  caseSensitive?: boolean;
  /** File extensions or rg type names: ['ts', 'md']. */
  fileTypes?: string[];
  /** Sub-folder (workspace-relative) to search in. */
  path?: string;
  maxResults?: number;
  signal?: AbortSignal;
}

export interface SearchMatch {
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** Matches found beyond maxResults (a lower bound when the engine stopped early). */
  omitted: number;
  engine: 'ripgrep' | 'js';
  /** True when the engine stopped before searching everything (omitted is then a lower bound). */
  stoppedEarly?: boolean;
}

export interface Search {
  search(query: SearchQuery): Promise<SearchResult>;
}

export interface CommandRequest {
  command: string;
  /** Absolute directory to run in (the sandbox). */
  cwd: string;
  /**
   * Absolute root of the sandbox the command belongs to. A confining runner
   * makes it the only writable tree (besides a private /tmp); unset means the
   * command is not a sandbox command and runs as the inner runner would.
   */
  sandboxRoot?: string;
  timeoutMs: number;
  /** Bytes of stdout and of stderr kept (the tail); the rest is counted. */
  maxOutputBytes?: number;
  /** Extra variables; the inherited environment is scrubbed of secrets first. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  stdout: string;
  stderr: string;
  /** Bytes dropped from the head of stdout/stderr to respect maxOutputBytes. */
  droppedBytes: number;
  durationMs: number;
  /** A line for the reader about how commands run (e.g. "(not confined: bubblewrap not found)"); given once per runner. */
  notice?: string;
}

export interface CommandRunner {
  run(request: CommandRequest): Promise<CommandResult>;
}

export class WorkspacePathError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'WorkspacePathError';
  }
}

export class FileNotFoundError extends Error {
  constructor(readonly path: string) {
    super(`File not found: ${path}`);
    this.name = 'FileNotFoundError';
  }
}
