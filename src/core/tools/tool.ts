import type { z } from 'zod';
import type { Provenance, WorkspaceView, ChangeSink } from '../changes/types';
import type { CommandRunner, FileSystem, Search } from '../workspace/ports';

/** Risk drives approval logic: data on the definition, not code paths. */
export type ToolRisk = 'read' | 'write' | 'execute' | 'control';

/** What a tool may ask of the user (through the host) before acting. */
export interface CommandApprovalRequest {
  command: string;
  cwd: string;
  /** Why the settings did not allow it outright. */
  reason: string;
}

export type CommandApproval =
  | { decision: 'run_once' }
  | { decision: 'always' }
  | { decision: 'deny'; reason?: string };

export interface ToolContext {
  /** Read-only disk view (honours .gitignore). */
  fs: FileSystem;
  /** Disk + pending proposals. */
  view: WorkspaceView;
  /** Where edits go: never the user's files. */
  changes: ChangeSink;
  search: Search;
  runner: CommandRunner;
  /**
   * Materialises the current proposals into the sandbox and returns its absolute
   * root; run_command runs there and never in the user's workspace.
   */
  sandbox: () => Promise<string>;
  /** Decides whether a command may run: allow/deny rules, then the user. */
  approveCommand: (request: CommandApprovalRequest) => Promise<CommandApproval>;
  provenance: Provenance;
  signal: AbortSignal;
  /** Live output of a running command (UI only). */
  onOutput?: (chunk: string) => void;
  /** Defaults for tools with limits. */
  limits: {
    commandTimeoutMs: number;
    maxOutputChars: number;
    readMaxLines: number;
  };
}

/** What a tool returns to the loop. `content` goes back to the model verbatim. */
export interface ToolOutput {
  content: string;
  isError?: boolean;
  /** Structured detail for events and UI cards (exit code, path, hunks...). */
  details?: Record<string, unknown>;
  /** finish/give_up end the loop; the loop decides what that means. */
  control?: { kind: 'finish'; summary: string } | { kind: 'give_up'; reason: string };
}

export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: Schema;
  risk: ToolRisk;
  run(input: z.infer<Schema>, ctx: ToolContext): Promise<ToolOutput>;
}

/** Helper for type inference at definition sites. */
export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool<Schema> {
  return tool;
}
