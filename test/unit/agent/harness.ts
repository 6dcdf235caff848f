/** Small fakes for unit tests of the agent loop: in-memory files, scripted commands, simple tools. */
import { z } from 'zod';
import { defineTool, type Tool, type ToolContext } from '../../../src/core/tools/tool';
import type { CommandRequest, CommandResult } from '../../../src/core/workspace/ports';
import type { AgentOptions } from '../../../src/core/agent/types';
import type { ModelClient } from '../../../src/core/model/types';
import { recordingSink } from '../../support/scripted-model';

export function memoryTools(files: Map<string, string>, log: string[] = []): Tool[] {
  return [
    defineTool({
      name: 'read_file',
      description: 'Read a file',
      risk: 'read',
      input: z.object({ filePath: z.string(), delayMs: z.number().optional() }),
      async run(input, ctx) {
        log.push(`start read ${input.filePath}`);
        if (input.delayMs) await new Promise((r) => setTimeout(r, input.delayMs));
        log.push(`end read ${input.filePath}`);
        const content = files.get(input.filePath);
        if (content === undefined) return { content: `File not found: ${input.filePath}`, isError: true };
        void ctx;
        return { content };
      },
    }),
    defineTool({
      name: 'edit_file',
      description: 'Replace text',
      risk: 'write',
      input: z.object({ filePath: z.string(), oldText: z.string(), newText: z.string() }),
      async run(input) {
        log.push(`edit ${input.filePath}`);
        const content = files.get(input.filePath);
        if (content === undefined || !content.includes(input.oldText)) return { content: 'oldText not found', isError: true };
        files.set(input.filePath, content.replace(input.oldText, input.newText));
        return { content: `Edited ${input.filePath}` };
      },
    }),
    defineTool({
      name: 'run_command',
      description: 'Run a command',
      risk: 'execute',
      input: z.object({ command: z.string() }),
      async run(input, ctx) {
        const result = await ctx.runner.run({ command: input.command, cwd: await ctx.sandbox(), timeoutMs: 1000, signal: ctx.signal, onOutput: (c) => ctx.onOutput?.(c) });
        return { content: `exit ${result.exitCode}\n${result.stdout}${result.stderr}`, isError: result.exitCode !== 0, details: { exitCode: result.exitCode } };
      },
    }),
    defineTool({
      name: 'finish',
      description: 'Finish',
      risk: 'control',
      input: z.object({ summary: z.string() }),
      async run(input) {
        return { content: 'Finishing.', control: { kind: 'finish', summary: input.summary } };
      },
    }),
    defineTool({
      name: 'give_up',
      description: 'Give up',
      risk: 'control',
      input: z.object({ reason: z.string() }),
      async run(input) {
        return { content: 'Giving up.', control: { kind: 'give_up', reason: input.reason } };
      },
    }),
  ];
}

export type CommandScript = (request: CommandRequest) => Partial<CommandResult> | Promise<Partial<CommandResult>>;

export function fakeContext(commands: CommandScript = () => ({ exitCode: 0 }), ran: string[] = []): Omit<ToolContext, 'provenance' | 'signal'> {
  return {
    fs: {} as ToolContext['fs'],
    view: {} as ToolContext['view'],
    changes: {} as ToolContext['changes'],
    search: {} as ToolContext['search'],
    sandbox: async () => '/sandbox',
    approveCommand: async () => ({ decision: 'run_once' }),
    runner: {
      async run(request) {
        ran.push(request.command);
        const partial = await commands(request);
        return { exitCode: 0, signal: null, timedOut: false, cancelled: false, stdout: '', stderr: '', droppedBytes: 0, durationMs: 1, ...partial };
      },
    },
    limits: { commandTimeoutMs: 5000, maxOutputChars: 4000, readMaxLines: 500 },
  };
}

export function agentOptions(model: ModelClient, overrides: Partial<AgentOptions> = {}): AgentOptions & { sink: ReturnType<typeof recordingSink> } {
  const sink = recordingSink();
  const files = new Map([['src/a.js', 'export const add = (a, b) => a - b;\n']]);
  return {
    model,
    system: 'Foreman agent\n\nYou fix bugs.',
    task: '<issue>add() subtracts</issue>\n\n<task>Fix it.</task>',
    tools: memoryTools(files),
    toolContext: fakeContext(),
    provenance: { workerId: 'agent' },
    limits: { maxSteps: 20, maxMs: 10_000, maxOutputTokens: 1000, contextWindow: 200_000, compactAtShare: 0.8 },
    events: sink,
    signal: new AbortController().signal,
    sink,
    ...overrides,
  };
}
