/**
 * A real agent run for integration tests: a temp git repo (the demo repo
 * unless told otherwise), the fake Messages API over loopback HTTP through
 * the real SDK client, the real tools, search (rg), command runner and
 * sandbox, and a run record on disk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { runAgent } from '../../../src/core/agent/loop';
import { agentSystemPrompt, taskMessage, DEFAULT_AGENT_TASK } from '../../../src/core/agent/prompt';
import type { AgentOptions, AgentOutcome } from '../../../src/core/agent/types';
import { ChangeSet } from '../../../src/core/changes/changeset';
import { createAnthropicModelClient } from '../../../src/core/model/anthropic';
import { createCommandApprover } from '../../../src/core/orchestrator/command-approval';
import { DEFAULT_ALLOW } from '../../../src/core/policy/default-rules';
import { RunBus } from '../../../src/core/run/bus';
import type { RunEvent } from '../../../src/core/run/events';
import { RunStore, type RunMeta } from '../../../src/core/run/store';
import { defaultTools } from '../../../src/core/tools/default-tools';
import { startFakeAnthropic, type FakeAnthropic, type FakeScript } from '../../support/fake-anthropic';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';
import { nodeWorkspace } from '../../../src/cli/workspace';

// The repo's own `node --test` must run for real: a child that inherits the
// runner's NODE_TEST_CONTEXT skips its test files and exits 0.
delete process.env.NODE_TEST_CONTEXT;

export const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

export function demoRepoFiles(): Record<string, string> {
  const root = join(SAMPLES, 'demo-repo');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else files[relative(root, abs)] = readFileSync(abs, 'utf8');
    }
  };
  walk(root);
  return files;
}

export const demoRepo = (): TempRepo => createTempRepo({ files: demoRepoFiles(), git: true, prefix: 'foreman-agent-it-' });

/** sha256 of every file under root except .git: equal before and after means byte-identical. */
export function treeHash(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git') continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else hash.update(`${relative(root, abs)}\0`).update(readFileSync(abs));
    }
  };
  walk(root);
  return hash.digest('hex');
}

export interface RecordedRun {
  outcome: AgentOutcome;
  changes: ChangeSet;
  /** Events as read back from the run record on disk. */
  recorded: RunEvent[];
  meta: RunMeta;
  fake: FakeAnthropic;
  runsDir: string;
  runId: string;
}

export interface AgentRunSetup {
  repo: TempRepo;
  script: FakeScript | string;
  overrides?: Partial<AgentOptions>;
  abortAfterMs?: number;
  /** Extra allow rules on top of the built-in ones. */
  allow?: string[];
}

let counter = 0;

/** Runs the agent once; the caller closes nothing (fake and runs dir are cleaned here). */
export async function recordedAgentRun(setup: AgentRunSetup): Promise<RecordedRun> {
  const fake = await startFakeAnthropic({ script: setup.script });
  const runsDir = mkdtempSync(join(tmpdir(), 'foreman-runs-it-'));
  const runId = `it-run-${process.pid}-${++counter}`;
  const store = new RunStore(runsDir);
  const bus = new RunBus(runId);
  store.startRun({ runId, task: { ref: 'text', title: 'test' }, workspace: setup.repo.root });
  bus.subscribe(store.listener());
  const workspace = nodeWorkspace(setup.repo.root);
  const changes = new ChangeSet(workspace.fs);
  const controller = new AbortController();
  const timer = setup.abortAfterMs !== undefined ? setTimeout(() => controller.abort(), setup.abortAfterMs) : undefined;
  const sandbox = workspace.sandboxes.create(runId);
  try {
    const model = createAnthropicModelClient({ apiKey: 'test-key', baseURL: fake.url, model: 'claude-sonnet-4-6', maxRetries: 0 });
    const outcome = await runAgent({
      model,
      system: agentSystemPrompt(),
      task: taskMessage('<issue>The cart total ignores quantities and the discount is not a percentage.</issue>', DEFAULT_AGENT_TASK),
      tools: defaultTools(),
      toolContext: {
        fs: workspace.fs,
        view: changes,
        changes,
        search: workspace.search,
        runner: workspace.runner,
        sandbox: async () => {
          const box = await sandbox;
          await box.sync(changes.files());
          return box.root;
        },
        approveCommand: createCommandApprover({ policy: { allow: [...DEFAULT_ALLOW, ...(setup.allow ?? [])], deny: [] }, ask: async () => ({ decision: 'deny', reason: 'no user in tests' }), events: bus }),
        limits: { commandTimeoutMs: 30_000, maxOutputChars: 8000, readMaxLines: 400 },
      },
      provenance: { workerId: 'agent' },
      limits: { maxSteps: 20, maxMs: 30_000, maxOutputTokens: 4096, contextWindow: 200_000, compactAtShare: 0.8 },
      events: bus,
      signal: controller.signal,
      ...setup.overrides,
    });
    bus.emit({ type: 'run_finished', stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd, filesChanged: changes.files().length });
    store.finishRun(runId, { stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd });
    const { events } = store.readEvents(runId);
    return { outcome, changes, recorded: events, meta: store.readMeta(runId), fake, runsDir, runId };
  } finally {
    if (timer) clearTimeout(timer);
    store.close();
    await (await sandbox).dispose();
    await fake.close();
    rmSync(runsDir, { recursive: true, force: true });
  }
}

/** A script that answers every 'Foreman agent' turn with the same reply. */
export function everyTurn(reply: FakeScript['entries'][number]['reply'], extra: Partial<FakeScript['entries'][number]> = {}): FakeScript {
  return { entries: [{ match: { system: '^Foreman agent' }, reply, ...extra }] };
}
