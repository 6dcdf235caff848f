/**
 * Removing sandboxes left behind by a process that died (crash, kill -9,
 * power loss): run on start. A sandbox is stale when its owner process is
 * gone; sandboxes of live processes, of other hosts (a shared temp folder),
 * and folders without an owner file whose creator is alive (being created
 * right now) are left alone.
 */
import { readdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { defaultSandboxBaseDir, pidFromSandboxName } from './create-sandbox';
import { processAlive, readOwner } from './owner-file';
import { removeSandbox } from './remove-sandbox';

export interface CleanupOptions {
  /** Injected for tests; default: the pid exists. */
  isAlive?: (pid: number) => boolean;
  /** A folder without an owner file older than this is removed (default 1 hour). */
  orphanAgeMs?: number;
  signal?: AbortSignal;
}

/** Removes stale sandboxes under `baseDir` and returns the removed folders. */
export async function cleanupStaleSandboxes(
  baseDir: string = defaultSandboxBaseDir(),
  options: CleanupOptions = {},
): Promise<string[]> {
  const isAlive = options.isAlive ?? processAlive;
  const orphanAgeMs = options.orphanAgeMs ?? 60 * 60 * 1000;
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    options.signal?.throwIfAborted();
    if (!entry.isDirectory()) continue;
    const dir = path.join(baseDir, entry.name);
    const owner = await readOwner(dir);
    if (owner) {
      if (owner.hostname !== hostname()) continue;
      if (owner.pid === process.pid || isAlive(owner.pid)) continue;
    } else {
      // No owner file: killed before it was written, or being created right now.
      // The name tells the creating pid; without one, only age says it's abandoned.
      const pid = pidFromSandboxName(entry.name);
      if (pid !== undefined) {
        if (pid === process.pid || isAlive(pid)) continue;
      } else {
        const info = await stat(dir).catch(() => undefined);
        if (!info || Date.now() - info.mtimeMs < orphanAgeMs) continue;
      }
    }
    await removeSandbox(dir, owner);
    removed.push(dir);
  }
  return removed;
}
