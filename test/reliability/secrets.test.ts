/**
 * Secrets: a distinctive fake Anthropic key and GitHub token in the
 * environment never appear in the CLI's output, the run record (the whole
 * runs dir is grepped), what is sent to the model, the chat webview's
 * messages, or the environment of commands the agent runs (`env` is run in
 * the sandbox through run_command and its output grepped).
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/core/run/events';
import { parseHostMessage } from '../../src/webview/protocol';
import { initialChatState, reduceChatEvents } from '../../src/webview/chat/run-view-model';
import type { ChatEvent } from '../../src/webview/chat/chat-state';
import { startFakeAnthropic } from '../support/fake-anthropic';
import type { TempRepo } from '../support/temp-repo';
import { agentRun, agentTurn, smallRepo, tempDir, toolUse } from './support/harness';
import { reliabilityFile, type Verdict } from './support/tally';

const { scenario } = reliabilityFile(__filename);

const API_KEY = 'sk-ant-api03-RELIABILITYfakeKEY-9c1e7d2b4a6f8e0d';
const GH_TOKEN = 'ghp_RELIABILITYfakeTOKEN0123456789abcd';
const PLAIN_SECRET = 'plain-shaped-secret-value-5e8a71';
const SECRETS = [API_KEY, GH_TOKEN, PLAIN_SECRET, 'RELIABILITYfake'];
const ROOT = join(__dirname, '..', '..');

const work = tempDir('foreman-rel-secrets-');
const repos: TempRepo[] = [];
after(() => {
  repos.forEach((r) => r.cleanup());
  rmSync(work, { recursive: true, force: true });
});

function grep(verdict: Verdict, where: string, text: string): void {
  for (const secret of SECRETS) if (text.includes(secret)) verdict.escape(`a secret (${secret.slice(0, 12)}…) appears in ${where}`);
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).map((rel) => join(dir, rel)).filter((abs) => statSync(abs).isFile());
}

const ENV_SCRIPT = {
  entries: [
    agentTurn(0, { reply: { content: [toolUse('run_command', { command: 'env' })] } }),
    agentTurn(1, { reply: { content: [toolUse('run_command', { command: 'git config --list --show-origin' })] } }),
    agentTurn(2, { reply: { content: [toolUse('finish', { summary: 'looked at the environment' })] } }),
  ],
};

scenario('the CLI: key and token stay out of its output, the run record, the model requests and command environments', { timeout: 60_000 }, async (_t, verdict) => {
  const repo = smallRepo();
  repos.push(repo);
  const log = join(work, 'fake.jsonl');
  // The CLI runs the orchestrator: a single-agent plan, the agent, then synthesis.
  const script = {
    entries: [
      { match: { system: '^Foreman planner' }, reply: { content: [toolUse('submit_plan', { analysis: 'a', strategy: 's', mode: 'single-agent', acceptanceCriteria: ['env shown'], subtasks: [{ id: 'env', role: 'code', description: 'print env' }] })] } },
      ...ENV_SCRIPT.entries,
      { match: { system: '^Foreman synthesis' }, reply: { content: [toolUse('submit_synthesis', { summary: 'env shown', criteria: [{ criterion: 'env shown', met: true, evidence: 'env ran' }], prTitle: 't', prBody: 'b' })] } },
    ],
  };
  const fake = await startFakeAnthropic({ script, logFile: log });
  const runsDir = join(work, 'runs');
  const { NODE_TEST_CONTEXT: _drop, ...base } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'solve', '--text', 'Print the environment', '--repo', repo.root, '--runs-dir', runsDir, '--allow', 'env', '--allow', 'git config --list'],
    {
      cwd: ROOT,
      env: { ...base, ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, GITHUB_TOKEN: GH_TOKEN, MY_SERVICE_PASSWORD: PLAIN_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  await fake.close();

  grep(verdict, 'the CLI output', stdout + stderr);
  for (const file of allFiles(runsDir)) grep(verdict, `the run record (${file.slice(runsDir.length)})`, readFileSync(file, 'utf8'));
  grep(verdict, 'the requests sent to the model', readFileSync(log, 'utf8'));
  assert.equal(code, 0, stderr + stdout.slice(-1500));
  const envOutput = stdout.split('\n').filter((l) => /^PATH=|^HOME=/.test(l));
  assert.ok(stdout.includes('run_command') && fake.requests.length >= 5, 'env really ran and its output went back to the model');
  assert.ok(readFileSync(log, 'utf8').includes('PATH='), `the env output reached the model: ${envOutput.length}`);
});

scenario('in process: what the chat webview receives carries no secret, nor does the command environment', { timeout: 60_000 }, async (_t, verdict) => {
  const saved = { ...process.env };
  Object.assign(process.env, { ANTHROPIC_API_KEY: API_KEY, GITHUB_TOKEN: GH_TOKEN, MY_SERVICE_PASSWORD: PLAIN_SECRET, DATABASE_URL: `postgres://app:${PLAIN_SECRET}@db/x` });
  const raw: RunEvent[] = [];
  try {
    const repo = smallRepo();
    repos.push(repo);
    const run = await agentRun({ repo, script: ENV_SCRIPT, allow: ['env', 'git config --list'], onEvent: (e) => raw.push(e) });
    assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
    assert.deepEqual(run.runner.ran, ['env', 'git config --list --show-origin']);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
  // The chat controller pushes raw bus events as { kind: 'run', event } (run-controller.ts); the host posts them in batches.
  const events: ChatEvent[] = raw.map((event) => ({ kind: 'run', event }));
  const message = JSON.parse(JSON.stringify({ type: 'events', events }));
  const parsed = parseHostMessage(message);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  grep(verdict, 'the webview events message', JSON.stringify(message));
  grep(verdict, 'the webview snapshot', JSON.stringify({ type: 'snapshot', state: reduceChatEvents(initialChatState(), events) }));
  const envResult = raw.find((e) => e.type === 'tool_result' && e.name === 'run_command');
  assert.ok(envResult && JSON.stringify(envResult).includes('PATH='), 'the env output is in the events');
});
