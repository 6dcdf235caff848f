import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunEventSchema } from '../../../src/core/run/events';
import { startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { demoRepo, SAMPLES, treeHash } from '../agent/agent-harness';
import type { TempRepo } from '../../support/temp-repo';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const ISSUE = join(SAMPLES, 'demo-issue.md');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a real child process (no terminal: stdin is not a TTY). */
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const { NODE_TEST_CONTEXT: _drop, ANTHROPIC_API_KEY: _key, ANTHROPIC_BASE_URL: _url, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const work = mkdtempSync(join(tmpdir(), 'foreman-cli-it-'));
const runsDir = join(work, 'runs');
after(() => rmSync(work, { recursive: true, force: true }));

describe('foreman solve --demo on a real repository', () => {
  let repo: TempRepo;
  let hash: string;
  let run: CliResult;
  const out = join(work, 'demo.patch');

  before(async () => {
    repo = demoRepo();
    hash = treeHash(repo.root);
    run = await cli(['solve', '--file', ISSUE, '--repo', repo.root, '--demo', '--verify', 'npm test', '--out', out, '--runs-dir', runsDir, '--apply']);
  });
  after(() => repo.cleanup());

  test('exits 0 and prints readable events, the summary and the patch', () => {
    assert.equal(run.code, 0, run.stderr);
    // The orchestrator plans, runs the analyze worker, then code and docs in parallel, then tests.
    assert.match(run.stdout, /plan proposed/);
    assert.match(run.stdout, /▸ worker fix-cart \(code\)/);
    assert.match(run.stdout, /▸ worker docs \(document\)/);
    assert.match(run.stdout, /← run_command exit 0/);
    assert.match(run.stdout, /▪ worker fix-cart succeeded: finished and verified: `npm test` passed/);
    assert.match(run.stdout, /■ done: solved/);
    assert.match(run.stdout, /Summary: Fixed both defects in src\/cart\.js/);
    assert.match(run.stdout, /^diff --git a\/src\/cart\.js b\/src\/cart\.js$/m);
  });

  test('--apply without a terminal and without --yes does not apply, and says so', () => {
    assert.match(run.stderr, /not applied: no terminal to ask on \(pass --yes/);
    assert.equal(treeHash(repo.root), hash);
    assert.equal(repo.git(['status', '--porcelain']), '');
  });

  test('writes the patch to --out, and git apply accepts it', () => {
    const patch = readFileSync(out, 'utf8');
    assert.ok(run.stdout.includes(patch.trimEnd()));
    repo.git(['apply', '--check', out]);
  });

  test('records the run under --runs-dir: meta, events, no secrets', () => {
    const [runId] = readdirSync(runsDir);
    assert.ok(runId);
    const meta = JSON.parse(readFileSync(join(runsDir, runId, 'meta.json'), 'utf8')) as { status: string; stop: { kind: string } };
    assert.equal(meta.status, 'finished');
    assert.equal(meta.stop.kind, 'done');
    const lines = readFileSync(join(runsDir, runId, 'events.jsonl'), 'utf8').trim().split('\n');
    for (const line of lines) RunEventSchema.parse(JSON.parse(line));
    assert.ok(lines.some((l) => l.includes('"type":"run_finished"')));
  });
});

describe('foreman solve --apply --yes', () => {
  test('applies the change set to the repository; its tests then pass', async () => {
    const repo = demoRepo();
    try {
      const run = await cli(['solve', '--file', ISSUE, '--repo', repo.root, '--demo', '--runs-dir', runsDir, '--apply', '--yes']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /applied 2 file\(s\)/);
      assert.match(repo.read('src/cart.js'), /item\.price \* item\.quantity/);
      assert.match(repo.git(['status', '--porcelain']), /M src\/cart\.js/);
    } finally {
      repo.cleanup();
    }
  });
});

describe('foreman solve --json against a model at ANTHROPIC_BASE_URL', () => {
  let fake: FakeAnthropic;
  let repo: TempRepo;
  before(async () => {
    repo = demoRepo();
    fake = await startFakeAnthropic({
      script: {
        entries: [
          {
            match: { system: '^Foreman planner' },
            reply: {
              content: [
                {
                  type: 'tool_use',
                  name: 'submit_plan',
                  input: {
                    analysis: 'The cart is wrong.',
                    strategy: 'One agent.',
                    mode: 'single-agent',
                    acceptanceCriteria: ['The cart total is right'],
                    subtasks: [{ id: 'fix', role: 'code', description: 'Fix the cart' }],
                  },
                },
              ],
              stop_reason: 'tool_use',
            },
          },
          { match: { system: '^Foreman agent' }, reply: { content: [{ type: 'tool_use', name: 'give_up', input: { reason: 'cannot reproduce' } }], stop_reason: 'tool_use' } },
          {
            match: { system: '^Foreman synthesis' },
            reply: {
              content: [
                {
                  type: 'tool_use',
                  name: 'submit_synthesis',
                  input: {
                    summary: 'Nothing was changed: the agent could not reproduce the bug.',
                    criteria: [{ criterion: 'The cart total is right', met: false, evidence: 'not reproduced' }],
                    prTitle: 'No change',
                    prBody: 'The bug could not be reproduced.',
                  },
                },
              ],
              stop_reason: 'tool_use',
            },
          },
        ],
      },
    });
  });
  after(async () => {
    await fake.close();
    repo.cleanup();
  });

  test('a run that stops without a solution exits 1; every line is JSON; the key is not recorded', async () => {
    const key = 'sk-ant-test-key-that-must-not-leak-123456';
    const run = await cli(['solve', '--text', 'Fix the cart', '--repo', repo.root, '--json', '--runs-dir', runsDir, '--model', 'claude-sonnet-4-6'], { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: fake.url });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    const result = lines.at(-1) as { type: string; stop: { kind: string; message: string } };
    assert.equal(result.type, 'result');
    assert.deepEqual(result.stop, {
      kind: 'gave_up',
      message: 'not fully solved: subtask "fix" failed (gave up: cannot reproduce); 1 of 1 acceptance criteria unmet: The cart total is right',
    });
    for (const event of lines.slice(0, -1)) RunEventSchema.parse(event);
    // planner, the agent and its one retry (both give up), synthesis; no re-plan was asked for
    assert.equal(fake.requests.length, 4);
    for (const dir of readdirSync(runsDir)) {
      for (const file of ['meta.json', 'events.jsonl']) {
        const path = join(runsDir, dir, file);
        if (existsSync(path)) assert.ok(!readFileSync(path, 'utf8').includes(key), `${file} has no key`);
      }
    }
  });
});

describe('bad input: exit 2 and one clear line on stderr', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['no such repository', ['solve', '--text', 'x', '--repo', '/nonexistent/foreman-repo', '--demo'], {}, /^foreman: no such repository: \/nonexistent\/foreman-repo$/],
    ['unreadable issue file', ['solve', '--file', '/nonexistent/issue.md', '--demo'], {}, /^foreman: cannot read the issue file \/nonexistent\/issue\.md: no such file$/],
    ['no API key', ['solve', '--text', 'x'], {}, /^foreman: ANTHROPIC_API_KEY is not set \(or run with --demo/],
    ['no task', ['solve', '--demo'], {}, /^foreman: give exactly one task: an issue reference, --text or --file$/],
    ['two tasks', ['solve', '--text', 'a', '--file', 'b', '--demo'], {}, /give exactly one task/],
    ['a bad number', ['solve', '--text', 'x', '--max-steps', 'many', '--demo'], {}, /^foreman: --max-steps needs a number$/],
    ['an unknown option', ['solve', '--text', 'x', '--frobnicate'], {}, /^foreman: unknown option --frobnicate/],
    ['an unknown command', ['fix'], {}, /^foreman: unknown command "fix"/],
    ['--yes without --apply', ['solve', '--text', 'x', '--yes', '--demo'], {}, /--yes only makes sense with --apply/],
  ];
  for (const [name, args, env, message] of cases) {
    test(name, async () => {
      const run = await cli(args, env);
      assert.equal(run.code, 2, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line, got: ${run.stderr}`);
      assert.match(lines[0] ?? '', message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  test('--help prints the usage and exits 0', async () => {
    const run = await cli(['solve', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: foreman solve/);
    assert.match(run.stdout, /Exit codes: 0 solved, 1 stopped without a solution, 2 bad input/);
  });
});

