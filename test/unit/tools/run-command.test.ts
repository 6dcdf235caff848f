import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultTools } from '../../../src/core/tools/default-tools';
import { createToolRegistry } from '../../../src/core/tools/registry';
import { RUN_MAX_TIMEOUT_MS } from '../../../src/core/tools/run-command';
import { createTempRepo } from '../../support/temp-repo';
import { createTestToolContext, FakeRunner, type TestToolContextOptions } from '../../support/tool-context';

const registry = createToolRegistry(defaultTools());

describe('run_command', () => {
  const workspace = createTempRepo({ files: { 'pkg/package.json': '{}' } });
  const sandbox = createTempRepo({ files: { 'pkg/package.json': '{}', 'file.txt': 'x' } });
  after(() => {
    workspace.cleanup();
    sandbox.cleanup();
  });
  const setup = (options: TestToolContextOptions = {}) =>
    createTestToolContext({ root: workspace.root, sandboxRoot: sandbox.root, ...options });

  test('asks for approval, runs in the sandbox folder, streams and reports exit code and output', async () => {
    const runner = new FakeRunner(() => ({ exitCode: 1, stdout: '1 passing\n1 failing\n', stderr: 'AssertionError: 2 !== 3\n', durationMs: 1234 }));
    const t = setup({ runner });
    const out = await registry.run('run_command', { command: 'npm test', cwd: 'pkg' }, t.ctx);
    assert.deepEqual(t.approvals.map((a) => [a.command, a.cwd]), [['npm test', 'pkg']]);
    assert.equal(runner.requests[0]!.cwd, join(sandbox.root, 'pkg'));
    assert.equal(runner.requests[0]!.timeoutMs, 60_000);
    assert.equal(t.sandboxCalls(), 1);
    assert.deepEqual(t.outputs, ['1 passing\n1 failing\n', 'AssertionError: 2 !== 3\n']);
    assert.equal(out.isError, undefined, 'a failing command is information, not a tool error');
    assert.equal(
      out.content,
      '$ npm test\n(cwd: pkg, in the sandbox; exit code 1; 1.2 s)\n--- stdout ---\n1 passing\n1 failing\n--- stderr ---\nAssertionError: 2 !== 3',
    );
    assert.equal(out.details?.exitCode, 1);
    assert.equal(out.details?.timedOut, false);
  });

  test('a denied command does not run; the reason goes back to the model', async () => {
    const runner = new FakeRunner();
    const t = setup({ runner, approve: () => ({ decision: 'deny', reason: 'no network access in tests' }) });
    const out = await registry.run('run_command', { command: 'curl https://example.com' }, t.ctx);
    assert.equal(out.isError, true);
    assert.match(out.content, /The user did not allow running `curl https:\/\/example\.com`: no network access in tests\. Do not retry it as is/);
    assert.equal(runner.requests.length, 0);
    assert.equal(t.sandboxCalls(), 0, 'the sandbox is not even prepared');
    assert.equal(out.details?.denied, true);
  });

  test('timeouts: the model may lower or raise them up to the maximum, and a timeout is reported', async () => {
    const runner = new FakeRunner((req) => ({ exitCode: null, signal: 'SIGKILL', timedOut: true, durationMs: req.timeoutMs }));
    const t = setup({ runner });
    const out = await registry.run('run_command', { command: 'sleep 100', timeoutMs: 5_000 }, t.ctx);
    assert.equal(runner.requests[0]!.timeoutMs, 5_000);
    assert.match(out.content, /timed out after 5\.0 s and was stopped/);
    const long = await registry.run('run_command', { command: 'make', timeoutMs: RUN_MAX_TIMEOUT_MS * 10 }, t.ctx);
    assert.equal(runner.requests[1]!.timeoutMs, RUN_MAX_TIMEOUT_MS);
    assert.match(long.content, /Note: timeoutMs was lowered to the maximum of 600000 ms\./);
  });

  test('long output keeps the tail within the character budget', async () => {
    const stdout = Array.from({ length: 2000 }, (_, i) => `log line ${i}`).join('\n') + '\n';
    const runner = new FakeRunner(() => ({ stdout, stderr: 'FATAL: out of memory\n' }));
    const t = setup({ runner, limits: { maxOutputChars: 1_000 } });
    const out = await registry.run('run_command', { command: 'build' }, t.ctx);
    assert.match(out.content, /--- stdout \(last \d+ of \d+ characters\) ---\n(log line \d+\n)+log line 1999\n--- stderr ---\nFATAL: out of memory$/);
    assert.ok(out.content.length < 1_200, `bounded: ${out.content.length}`);
    assert.ok(!out.content.includes('log line 0\n'));
    assert.equal(runner.requests[0]!.maxOutputBytes, 4_000);
  });

  test('cwd must be a folder of the sandbox; absolute sandbox paths are accepted', async () => {
    const runner = new FakeRunner();
    const t = setup({ runner });
    const missing = await registry.run('run_command', { command: 'ls', cwd: 'nope' }, t.ctx);
    assert.match(missing.content, /cwd nope is not a folder/);
    const file = await registry.run('run_command', { command: 'ls', cwd: 'file.txt' }, t.ctx);
    assert.match(file.content, /cwd file\.txt is not a folder/);
    const absolute = await registry.run('run_command', { command: 'ls', cwd: join(sandbox.root, 'pkg') }, t.ctx);
    assert.equal(absolute.isError, undefined, absolute.content);
    assert.equal(runner.requests.at(-1)!.cwd, join(sandbox.root, 'pkg'));
  });

  test('a cancelled command is an error result', async () => {
    const runner = new FakeRunner(() => ({ exitCode: null, cancelled: true, signal: 'SIGTERM' }));
    const t = setup({ runner });
    const out = await registry.run('run_command', { command: 'npm test' }, t.ctx);
    assert.equal(out.isError, true);
    assert.match(out.content, /; cancelled;/);
  });
});
