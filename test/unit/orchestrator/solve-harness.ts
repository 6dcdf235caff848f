import type { ModelRequest, ModelResponse } from '../../../src/core/model/types';
import type { AgentOutcome } from '../../../src/core/agent/types';
import type { AgentRunOptions, OrchestratorDeps } from '../../../src/core/orchestrator/deps';
import type { Plan, Subtask } from '../../../src/core/orchestrator/plan-schema';
import { solveIssue, type SolveOptions } from '../../../src/core/orchestrator/solve';
import { issueFromText } from '../../../src/core/issue/types';
import type { Stop } from '../../../src/core/run/events';
import { MemoryFileSystem } from '../../support/memory-fs';
import { ScriptedModel, recordingSink, reply, toolUse } from '../../support/scripted-model';

/**
 * A harness for solveIssue unit tests: a scripted model keyed on the system
 * prompt's first line, and a scripted agent loop (`agents[subtaskId]`) that
 * edits through the tool context like the real tools do.
 */

export const firstLine = (request: ModelRequest): string => request.system.split('\n', 1)[0] ?? '';

export type AgentScript = (options: AgentRunOptions, call: number) => Promise<Partial<AgentOutcome> & { stop: Stop }>;

export interface HarnessOptions {
  plan: (request: ModelRequest, index: number) => ModelResponse;
  synthesis?: (request: ModelRequest, index: number) => ModelResponse;
  worker?: (request: ModelRequest) => ModelResponse;
  agents?: Record<string, AgentScript>;
  files?: Record<string, string>;
  solve?: Partial<SolveOptions>;
  price?: OrchestratorDeps['price'];
}

export const planReply = (plan: Partial<Plan> & { subtasks: Subtask[] }): ModelResponse =>
  reply([toolUse('submit_plan', { analysis: 'a', strategy: 's', mode: 'orchestrated', acceptanceCriteria: ['it works'], ...plan })]);

export const synthesisReply = (extra: Record<string, unknown> = {}, met = true): ModelResponse =>
  reply([toolUse('submit_synthesis', { summary: 'done', criteria: [{ criterion: 'it works', met, evidence: 'tests pass' }], prTitle: 'Fix', prBody: 'Body', ...extra })]);

export function harness(options: HarnessOptions) {
  const fs = new MemoryFileSystem(options.files ?? { 'src/a.js': 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n' });
  const events = recordingSink();
  const calls: Record<string, number> = {};
  const agentSystems: string[] = [];
  const model = new ScriptedModel((request, index) => {
    const line = firstLine(request);
    calls[line] = (calls[line] ?? 0) + 1;
    if (line === 'Foreman planner') return options.plan(request, calls[line] - 1);
    if (line === 'Foreman synthesis') return (options.synthesis ?? (() => synthesisReply()))(request, calls[line] - 1);
    if (line.startsWith('Foreman worker:') && options.worker) return options.worker(request);
    return new Error(`unscripted call ${line} #${index}`);
  });
  const agentCalls: Record<string, number> = {};
  const runAgent = async (agent: AgentRunOptions): Promise<AgentOutcome> => {
    agentSystems.push(firstLine({ system: agent.system } as ModelRequest));
    const id = agent.provenance.subtaskId ?? '';
    agentCalls[id] = (agentCalls[id] ?? 0) + 1;
    const script = options.agents?.[id];
    const out = script ? await script(agent, agentCalls[id]) : { stop: { kind: 'done' as const, message: 'finished' }, summary: 'ok' };
    return { steps: 1, usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 }, costUsd: 0, messages: [], ...out };
  };
  const saved: unknown[] = [];
  const store = { saveState: (_id: string, state: unknown) => saved.push(structuredClone(state)) };
  const run = (extra: Partial<SolveOptions> = {}) =>
    solveIssue({
      runId: 'run-1',
      task: issueFromText('# Fix the bug\n\nsum is wrong'),
      workspace: {
        fs,
        search: { search: async () => ({ matches: [], omitted: 0, engine: 'js' }) },
        runner: { run: async () => { throw new Error('no commands in unit tests'); } },
        sandboxes: { create: async () => { throw new Error('no sandbox in unit tests'); } },
      },
      model,
      settings: {},
      approveCommand: async () => ({ decision: 'deny' }),
      events,
      store,
      signal: new AbortController().signal,
      deps: { runAgent, price: options.price ?? (() => 0.001) },
      ...options.solve,
      ...extra,
    });
  return { fs, events, model, calls, agentCalls, agentSystems, saved, run };
}

export const sub = (id: string, role: Subtask['role'], dependsOn?: string[], more: Partial<Subtask> = {}): Subtask => ({
  id,
  role,
  description: `do ${id}`,
  ...(dependsOn ? { dependsOn } : {}),
  ...more,
});
