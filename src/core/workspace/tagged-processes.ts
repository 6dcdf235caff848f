/**
 * Processes that left the command's process group (`setsid`, a double-forked
 * daemon) still carry the environment they were started with. Every command
 * gets a unique tag variable; on Linux, /proc/<pid>/environ finds whatever
 * still carries it, so nothing a command starts outlives it. (A process that
 * clears its own environment escapes this; none of the usual tools do.)
 */
import { readdirSync, readFileSync } from 'node:fs';

export const COMMAND_TAG_VAR = 'FOREMAN_COMMAND_ID';

/** Live, non-zombie pids whose initial environment carries `tag`. Empty off Linux. */
export function taggedPids(tag: string): number[] {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`\0${COMMAND_TAG_VAR}=${tag}\0`);
  const head = Buffer.from(`${COMMAND_TAG_VAR}=${tag}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      if (!(environ.includes(needle) || environ.subarray(0, head.length).equals(head))) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      pids.push(Number(entry));
    } catch {
      // Exited meanwhile, or not ours to read.
    }
  }
  return pids;
}

export function signalTagged(tag: string, signal: NodeJS.Signals): void {
  for (const pid of taggedPids(tag)) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM every tagged process, SIGKILL what is left after `graceMs`. */
export async function terminateTagged(tag: string, graceMs: number): Promise<void> {
  if (taggedPids(tag).length === 0) return;
  signalTagged(tag, 'SIGTERM');
  for (const deadline = Date.now() + graceMs; Date.now() < deadline; await sleep(25)) {
    if (taggedPids(tag).length === 0) return;
  }
  signalTagged(tag, 'SIGKILL');
  for (const deadline = Date.now() + 1000; Date.now() < deadline; await sleep(25)) {
    if (taggedPids(tag).length === 0) return;
  }
}
