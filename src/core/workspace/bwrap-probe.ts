/**
 * Whether bubblewrap can confine commands on this machine: found on PATH (or
 * at a given path), Linux, and a real trial run with the same namespaces the
 * confined commands use succeeds (a container may forbid them). Also what the
 * installed version offers: `--overlay-src`/`--tmp-overlay` came after 0.8.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

export type BwrapProbe =
  | { available: true; path: string; version: string; overlay: boolean }
  | { available: false; reason: string };

export interface ProbeOptions {
  /** A bare name is looked up on PATH; a path is used as is. Default 'bwrap'. */
  bwrap?: string;
  /** Whether the trial run unshares the network, as the commands will. */
  unshareNet: boolean;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

const PROBE_TIMEOUT_MS = 10_000;

/** Absolute path of an executable: `name` itself when it has a slash, else the first hit on PATH. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = name.includes('/') ? [path.resolve(name)] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

function run(file: string, args: string[], options: Pick<ProbeOptions, 'env' | 'signal'>): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: PROBE_TIMEOUT_MS, env: options.env, signal: options.signal, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ ok: !error, stdout, stderr: stderr || (error ? error.message : '') });
    });
  });
}

export async function probeBwrap(options: ProbeOptions): Promise<BwrapProbe> {
  if (process.platform !== 'linux') return { available: false, reason: 'bubblewrap confinement is Linux-only' };
  const name = options.bwrap ?? 'bwrap';
  const file = await findExecutable(name, options.env);
  if (!file) return { available: false, reason: `bubblewrap not found (${name})` };
  const trial = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--unshare-pid', '--unshare-ipc'];
  if (options.unshareNet) trial.push('--unshare-net');
  const works = await run(file, [...trial, '--die-with-parent', '--', 'true'], options);
  if (!works.ok) {
    const why = works.stderr.trim().split('\n')[0] || 'it failed';
    return { available: false, reason: `bubblewrap does not work here: ${why}` };
  }
  const [version, help] = await Promise.all([run(file, ['--version'], options), run(file, ['--help'], options)]);
  return {
    available: true,
    path: file,
    version: version.stdout.trim().replace(/^bubblewrap\s*/, '') || 'unknown',
    overlay: help.stdout.includes('--overlay-src') && help.stdout.includes('--tmp-overlay'),
  };
}
