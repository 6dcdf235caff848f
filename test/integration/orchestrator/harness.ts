import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicModelClient } from '../../../src/core/model/anthropic';
import type { Sandbox, SandboxFactory } from '../../../src/core/orchestrator/deps';
import { createSandboxFactory } from '../../../src/core/sandbox';
import { solveIssue, type SolveOptions } from '../../../src/core/orchestrator/solve';
import { issueFromText, type Issue } from '../../../src/core/issue/types';
import { RunBus } from '../../../src/core/run/bus';
import type { RunEvent } from '../../../src/core/run/events';
import { RunStore } from '../../../src/core/run/store';
import { NodeFileSystem } from '../../../src/core/workspace/node-fs';
import { NodeCommandRunner } from '../../../src/core/workspace/node-runner';
import type { CommandRequest, CommandResult, CommandRunner } from '../../../src/core/workspace/ports';
import { createSearch } from '../../../src/core/workspace/search-factory';
import { startFakeAnthropic, type FakeAnthropic, type FakeScript } from '../../support/fake-anthropic';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

/** A small JS project with an off-by-one bug and a failing `node --test` suite. */
export const BUGGY_REPO: Record<string, string> = {
  'package.json': '{ "name": "sums", "version": "1.0.0", "scripts": { "test": "node --test" } }\n',
  'src/sum.js': "function sum(values) {\n  let total = 1;\n  for (const v of values) total += v;\n  return total;\n}\n\nmodule.exports = { sum };\n",
  'src/mean.js': "const { sum } = require('./sum');\n\nfunction mean(values) {\n  return sum(values) / values.length;\n}\n\nmodule.exports = { mean };\n",
  'test/sum.test.js': "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum');\n\ntest('sum', () => {\n  assert.strictEqual(sum([1, 2, 3]), 6);\n});\n",
  'README.md': '# sums\n\nAdds numbers.\n',
};

export const FIXED_SUM = "function sum(values) {\n  let total = 0;\n  for (const v of values) total += v;\n  return total;\n}\n\nmodule.exports = { sum };\n";

/** Counts sandboxes made and disposed, to check none is left behind. */
export function trackSandboxes(inner: SandboxFactory): SandboxFactory & { created: number; disposed: number } {
  const tracker = {
    created: 0,
    disposed: 0,
    async create(runId: string, signal?: AbortSignal): Promise<Sandbox> {
      const sandbox = await inner.create(runId, signal);
      tracker.created++;
      return {
        root: sandbox.root,
        kind: sandbox.kind,
        sync: (files, s) => sandbox.sync(files, s),
        dispose: async () => {
          tracker.disposed++;
          await sandbox.dispose();
        },
      };
    },
  };
  return tracker;
}

/** Records every command that actually reached a process. */
export class RecordingRunner implements CommandRunner {
  readonly ran: string[] = [];
  private readonly inner = new NodeCommandRunner();
  run(request: CommandRequest): Promise<CommandResult> {
    this.ran.push(request.command);
    return this.inner.run(request);
  }
}

export interface Scenario {
  repo: TempRepo;
  fake: FakeAnthropic;
  bus: RunBus;
  events: RunEvent[];
  store: RunStore;
  runsDir: string;
  runner: RecordingRunner;
  sandboxes: ReturnType<typeof trackSandboxes>;
  solve(extra?: Partial<SolveOptions>): ReturnType<typeof solveIssue>;
  cleanup(): Promise<void>;
}

export async function scenario(script: FakeScript, options: { issue?: Issue; files?: Record<string, string>; runId?: string } = {}): Promise<Scenario> {
  const repo = createTempRepo({ files: options.files ?? BUGGY_REPO, git: true });
  const fake = await startFakeAnthropic({ script });
  const runId = options.runId ?? 'run-int-1';
  const bus = new RunBus(runId);
  const events: RunEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const runsDir = realpathSync(mkdtempSync(join(tmpdir(), 'foreman-runs-')));
  const store = new RunStore(runsDir);
  const issue = options.issue ?? issueFromText('# sum() is off by one\n\nsum([1,2,3]) returns 7, expected 6.');
  store.startRun({ runId, task: { ref: issue.ref, title: issue.title }, workspace: repo.root, model: 'claude-sonnet-4-6' });
  bus.subscribe(store.listener());
  const runner = new RecordingRunner();
  const sandboxBase = realpathSync(mkdtempSync(join(tmpdir(), 'foreman-sandboxes-')));
  const sandboxes = trackSandboxes(createSandboxFactory({ workspaceRoot: repo.root, baseDir: sandboxBase }));
  const model = createAnthropicModelClient({ apiKey: 'sk-test', baseURL: fake.url, model: 'claude-sonnet-4-6', maxRetries: 0 });
  const fs = new NodeFileSystem(repo.root);
  return {
    repo,
    fake,
    bus,
    events,
    store,
    runsDir,
    runner,
    sandboxes,
    solve: (extra = {}) =>
      solveIssue({
        runId,
        task: issue,
        workspace: { fs, search: createSearch({ root: repo.root }), runner, sandboxes },
        model,
        settings: { commandTimeoutMs: 30_000 },
        approveCommand: async () => ({ decision: 'deny', reason: 'tests deny what the policy asks about' }),
        events: bus,
        store,
        signal: new AbortController().signal,
        ...extra,
      }),
    cleanup: async () => {
      await fake.close();
      store.close();
      repo.cleanup();
      rmSync(runsDir, { recursive: true, force: true });
      rmSync(sandboxBase, { recursive: true, force: true });
    },
  };
}

/** Script helpers: the public format, keyed on the system prompt's first line and the turn. */
export const tool = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, name, input });
export const at = (system: string, turn: number, content: ReturnType<typeof tool>[], extra: Record<string, unknown> = {}) => ({
  match: { system: `^${system.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\n|$)`, turn },
  reply: { content },
  ...extra,
});
export const plan = (p: Record<string, unknown>) => tool('submit_plan', { analysis: 'sum starts at 1', strategy: 'fix sum', acceptanceCriteria: ['sum([1,2,3]) is 6', 'tests pass'], ...p });
export const synthesis = (extra: Record<string, unknown> = {}) =>
  tool('submit_synthesis', {
    summary: 'sum starts at 0 now',
    criteria: [
      { criterion: 'sum([1,2,3]) is 6', met: true, evidence: 'node --test passes' },
      { criterion: 'tests pass', met: true, evidence: 'node --test passes' },
    ],
    prTitle: 'Fix off-by-one in sum',
    prBody: 'sum() started at 1.',
    ...extra,
  });
