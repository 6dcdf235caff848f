/**
 * What the reliability scenarios share: a real temp git repo, a hash of the
 * whole tree (`.git` included), an agent run through the real SDK with a run
 * record on disk, and the checks that the record and the change set survived.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runAgent } from '../../../src/core/agent/loop';
import { agentSystemPrompt, DEFAULT_AGENT_TASK, taskMessage } from '../../../src/core/agent/prompt';
import type { AgentOptions, AgentOutcome } from '../../../src/core/agent/types';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { renderIssueForPrompt } from '../../../src/core/issue/prompt';
import { issueFromText } from '../../../src/core/issue/types';
import { createAnthropicModelClient, type AnthropicModelClientOptions } from '../../../src/core/model/anthropic';
import { createCommandApprover } from '../../../src/core/orchestrator/command-approval';
import { DEFAULT_ALLOW } from '../../../src/core/policy/default-rules';
import { RunBus } from '../../../src/core/run/bus';
import { RunEventSchema, type RunEvent, type Stop } from '../../../src/core/run/events';
import { RunStore, type RunMeta } from '../../../src/core/run/store';
import { createSandboxFactory, type Sandbox } from '../../../src/core/sandbox';
import { defaultTools } from '../../../src/core/tools/default-tools';
import type { CommandApproval, CommandApprovalRequest } from '../../../src/core/tools/tool';
import { NodeFileSystem } from '../../../src/core/workspace/node-fs';
import { ConfinedCommandRunner } from '../../../src/core/workspace/confined-runner';
import { NodeCommandRunner } from '../../../src/core/workspace/node-runner';
import type { CommandRequest, CommandResult, CommandRunner } from '../../../src/core/workspace/ports';
import { createSearch } from '../../../src/core/workspace/search-factory';
import { startFakeAnthropic, type FakeScript } from '../../support/fake-anthropic';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

// A child `node --test` inside a sandbox must really run its tests.
delete process.env.NODE_TEST_CONTEXT;

export const SMALL_REPO: Record<string, string> = {
  'package.json': '{ "name": "sums", "version": "1.0.0", "scripts": { "test": "node --test" } }\n',
  'src/sum.js': 'function sum(values) {\n  let total = 1;\n  for (const v of values) total += v;\n  return total;\n}\n\nmodule.exports = { sum };\n',
  'test/sum.test.js':
    "const test = require('node:test');\nconst assert = require('node:assert');\nconst { sum } = require('../src/sum');\n\ntest('sum', () => {\n  assert.strictEqual(sum([1, 2, 3]), 6);\n});\n",
  'README.md': '# sums\n\nAdds numbers.\n',
};

export const smallRepo = (files: Record<string, string> = SMALL_REPO): TempRepo =>
  createTempRepo({ files, git: true, prefix: 'foreman-rel-repo-' });

/** A fresh real temp folder; the caller removes it. */
export const tempDir = (prefix: string): string => realpathSync(mkdtempSync(join(tmpdir(), prefix)));

/**
 * sha256 over every entry under root, `.git` included (names, file bytes,
 * symlink targets, directories), so "byte-identical" covers refs, index and
 * objects as well as the working files. `skip` names relative paths left out.
 */
export function fullTreeHash(root: string, skip: (rel: string) => boolean = () => false): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const rel = relative(root, abs);
      if (skip(rel)) continue;
      const info = lstatSync(abs);
      if (info.isSymbolicLink()) hash.update(`L ${rel}\0${readlinkSync(abs)}\0`);
      else if (info.isDirectory()) {
        hash.update(`D ${rel}\0`);
        walk(abs);
      } else if (info.isFile()) hash.update(`F ${rel}\0`).update(readFileSync(abs));
      else hash.update(`O ${rel}\0${info.mode}\0`); // FIFOs, sockets, devices: never read
    }
  };
  walk(root);
  return hash.digest('hex');
}

/** Records every command that actually reached a process; runs it as the CLI and the extension do (confined where bubblewrap works). */
export class RecordingRunner implements CommandRunner {
  readonly ran: string[] = [];
  private readonly inner = new ConfinedCommandRunner(new NodeCommandRunner());
  run(request: CommandRequest): Promise<CommandResult> {
    this.ran.push(request.command);
    return this.inner.run(request);
  }
}

export interface RecordCheck {
  events: RunEvent[];
  meta: RunMeta;
  /** Problems found; empty when the record is whole and coherent. */
  problems: string[];
}

/** Every line parses as a RunEvent, the last is run_finished with the meta's stop, and the meta says finished. */
export function checkRecord(store: RunStore, runId: string): RecordCheck {
  const problems: string[] = [];
  const text = readFileSync(join(store.folder(runId), 'events.jsonl'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const events: RunEvent[] = [];
  lines.forEach((line, i) => {
    try {
      events.push(RunEventSchema.parse(JSON.parse(line)));
    } catch (error) {
      problems.push(`line ${i + 1} of events.jsonl does not parse: ${(error as Error).message.slice(0, 120)}`);
    }
  });
  if (!text.endsWith('\n')) problems.push('events.jsonl ends in a torn line');
  const last = events.at(-1);
  if (last?.type !== 'run_finished') problems.push(`the last event is ${last?.type ?? 'missing'}, not run_finished`);
  if (events[0]?.type !== 'run_started') problems.push(`the first event is ${events[0]?.type ?? 'missing'}, not run_started`);
  let meta: RunMeta;
  try {
    meta = store.readMeta(runId);
  } catch (error) {
    problems.push(`meta.json unreadable: ${(error as Error).message}`);
    meta = { runId, task: { ref: '', title: '' }, workspace: '', status: 'running', startedAt: '', costUsd: null };
  }
  if (meta.status !== 'finished') problems.push(`meta status is ${meta.status}`);
  if (last?.type === 'run_finished' && meta.stop && last.stop.kind !== meta.stop.kind) problems.push('meta stop differs from run_finished');
  return { events, meta, problems };
}

export interface AgentRun {
  outcome: AgentOutcome;
  changes: ChangeSet;
  record: RecordCheck;
  runner: RecordingRunner;
  approvals: CommandApprovalRequest[];
  repo: TempRepo;
}

export interface AgentRunSetup {
  repo: TempRepo;
  /** A script for the fake, or the URL of a server the test runs itself. */
  script?: FakeScript;
  baseURL?: string;
  issue?: string;
  client?: Partial<AnthropicModelClientOptions>;
  limits?: Partial<AgentOptions['limits']>;
  /** The user's answer when the policy asks (default: deny). */
  ask?: (request: CommandApprovalRequest) => Promise<CommandApproval>;
  allow?: string[];
  /** Sees every event as the bus publishes it (before the store redacts): what the chat view receives. */
  onEvent?: (event: RunEvent) => void;
}

let runs = 0;

/** One agent run on the repo, recorded to a temp runs dir (removed after the checks). */
export async function agentRun(setup: AgentRunSetup): Promise<AgentRun> {
  const fake = setup.script ? await startFakeAnthropic({ script: setup.script }) : undefined;
  const baseURL = fake?.url ?? setup.baseURL;
  if (!baseURL) throw new Error('agentRun needs a script or a baseURL');
  const runsDir = tempDir('foreman-rel-runs-');
  const sandboxBase = tempDir('foreman-rel-sandboxes-');
  const runId = `rel-${process.pid}-${++runs}`;
  const store = new RunStore(runsDir);
  const bus = new RunBus(runId);
  store.startRun({ runId, task: { ref: 'text', title: 'reliability' }, workspace: setup.repo.root });
  bus.subscribe(store.listener());
  if (setup.onEvent) bus.subscribe(setup.onEvent);
  const fs = new NodeFileSystem(setup.repo.root);
  const changes = new ChangeSet(fs);
  const runner = new RecordingRunner();
  const approvals: CommandApprovalRequest[] = [];
  const factory = createSandboxFactory({ workspaceRoot: setup.repo.root, baseDir: sandboxBase });
  let sandbox: Promise<Sandbox> | undefined;
  const controller = new AbortController();
  try {
    const model = createAnthropicModelClient({
      apiKey: 'sk-ant-reliability-test-key',
      baseURL,
      model: 'claude-sonnet-4-6',
      maxRetries: 2,
      retryPolicy: { initialDelayMs: 20, maxDelayMs: 100 },
      ...setup.client,
    });
    const issue = issueFromText(setup.issue ?? '# sum() is off by one\n\nsum([1,2,3]) returns 7.');
    bus.emit({ type: 'run_started', task: { ref: issue.ref, title: issue.title }, workspace: setup.repo.root, model: model.model, budgets: {} });
    const outcome = await runAgent({
      model,
      system: agentSystemPrompt(),
      task: taskMessage(renderIssueForPrompt(issue), DEFAULT_AGENT_TASK),
      tools: defaultTools(),
      toolContext: {
        fs,
        view: changes,
        changes,
        search: createSearch({ root: setup.repo.root }),
        runner,
        sandbox: async () => {
          sandbox ??= factory.create(runId, controller.signal);
          const box = await sandbox;
          await box.sync(changes.files());
          return box.root;
        },
        approveCommand: createCommandApprover({
          policy: { allow: [...DEFAULT_ALLOW, ...(setup.allow ?? [])], deny: [] },
          ask: async (request) => {
            approvals.push(request);
            return setup.ask ? setup.ask(request) : { decision: 'deny', reason: 'the user said no' };
          },
          events: bus,
        }),
        limits: { commandTimeoutMs: 20_000, maxOutputChars: 8000, readMaxLines: 400 },
      },
      provenance: { workerId: 'agent', role: 'agent' },
      limits: { maxSteps: 12, maxMs: 30_000, maxOutputTokens: 4096, contextWindow: 200_000, compactAtShare: 0.8, ...setup.limits },
      events: bus,
      signal: controller.signal,
    });
    bus.emit({ type: 'run_finished', stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd, filesChanged: changes.files().length });
    store.finishRun(runId, { stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd });
    return { outcome, changes, record: checkRecord(store, runId), runner, approvals, repo: setup.repo };
  } finally {
    controller.abort();
    if (sandbox) await sandbox.then((b) => b.dispose()).catch(() => undefined);
    store.close();
    await fake?.close();
    rmSync(runsDir, { recursive: true, force: true });
    rmSync(sandboxBase, { recursive: true, force: true });
  }
}

/** A stop a user can read: a kind and a real sentence, no stack trace or [object Object]. */
export function readableStop(stop: Stop): boolean {
  return stop.message.length >= 10 && stop.message.length < 2000 && !/\n\s+at |\[object Object\]|undefined/.test(stop.message);
}

/** Script entries keyed on the agent's turn. */
export const agentTurn = (turn: number, extra: Record<string, unknown>) => ({ match: { system: '^Foreman agent', turn }, ...extra });
export const toolUse = (name: string, input: Record<string, unknown>) => ({ type: 'tool_use' as const, name, input });
