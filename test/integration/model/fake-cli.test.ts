import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createAnthropicModelClient } from '../../../src/core/model/anthropic';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'src', 'fake-model', 'cli.ts');

function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, exited, stderr: () => stderr };
}

describe('npm run fake-model', () => {
  test('prints `listening http://127.0.0.1:PORT` first, serves the script, exits 0 on SIGTERM', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const script = join(dir, 'script.json');
    writeFileSync(script, JSON.stringify({ entries: [{ reply: { content: [{ type: 'text', text: 'hello from the cli' }] } }] }));
    const { child, exited } = start(['--script', script, '--log', join(dir, 'log.jsonl')]);
    t.after(() => child.kill('SIGKILL'));

    const firstLine = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    const match = /^listening http:\/\/127\.0\.0\.1:(\d+)$/.exec(firstLine);
    assert.ok(match, `first line was ${JSON.stringify(firstLine)}`);

    const client = createAnthropicModelClient({ apiKey: 'k', baseURL: `http://127.0.0.1:${match[1]}`, model: 'claude-haiku-4-5' });
    const response = await client.send({ system: 's', messages: [{ role: 'user', content: 'hi' }], maxTokens: 10 });
    assert.deepEqual(response.content, [{ type: 'text', text: 'hello from the cli' }]);

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  test('without --script it prints usage and exits 2; a bad script exits 1 with the reason', async (t) => {
    const missing = start([]);
    assert.equal(await missing.exited, 2);
    assert.match(missing.stderr(), /usage: fake-model --script FILE/);

    const dir = mkdtempSync(join(tmpdir(), 'fake-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'bad.json'), '{"entries":[{"times":0}]}');
    const bad = start(['--script', join(dir, 'bad.json')]);
    assert.equal(await bad.exited, 1);
    assert.match(bad.stderr(), /invalid fake-model script/);
  });
});
