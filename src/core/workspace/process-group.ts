/**
 * Signals for a whole process tree. POSIX: the command runs as the leader of
 * its own process group (spawn's `detached: true`), so `kill(-pgid)` reaches
 * every descendant that did not start a session of its own (setsid). Windows:
 * `taskkill /T` walks the tree.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Linux: whether the group has a member that is not a zombie. An orphan that
 * was killed stays a zombie until PID 1 reaps it, and some container inits
 * are slow to; a zombie runs nothing, so it does not count.
 */
function linuxGroupHasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name (which may contain spaces and parentheses): state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
  }
  return false;
}

/** True while any process of the group is alive (zombies do not count on Linux). */
export function processGroupAlive(pid: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    process.kill(-pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return process.platform === 'linux' ? linuxGroupHasLiveMember(pid) : true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM, then SIGKILL for whatever is left after `graceMs`; resolves when
 * the group is gone (or, for unreaped zombies, after a last bounded wait).
 */
export async function terminateProcessGroup(pid: number, graceMs: number): Promise<void> {
  if (!processGroupAlive(pid)) return;
  signalProcessGroup(pid, 'SIGTERM');
  for (const deadline = Date.now() + graceMs; Date.now() < deadline; await sleep(25)) {
    if (!processGroupAlive(pid)) return;
  }
  signalProcessGroup(pid, 'SIGKILL');
  for (const deadline = Date.now() + 1000; Date.now() < deadline; await sleep(25)) {
    if (!processGroupAlive(pid)) return;
  }
}
