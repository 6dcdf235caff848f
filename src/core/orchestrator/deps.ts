import type { AgentOptions, AgentOutcome } from '../agent/types';
import type { Usage } from '../model/types';
import type { Tool } from '../tools/tool';

/**
 * What the orchestrator needs from the agent loop, the change set, the tools
 * and the sandbox, as structural types. The real implementations are wired
 * in default-deps.ts; tests may pass their own (a scripted agent, say).
 */

/**
 * The part of the agent loop's options (agent/types.ts) the orchestrator sets:
 * the seam a scripted agent in tests stands behind. Workers always pass a
 * plain tool list, so `tools` is narrowed to one.
 */
export type AgentRunOptions = Pick<
  AgentOptions,
  'model' | 'system' | 'task' | 'toolContext' | 'provenance' | 'limits' | 'budget' | 'verify' | 'events' | 'signal' | 'inbox' | 'cache'
> & { tools: Tool[] };

export type RunAgent = (options: AgentRunOptions) => Promise<AgentOutcome>;

export interface LayerConflict {
  path: string;
  workers: string[];
  message: string;
}

/** Scratch copies where commands run (src/core/sandbox); one per agent worker. */
export type { Sandbox, SandboxFactory } from '../sandbox/types';

export interface OrchestratorDeps {
  runAgent: RunAgent;
  /** Every tool, for code and test workers. */
  allTools: () => Tool[];
  /** Read, list and search only. */
  readOnlyTools: () => Tool[];
  price: (model: string, usage: Usage) => number | null;
}
