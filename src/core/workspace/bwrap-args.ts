/**
 * The bubblewrap command line that confines one sandbox command: the host's
 * root read-only, fresh /dev and /proc, a private /tmp, the sandbox root
 * read-write, the folders it links to (overlaid in memory when bwrap can,
 * else read-only), its own pid namespace (killing bwrap ends everything in
 * it) and, unless the network is allowed, its own network namespace (a
 * loopback of its own, nothing else). Pure: built from data, unit-tested.
 */
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
    else args.push('--ro-bind', dir, dir);
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
