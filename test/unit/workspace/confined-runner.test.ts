import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { bwrapArgs, bwrapCommandLine, shellQuote, type ConfinedCommand } from '../../../src/core/workspace/bwrap-args';
import { ConfinedCommandRunner, ConfinementUnavailableError } from '../../../src/core/workspace/confined-runner';
import type { CommandRequest, CommandResult, CommandRunner } from '../../../src/core/workspace/ports';

/** Records what it is asked to run; answers exit 0. */
class RecordingRunner implements CommandRunner {
  readonly requests: CommandRequest[] = [];
  async run(request: CommandRequest): Promise<CommandResult> {
    this.requests.push(request);
    return { exitCode: 0, signal: null, timedOut: false, cancelled: false, stdout: '', stderr: '', droppedBytes: 0, durationMs: 1 };
  }
}

const layout = { root: '/tmp/sb/repo', gitDirs: ['/home/u/proj/.git'], linkedDirs: ['/home/u/proj/node_modules'], truncated: false };
const base: ConfinedCommand = { bwrap: '/usr/bin/bwrap', layout, cwd: '/tmp/sb/repo/pkg', command: 'npm test', network: false, overlay: false };

/** Index of the first `flag` whose next arguments are `values`. */
function at(args: string[], flag: string, ...values: string[]): number {
  return args.findIndex((a, i) => a === flag && values.every((v, j) => args[i + 1 + j] === v));
}

describe('bwrapArgs', () => {
  test('read-only root, private /tmp before the re-exposed folders, the sandbox writable, then the command', () => {
    const args = bwrapArgs(base);
    const root = at(args, '--ro-bind', '/', '/');
    const tmp = at(args, '--tmpfs', '/tmp');
    const git = at(args, '--ro-bind', '/home/u/proj/.git', '/home/u/proj/.git');
    const linked = at(args, '--ro-bind', '/home/u/proj/node_modules', '/home/u/proj/node_modules');
    const sandbox = at(args, '--bind', '/tmp/sb/repo', '/tmp/sb/repo');
    assert.ok(root >= 0 && tmp > root && git > tmp && linked > tmp && sandbox > linked, args.join(' '));
    assert.ok(at(args, '--chdir', '/tmp/sb/repo/pkg') > sandbox);
    for (const flag of ['--unshare-net', '--unshare-pid', '--die-with-parent']) assert.ok(args.includes(flag), flag);
    assert.ok(at(args, '--setenv', 'TMPDIR', '/tmp') >= 0);
    assert.ok(at(args, '--setenv', 'GIT_OPTIONAL_LOCKS', '0') >= 0);
    assert.deepEqual(args.slice(-4), ['--', '/bin/sh', '-c', 'npm test']);
    assert.ok(!args.includes('--overlay-src'));
  });

  test('network on keeps the host network; overlay support makes linked folders in-memory overlays', () => {
    const args = bwrapArgs({ ...base, network: true, overlay: true });
    assert.ok(!args.includes('--unshare-net'));
    assert.ok(at(args, '--overlay-src', '/home/u/proj/node_modules', '--tmp-overlay', '/home/u/proj/node_modules') >= 0);
    assert.equal(at(args, '--ro-bind', '/home/u/proj/node_modules', '/home/u/proj/node_modules'), -1);
  });

  test('a workspace in a sub-folder of its repository sees the repository top read-only', () => {
    const args = bwrapArgs({ ...base, layout: { ...layout, repoTop: '/tmp/sb' } });
    assert.ok(at(args, '--ro-bind', '/tmp/sb', '/tmp/sb') < at(args, '--bind', '/tmp/sb/repo', '/tmp/sb/repo'));
  });
});

describe('shellQuote', () => {
  test('the shell reads back every argument exactly', () => {
    const hard = ["it's", 'a b', '$HOME', '`id`', '"q"', 'back\\slash', 'new\nline', '', '*', 'plain-arg_1.2/x=y'];
    const line = ['printf', "'%s\\0'", ...hard.map(shellQuote)].join(' ');
    const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), hard);
  });

  test('the command line execs bwrap with the command as one argument', () => {
    const line = bwrapCommandLine({ ...base, command: "echo 'hi' && rm -rf ~" });
    assert.ok(line.startsWith('exec /usr/bin/bwrap '));
    assert.ok(line.endsWith(` -- /bin/sh -c 'echo '\\''hi'\\'' && rm -rf ~'`), line);
  });
});

describe('ConfinedCommandRunner without bubblewrap', () => {
  const missing = '/nonexistent/bwrap-for-test';
  const request = (extra: Partial<CommandRequest> = {}): CommandRequest => ({ command: 'npm test', cwd: tmpdir(), sandboxRoot: tmpdir(), timeoutMs: 1000, ...extra });

  test("'required' refuses clearly and runs nothing", async () => {
    const inner = new RecordingRunner();
    const runner = new ConfinedCommandRunner(inner, { mode: 'required', bwrap: missing });
    await assert.rejects(runner.run(request()), (error: unknown) => {
      assert.ok(error instanceof ConfinementUnavailableError);
      assert.match(error.message, /Refused to run `npm test`: confinement is required .* bubblewrap not found/);
      assert.match(error.message, /apt-get install bubblewrap/);
      return true;
    });
    assert.equal(inner.requests.length, 0);
  });

  test("'auto' runs unconfined and says so once", async () => {
    const inner = new RecordingRunner();
    const runner = new ConfinedCommandRunner(inner, { mode: 'auto', bwrap: missing });
    const first = await runner.run(request());
    const second = await runner.run(request({ command: 'ls' }));
    assert.equal(first.notice, `(not confined: bubblewrap not found (${missing}))`);
    assert.equal(second.notice, undefined);
    assert.deepEqual(inner.requests.map((r) => r.command), ['npm test', 'ls']);
    assert.deepEqual((await runner.status()).confined, false);
  });

  test("'off' never confines, even where bubblewrap works", async () => {
    const inner = new RecordingRunner();
    const runner = new ConfinedCommandRunner(inner, { mode: 'off' });
    const result = await runner.run(request());
    assert.equal(inner.requests[0]!.command, 'npm test');
    assert.equal(result.notice, '(not confined: confinement is off)');
  });

  test('a request without a sandbox root passes through untouched, even when required', async () => {
    const inner = new RecordingRunner();
    const runner = new ConfinedCommandRunner(inner, { mode: 'required', bwrap: missing });
    const plain: CommandRequest = { command: 'git status', cwd: tmpdir(), timeoutMs: 1000 };
    const result = await runner.run(plain);
    assert.equal(inner.requests[0], plain);
    assert.equal(result.notice, undefined);
  });
});

test('linked build output is bound writable, dependencies read-only with their existing caches writable', () => {
  const args = bwrapArgs({
    bwrap: '/usr/bin/bwrap',
    layout: {
      root: '/tmp/sb/repo',
      gitDirs: [],
      linkedDirs: ['/home/u/proj/node_modules', '/home/u/proj/target'],
      dependencyCaches: ['/home/u/proj/node_modules/.vite'],
      truncated: false,
    },
    cwd: '/tmp/sb/repo',
    command: 'cargo test',
    network: false,
    overlay: false,
  });
  const line = args.join(' ');
  assert.match(line, /--ro-bind \/home\/u\/proj\/node_modules \/home\/u\/proj\/node_modules --bind \/home\/u\/proj\/node_modules\/\.vite \/home\/u\/proj\/node_modules\/\.vite/);
  assert.match(line, /--bind \/home\/u\/proj\/target \/home\/u\/proj\/target/);
  assert.doesNotMatch(line, /--ro-bind \/home\/u\/proj\/target/);
});
