import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github';
import { demoRepo } from '../agent/agent-harness';
import type { TempRepo } from '../../support/temp-repo';

const MAIN = join(__dirname, '..', '..', '..', 'src', 'cli', 'main.ts');
const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { NODE_TEST_CONTEXT: _drop, ANTHROPIC_API_KEY: _key, GITHUB_TOKEN: _token, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...base, ...env } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('foreman solve owner/repo#N fetches the issue from GitHub', () => {
  let github: FakeGitHub;
  let repo: TempRepo;
  const runsDir = mkdtempSync(join(tmpdir(), 'foreman-cli-ref-'));
  before(async () => {
    repo = demoRepo();
    github = await startFakeGitHub({
      token: TOKEN,
      privateRepos: ['acme/cart'],
      issues: [{ owner: 'acme', repo: 'cart', number: 7, title: 'Cart total ignores quantity', body: 'Two teas cost the price of one.', comments: [{ user: 'bob', body: 'Discount is off too.', createdAt: '2026-01-02T00:00:00Z' }] }],
    });
  });
  after(async () => {
    await github.close();
    repo.cleanup();
    rmSync(runsDir, { recursive: true, force: true });
  });

  test('the issue is loaded with the token and solved; the token is not recorded', async () => {
    const run = await cli(['solve', 'acme/cart#7', '--repo', repo.root, '--demo', '--json', '--runs-dir', runsDir], { GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN });
    assert.equal(run.code, 0, run.stderr);
    const loaded = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; issue?: { ref: string; title: string; comments: number } }).find((e) => e.type === 'issue_loaded');
    assert.equal(loaded?.issue?.title, 'Cart total ignores quantity');
    assert.equal(loaded?.issue?.comments, 1);
    assert.ok(github.requests.some((r) => r.authorization === `Bearer ${TOKEN}` || r.authorization === `token ${TOKEN}`));
    for (const dir of readdirSync(runsDir)) {
      assert.ok(!readFileSync(join(runsDir, dir, 'events.jsonl'), 'utf8').includes(TOKEN));
    }
  });

  test('an issue that does not exist is bad input: exit 2, one line', async () => {
    const run = await cli(['solve', 'acme/cart#99', '--repo', repo.root, '--demo', '--runs-dir', runsDir], { GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN });
    assert.equal(run.code, 2);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^foreman: cannot load issue acme\/cart#99: /);
  });
});
