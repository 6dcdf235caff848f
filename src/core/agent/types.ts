import type { Message, ModelClient, ToolSpec, Usage } from '../model/types';
import type { Provenance } from '../changes/types';
import type { Tool, ToolContext, ToolOutput, ToolRisk } from '../tools/tool';
import type { Budget } from '../run/budget';
import type { EventSink } from '../run/bus';
import type { Stop } from '../run/events';

/**
 * What the loop needs of a tool registry. The tools' own registry
 * (`createToolRegistry`) fits it; a plain `Tool[]` is adapted by
 * `toolboxFromTools`.
 */
export interface AgentToolbox {
  specs(): ToolSpec[];
  /** Validates the raw input and runs the tool; a model mistake is an `isError` output, never a throw. */
  run(name: string, rawInput: unknown, ctx: ToolContext): Promise<ToolOutput>;
  /** The tool's risk: 'read' tools of one turn run in parallel. Unknown names: undefined. */
  riskOf(name: string): ToolRisk | undefined;
}

export interface AgentLimits {
  maxSteps: number;
  /** Wall clock for this agent, in milliseconds. */
  maxMs: number;
  maxTokens?: number;
  maxUsd?: number;
  /** max_tokens of each model call. */
  maxOutputTokens: number;
  /** The model's context window, in tokens. */
  contextWindow: number;
  /** Compaction starts when the estimated prompt passes this share of the window (0..1). */
  compactAtShare: number;
}

export interface AgentInbox {
  /** Messages the user sent since the last call; the loop delivers them at the next turn. */
  take(): string[];
}

export interface AgentOptions {
  model: ModelClient;
  /** Overrides the client's default model id. */
  modelId?: string;
  /** Starts with the speaker line: 'Foreman agent' or 'Foreman worker: <role> <id>' (see systemPrompt). */
  system: string;
  /** The first user message: the issue as delimited data plus the task. Kept verbatim (cache prefix). */
  task: string;
  tools: AgentToolbox | { specs(): ToolSpec[]; run: AgentToolbox['run']; get(name: string): { risk: ToolRisk } | undefined } | readonly Tool[];
  /** Built by the caller; the loop adds provenance, signal and live output. */
  toolContext: Omit<ToolContext, 'provenance' | 'signal'>;
  provenance: Provenance;
  limits: AgentLimits;
  /** The run's shared budget (or a worker's share of it). */
  budget?: Budget;
  /** A command that must exit 0 in the sandbox for `finish` to count. */
  verify?: string;
  events: EventSink;
  signal: AbortSignal;
  inbox?: AgentInbox;
  cache?: 'auto' | 'off';
  /** Loop-detector thresholds (defaults in loop-detector.ts). */
  loopDetection?: { maxRepeats?: number; window?: number; maxIdleTurns?: number };
  /** Turns kept intact by compaction (default 4). */
  keepRecentTurns?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface AgentOutcome {
  stop: Stop;
  /** The finish summary (done) or the give-up reason (gave_up). */
  summary?: string;
  /** Model calls of the agent's own turns (compaction calls not counted). */
  steps: number;
  /** All calls, compaction included. */
  usage: Usage;
  /** Dollars of all calls; null when the model's price is unknown. */
  costUsd: number | null;
  messages: Message[];
}
