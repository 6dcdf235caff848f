/**
 * A ToolContext for tests, built from simple parts: the in-memory
 * FileSystem, the real ChangeSet overlay on top of it, a JS search over the
 * view, a scripted command runner and an auto-approving host. Everything a
 * tool does is recorded on the returned object so tests can assert on it.
 *
 * Path checks in tools go through workspace/paths.ts, which looks at the real
 * disk, so the workspace root is a real (empty) temp directory: by default one
 * per process, removed at exit.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeSet } from '../../src/core/changes/changeset';
import type { PendingPath, Provenance, WorkspaceView } from '../../src/core/changes/types';
import type { CommandApproval, CommandApprovalRequest, ToolContext } from '../../src/core/tools/tool';
import type {
  CommandRequest,
  CommandResult,
  CommandRunner,
  Search,
  SearchMatch,
  SearchQuery,
  SearchResult,
} from '../../src/core/workspace/ports';
import { MemoryFileSystem, globMatcher } from './memory-fs';

let sharedRoot: string | undefined;

/** An empty real directory that stands for the workspace root in path checks. */
export function emptyWorkspaceRoot(): string {
  if (!sharedRoot) {
    sharedRoot = realpathSync(mkdtempSync(join(tmpdir(), 'foreman-tools-')));
    const root = sharedRoot;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return sharedRoot;
}

export type RunnerScript = (request: CommandRequest) => Partial<CommandResult> | Promise<Partial<CommandResult>>;

/** A CommandRunner that records requests and answers from a script (default: exit 0, no output). */
export class FakeRunner implements CommandRunner {
  readonly requests: CommandRequest[] = [];

  constructor(private readonly script: RunnerScript = () => ({})) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    this.requests.push(request);
    const answer = await this.script(request);
    const result: CommandResult = {
      exitCode: 0,
      signal: null,
      timedOut: false,
      cancelled: false,
      stdout: '',
      stderr: '',
      droppedBytes: 0,
      durationMs: 5,
      ...answer,
    };
    if (result.stdout) request.onOutput?.(result.stdout, 'stdout');
    if (result.stderr) request.onOutput?.(result.stderr, 'stderr');
    return result;
  }
}

/** Literal/regex search over the in-memory FileSystem: like the real port, it sees the disk, not the overlay. */
export class MemorySearch implements Search {
  readonly queries: SearchQuery[] = [];

  constructor(private readonly fs: MemoryFileSystem) {}

  async search(query: SearchQuery): Promise<SearchResult> {
    this.queries.push(query);
    const flags = query.caseSensitive ? '' : 'i';
    const pattern = new RegExp(query.regex ? query.query : query.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags);
    const inScope = query.path ? globMatcher(`${query.path}/**`) : () => true;
    const types = query.fileTypes;
    const matches: SearchMatch[] = [];
    let omitted = 0;
    const max = query.maxResults ?? Infinity;
    for (const path of this.fs.paths()) {
      if (query.path && path !== query.path && !inScope(path)) continue;
      if (types && !types.some((t) => path.endsWith(`.${t}`))) continue;
      const text = this.fs.text(path) ?? '';
      text.split(/\r?\n/).forEach((line, i) => {
        const m = pattern.exec(line);
        if (!m) return;
        if (matches.length < max) matches.push({ path, line: i + 1, column: m.index + 1, text: line });
        else omitted++;
      });
    }
    return { matches, omitted, engine: 'js' };
  }
}

export interface TestToolContextOptions {
  /** Files on "disk" (workspace-relative path -> content). */
  files?: Record<string, string | Uint8Array>;
  /** Real directory used as the workspace root (default: a shared empty temp dir). */
  root?: string;
  /** What ctx.sandbox() returns (default: the root). Must be a real directory for run_command. */
  sandboxRoot?: string;
  runner?: CommandRunner;
  /** The host's answer to command approval (default: run once). */
  approve?: (request: CommandApprovalRequest) => CommandApproval | Promise<CommandApproval>;
  search?: Search;
  limits?: Partial<ToolContext['limits']>;
  signal?: AbortSignal;
  provenance?: Provenance;
}

export interface TestToolContext {
  ctx: ToolContext;
  fs: MemoryFileSystem;
  changes: ChangeSet;
  runner: CommandRunner;
  /** Every approval request the tools made. */
  approvals: CommandApprovalRequest[];
  /** Live output chunks passed to ctx.onOutput. */
  outputs: string[];
  /** How many times ctx.sandbox() was called. */
  sandboxCalls: () => number;
}

export const TEST_LIMITS: ToolContext['limits'] = { commandTimeoutMs: 60_000, maxOutputChars: 4_000, readMaxLines: 400 };

/** The ChangeSet's pending paths, from pendingPaths() when it has one, else from its files(). */
export function viewWithPending(changes: ChangeSet): WorkspaceView {
  const own = (changes as Partial<WorkspaceView>).pendingPaths;
  return {
    readText: (path) => changes.readText(path),
    exists: (path) => changes.exists(path),
    pendingPaths: (): PendingPath[] =>
      own ? own.call(changes) : changes.files().map(({ path, kind }) => ({ path, kind })),
  };
}

export function createTestToolContext(options: TestToolContextOptions = {}): TestToolContext {
  const root = options.root ?? emptyWorkspaceRoot();
  const fs = new MemoryFileSystem(options.files ?? {}, root);
  const changes = new ChangeSet(fs);
  const runner = options.runner ?? new FakeRunner();
  const approvals: CommandApprovalRequest[] = [];
  const outputs: string[] = [];
  let sandboxCalls = 0;
  const ctx: ToolContext = {
    fs,
    view: viewWithPending(changes),
    changes,
    search: options.search ?? new MemorySearch(fs),
    runner,
    sandbox: async () => {
      sandboxCalls++;
      return options.sandboxRoot ?? root;
    },
    approveCommand: async (request) => {
      approvals.push(request);
      return options.approve ? options.approve(request) : { decision: 'run_once' };
    },
    provenance: options.provenance ?? { workerId: 'test-worker', role: 'code' },
    signal: options.signal ?? new AbortController().signal,
    onOutput: (chunk) => outputs.push(chunk),
    limits: { ...TEST_LIMITS, ...options.limits },
  };
  return { ctx, fs, changes, runner, approvals, outputs, sandboxCalls: () => sandboxCalls };
}
