import type { FileChangeKind, PendingPath } from './types';

/**
 * A layer's own changes are relative to its parent's view; listing and search
 * need them relative to the disk. Combine the parent's pending paths with the
 * layer's own: a file the parent created and the layer then edited is still a
 * create on disk; created then deleted is no change at all.
 */
export function combinePendingPaths(
  parent: readonly PendingPath[],
  own: ReadonlyArray<{ path: string; kind: FileChangeKind }>,
): PendingPath[] {
  const merged = new Map<string, FileChangeKind>();
  for (const p of parent) merged.set(p.path, p.kind);
  for (const { path, kind } of own) {
    const before = merged.get(path);
    if (before === 'create' && kind === 'delete') merged.delete(path);
    else if (before === 'create') merged.set(path, 'create');
    else if (before === 'delete' && kind === 'create') merged.set(path, 'modify');
    else merged.set(path, kind);
  }
  return [...merged].map(([path, kind]) => ({ path, kind }));
}
