/**
 * The owner record written next to each sandbox before anything else is
 * created, so that after a crash the next start knows whose it was, whether
 * that process is gone, and how to undo it (which repository holds the
 * worktree registration).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const OWNER_FILE = 'owner.json';

export const SandboxOwnerSchema = z.object({
  version: z.literal(1),
  pid: z.number().int().positive(),
  hostname: z.string(),
  runId: z.string(),
  workspaceRoot: z.string(),
  kind: z.enum(['worktree', 'copy']),
  /** The folder holding the checked-out tree (a worktree or a copy). */
  treeDir: z.string(),
  /** Repository top level, for worktrees. */
  repoTop: z.string().optional(),
  /** The worktree's admin folder inside the user's .git (…/.git/worktrees/<name>). */
  gitAdminDir: z.string().optional(),
  createdAt: z.string(),
});
export type SandboxOwner = z.infer<typeof SandboxOwnerSchema>;

export function newOwner(fields: Omit<SandboxOwner, 'version' | 'pid' | 'hostname' | 'createdAt'>): SandboxOwner {
  return { version: 1, pid: process.pid, hostname: hostname(), createdAt: new Date().toISOString(), ...fields };
}

export async function writeOwner(sandboxDir: string, owner: SandboxOwner): Promise<void> {
  await writeFile(path.join(sandboxDir, OWNER_FILE), JSON.stringify(owner, null, 2) + '\n');
}

/** The owner record, or undefined when missing or unreadable. */
export async function readOwner(sandboxDir: string): Promise<SandboxOwner | undefined> {
  try {
    const parsed = SandboxOwnerSchema.safeParse(JSON.parse(await readFile(path.join(sandboxDir, OWNER_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (EPERM: exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
