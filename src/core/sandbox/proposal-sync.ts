/**
 * Keeps a sandbox tree in step with the current proposals. The first time a
 * path is written, its starting bytes (or its absence) are remembered, so a
 * proposal that is withdrawn later can be undone exactly. Paths go through
 * resolveWorkspacePath against the sandbox root: a proposal can never write
 * through a linked heavy folder into the user's files, or into .git.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileChange } from '../changes/types';
import { resolveWorkspacePath } from '../workspace/paths';

interface Original {
  content: Buffer;
  mode: number;
}

const DELETED = 'deleted';

function fingerprint(change: FileChange): string {
  if (change.kind === 'delete' || change.newContent === undefined) return DELETED;
  return createHash('sha256').update(change.newContent).digest('hex');
}

export class ProposalSync {
  /** Starting state of every path we touched; null: it did not exist. */
  private readonly originals = new Map<string, Original | null>();
  /** What we last wrote per path (content hash or DELETED). */
  private readonly written = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly root: string) {}

  /** Serialised: two overlapping syncs would otherwise interleave their writes. */
  sync(changes: readonly FileChange[], signal?: AbortSignal): Promise<void> {
    const run = this.queue.then(() => this.apply(changes, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(changes: readonly FileChange[], signal?: AbortSignal): Promise<void> {
    const wanted = new Map<string, FileChange>();
    for (const change of changes) {
      const { rel } = await resolveWorkspacePath(this.root, change.path);
      wanted.set(rel, change);
    }
    for (const rel of [...this.written.keys()]) {
      signal?.throwIfAborted();
      if (!wanted.has(rel)) await this.restore(rel);
    }
    for (const [rel, change] of wanted) {
      signal?.throwIfAborted();
      const print = fingerprint(change);
      if (this.written.get(rel) === print) continue; // unchanged: keep mtimes, so incremental builds stay incremental
      // Resolve again right before writing: an earlier write may have changed the tree.
      const { abs } = await resolveWorkspacePath(this.root, rel);
      if (!this.originals.has(rel)) this.originals.set(rel, await readOriginal(abs));
      if (print === DELETED) {
        await rm(abs, { force: true });
      } else {
        await mkdir(path.dirname(abs), { recursive: true });
        await writeFile(abs, change.newContent ?? '');
      }
      this.written.set(rel, print);
    }
  }

  private async restore(rel: string): Promise<void> {
    const original = this.originals.get(rel);
    const { abs } = await resolveWorkspacePath(this.root, rel);
    if (original === null || original === undefined) {
      await rm(abs, { force: true });
    } else {
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, original.content);
      await chmod(abs, original.mode);
    }
    this.written.delete(rel);
    this.originals.delete(rel);
  }
}

async function readOriginal(abs: string): Promise<Original | null> {
  try {
    const [content, info] = await Promise.all([readFile(abs), stat(abs)]);
    return { content, mode: info.mode & 0o7777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
