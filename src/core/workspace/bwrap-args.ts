/**
 * The bubblewrap command line that confines one sandbox command: the host's
 * root read-only, fresh /dev and /proc, a private /tmp, the sandbox root
 * read-write, the folders it links to (overlaid in memory when bwrap can;
 * else build output writable and dependencies read-only), its own pid namespace (killing bwrap ends everything in
 * it) and, unless the network is allowed, its own network namespace (a
 * loopback of its own, nothing else). Pure: built from data, unit-tested.
 */
import { basename } from 'node:path';
import { BUILD_OUTPUT_DIR_NAMES } from '../sandbox/heavy-dirs';
import type { SandboxLayout } from './sandbox-layout';

export interface ConfinedCommand {
  /** Absolute path of bwrap. */
  bwrap: string;
  layout: SandboxLayout;
  /** Absolute working directory (inside the sandbox root). */
  cwd: string;
  command: string;
  network: boolean;
  /** bwrap has --overlay-src/--tmp-overlay: linked folders become writable in memory. */
  overlay: boolean;
  /** Shell inside (default /bin/sh). */
  shell?: string;
}

/**
 * Linked folders that hold build output and tool caches (regenerable by
 * definition): writable through the link, as they are unconfined, so
 * `cargo test`, Gradle or a framework's build cache work in the sandbox.
 * Every other linked folder holds installed dependencies (node_modules, a
 * virtualenv, vendor) and stays read-only: a command cannot alter them.
 */
export const WRITABLE_LINKED_NAMES: ReadonlySet<string> = new Set(BUILD_OUTPUT_DIR_NAMES);

/** Cache folders inside a dependency folder that tools write to (Vite's and the common .cache). */
export const DEPENDENCY_CACHE_NAMES: readonly string[] = ['.vite', '.cache'];

/** Variables set inside: a private temp dir, and git that never takes optional locks in a read-only admin dir. */
export const CONFINED_ENV: Readonly<Record<string, string>> = { TMPDIR: '/tmp', GIT_OPTIONAL_LOCKS: '0' };

export function bwrapArgs(c: ConfinedCommand): string[] {
  const args = ['--die-with-parent', '--unshare-pid', '--unshare-ipc'];
  if (!c.network) args.push('--unshare-net');
  args.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp');
  // Re-expose, read-only, what the private /tmp may have covered.
  if (c.layout.repoTop) args.push('--ro-bind', c.layout.repoTop, c.layout.repoTop);
  for (const dir of c.layout.gitDirs) args.push('--ro-bind', dir, dir);
  for (const dir of c.layout.linkedDirs) {
    if (c.overlay) args.push('--overlay-src', dir, '--tmp-overlay', dir);
    else if (WRITABLE_LINKED_NAMES.has(basename(dir))) args.push('--bind', dir, dir);
    else {
      args.push('--ro-bind', dir, dir);
      // Existing tool caches inside dependencies (node_modules/.vite) stay writable.
      for (const cache of c.layout.dependencyCaches ?? []) if (cache.startsWith(`${dir}/`)) args.push('--bind', cache, cache);
    }
  }
  args.push('--bind', c.layout.root, c.layout.root, '--chdir', c.cwd);
  for (const [name, value] of Object.entries(CONFINED_ENV)) args.push('--setenv', name, value);
  args.push('--', c.shell ?? '/bin/sh', '-c', c.command);
  return args;
}

/** One argument for a POSIX shell: single-quoted, embedded quotes closed and escaped. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_\-./=:@,+]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The line the unconfined inner runner hands to its shell: `exec` so bwrap takes the shell's place in the process group. */
export function bwrapCommandLine(c: ConfinedCommand): string {
  return ['exec', shellQuote(c.bwrap), ...bwrapArgs(c).map(shellQuote)].join(' ');
}
