import type { Provenance } from '../changes/types';
import type { Message, ModelClient, Usage } from '../model/types';
import type { EventSink } from '../run/bus';
import type { Budget } from '../run/budget';
import type { Stop } from '../run/events';
import type { Tool, ToolContext } from '../tools/tool';

/**
 * What the orchestrator needs from the agent loop, the change set, the tools
 * and the sandbox, as structural types. The real implementations are wired
 * in default-deps.ts; tests may pass their own (a scripted agent, say).
 */

export interface AgentLimits {
  maxSteps: number;
  maxMs: number;
  maxTokens?: number;
  maxUsd?: number;
  maxOutputTokens: number;
  contextWindow: number;
  compactAtShare: number;
}

/** The agent loop's options (src/core/agent/types.ts AgentOptions, the part the orchestrator uses). */
export interface AgentRunOptions {
  model: ModelClient;
  /** First line: 'Foreman agent' or 'Foreman worker: <role> <id>'. */
  system: string;
  /** The first user message. */
  task: string;
  tools: Tool[];
  /** The loop adds provenance and signal. */
  toolContext: Omit<ToolContext, 'provenance' | 'signal'>;
  provenance: Provenance;
  limits: AgentLimits;
  budget?: Budget;
  verify?: string;
  events: EventSink;
  signal: AbortSignal;
  inbox?: { take(): string[] };
  cache?: 'auto' | 'off';
}

export interface AgentRunOutcome {
  stop: Stop;
  summary?: string;
  steps: number;
  usage: Usage;
  costUsd: number | null;
  messages: Message[];
}

export type RunAgent = (options: AgentRunOptions) => Promise<AgentRunOutcome>;

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
