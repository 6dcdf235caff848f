import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * Child processes of the suite, each in its own process group so that
 * stopping one also stops what it started (code-server's extension host,
 * file watchers, chromium's renderers). Whatever is still alive when the
 * test process exits — a failed test, a timeout, Ctrl-C — is killed by group.
 */

export interface Started {
  readonly child: ChildProcess;
  readonly name: string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  readonly exited: Promise<number | string>;
  /** Everything the process printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>;
}

const alive = new Set<Started>();
/** Synchronous clean-ups (temp folders) for an exit that skips the tests' own teardown. */
const lastResorts = new Set<() => void>();

/** Runs `fn` if the process exits before `cancel()` is called (a signal, a global timeout). */
export function onAbruptExit(fn: () => void): { cancel(): void } {
  hookExit();
  lastResorts.add(fn);
  return { cancel: () => lastResorts.delete(fn) };
}

function lastResort(): void {
  for (const s of alive) killGroup(s.child.pid, 'SIGKILL');
  for (const fn of lastResorts) {
    try {
      fn();
    } catch {
      // Best effort on the way out.
    }
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // Synchronous last resort: 'exit' handlers cannot wait, so SIGKILL at once.
  process.on('exit', lastResort);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      lastResort();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export interface StartOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /** Also written here as it arrives (kept for the artifacts). */
  logFile?: string;
}

export function startProcess(name: string, command: string, args: string[], options: StartOptions = {}): Started {
  hookExit();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  let log: WriteStream | undefined;
  if (options.logFile) log = createWriteStream(options.logFile, { flags: 'a' });
  const collect = (chunk: Buffer) => {
    const s = chunk.toString('utf8');
    // Bounded: a chatty server must not grow the test process without limit.
    text = (text + s).slice(-200_000);
    log?.write(s);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      text += `\n[spawn error] ${err.message}\n`;
      resolve('spawn-error');
    });
  });
  const started: Started = {
    child,
    name,
    exited,
    output: () => text,
    async stop(graceMs = 3000) {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // The leader may exit before the rest of its group (code-server's extension host): finish them.
      killGroup(child.pid, 'SIGKILL');
      alive.delete(started);
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
    },
  };
  // Stays in the set after the leader exits (its group may not have) until stop().
  alive.add(started);
  return started;
}

/** Waits until `predicate(output)` holds, the process exits, or the time is up. */
export async function waitForOutput(p: Started, predicate: (output: string) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void p.exited.then(() => (ended = true));
  while (!predicate(p.output())) {
    if (ended) throw new Error(`${p.name} exited before it was ready:\n${p.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`${p.name} not ready after ${timeoutMs} ms:\n${p.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs a command to completion; rejects with its output when it fails. */
export async function runToEnd(name: string, command: string, args: string[], options: StartOptions & { timeoutMs?: number } = {}): Promise<string> {
  const p = startProcess(name, command, args, options);
  const timer = setTimeout(() => void p.stop(1000), options.timeoutMs ?? 120_000);
  const code = await p.exited;
  clearTimeout(timer);
  await p.stop();
  if (code !== 0) throw new Error(`${name} failed (${code}):\n${p.output().slice(-4000)}`);
  return p.output();
}
