/**
 * CommandRunner on child_process. Each command runs under `/bin/sh -c` as the
 * leader of a new process group, so a timeout or a cancel kills the whole
 * tree (SIGTERM, then SIGKILL after a grace period), and when the shell exits
 * any background process it left behind is ended the same way, including
 * those that left the group (found by a per-command tag): a command leaves
 * nothing running. Output is kept as a bounded tail per stream; stdin
 * is /dev/null; the environment is scrubbed of secrets.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { OutputTail } from './output-tail';
import type { CommandRequest, CommandResult, CommandRunner } from './ports';
import { signalProcessGroup, terminateProcessGroup } from './process-group';
import { COMMAND_TAG_VAR, signalTagged, terminateTagged } from './tagged-processes';
import { scrubEnv } from './scrub-env';

export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;

export interface NodeCommandRunnerOptions {
  /** Environment before scrubbing (default process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** Shell binary (POSIX); default /bin/sh. */
  shell?: string;
}

export class NodeCommandRunner implements CommandRunner {
  constructor(private readonly options: NodeCommandRunnerOptions = {}) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    const started = performance.now();
    const maxOutputBytes = request.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    if (request.signal?.aborted) {
      return { exitCode: null, signal: null, timedOut: false, cancelled: true, stdout: '', stderr: '', droppedBytes: 0, durationMs: 0 };
    }
    const info = await stat(request.cwd).catch(() => undefined);
    if (!info?.isDirectory()) throw new Error(`Cannot run command: directory does not exist: ${request.cwd}`);

    const tag = randomUUID();
    const env = { ...scrubEnv(this.options.baseEnv ?? process.env), ...request.env, [COMMAND_TAG_VAR]: tag };
    const windows = process.platform === 'win32';
    const child = windows
      ? spawn(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `"${request.command}"`], {
          cwd: request.cwd,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          windowsHide: true,
          windowsVerbatimArguments: true,
        })
      : spawn(this.options.shell ?? '/bin/sh', ['-c', request.command], {
          cwd: request.cwd,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });

    const graceMs = this.options.killGraceMs ?? 2000;
    const stdout = new OutputTail(maxOutputBytes);
    const stderr = new OutputTail(maxOutputBytes);
    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;

    const stop = () => {
      if (killTimer || child.pid === undefined) return;
      signalProcessGroup(child.pid, 'SIGTERM');
      signalTagged(tag, 'SIGTERM');
      killTimer = setTimeout(() => {
        signalProcessGroup(child.pid!, 'SIGKILL');
        signalTagged(tag, 'SIGKILL');
      }, graceMs);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, request.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });

    for (const [stream, tail, name] of [
      [child.stdout, stdout, 'stdout'],
      [child.stderr, stderr, 'stderr'],
    ] as const) {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => {
        tail.push(chunk);
        if (request.onOutput) {
          const text = decoder.write(chunk);
          if (text) request.onOutput(text, name);
        }
      });
    }

    try {
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => resolve({ code, signal }));
      });
      clearTimeout(timeout);
      // The shell is gone; end whatever it left running, then wait for the pipes to drain.
      // Then what left the group (setsid, daemons), found by the command's tag.
      if (child.pid !== undefined && !windows) await terminateProcessGroup(child.pid, graceMs);
      if (!windows) await terminateTagged(tag, graceMs);
      await waitForClose(child, graceMs + 1000);
      return {
        exitCode: exit.code,
        signal: exit.signal,
        timedOut,
        cancelled,
        stdout: stdout.text(),
        stderr: stderr.text(),
        droppedBytes: stdout.dropped + stderr.dropped,
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Resolves on 'close'; after `ms` destroys the pipes (a setsid'd grandchild may hold them open). */
function waitForClose(child: ReturnType<typeof spawn>, ms: number): Promise<void> {
  if (child.stdout?.closed !== false && child.stderr?.closed !== false) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve();
    }, ms);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
