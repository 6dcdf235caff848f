import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandRequest, CommandResult, CommandRunner } from '../../../src/core/workspace/ports';
import { describeEnd, LoggedCommandRunner } from '../../../src/vscode/logged-runner';

const result = (over: Partial<CommandResult> = {}): CommandResult => ({ exitCode: 0, signal: null, timedOut: false, cancelled: false, stdout: 'ok', stderr: '', droppedBytes: 0, durationMs: 7, ...over });

test('shows the command, its live output and how it ended; the caller still gets its output', async () => {
  const log: string[] = [];
  const inner: CommandRunner = {
    run: async (req: CommandRequest) => {
      req.onOutput?.('line 1\n', 'stdout');
      req.onOutput?.('oops\n', 'stderr');
      return result({ exitCode: 1 });
    },
  };
  const chunks: string[] = [];
  const runner = new LoggedCommandRunner(inner, { append: (t) => log.push(t), appendLine: (t) => log.push(`${t}\n`) });
  const out = await runner.run({ command: 'npm test', cwd: '/sb', timeoutMs: 1000, onOutput: (c) => chunks.push(c) });
  assert.equal(out.exitCode, 1);
  assert.deepEqual(chunks, ['line 1\n', 'oops\n']);
  assert.equal(log.join(''), '$ npm test    (in /sb)\nline 1\noops\n\n[exit 1 after 7 ms]\n');
});

test('a runner that throws is logged and rethrown', async () => {
  const log: string[] = [];
  const runner = new LoggedCommandRunner({ run: async () => { throw new Error('no such dir'); } }, { append: (t) => log.push(t), appendLine: (t) => log.push(t) });
  await assert.rejects(runner.run({ command: 'ls', cwd: '/x', timeoutMs: 1 }), /no such dir/);
  assert.match(log.join(''), /failed to run: no such dir/);
});

test('ends are described plainly', () => {
  assert.equal(describeEnd(result({ cancelled: true })), 'cancelled');
  assert.equal(describeEnd(result({ timedOut: true, exitCode: null })), 'timed out');
  assert.equal(describeEnd(result({ exitCode: null, signal: 'SIGKILL' })), 'killed by SIGKILL');
});
