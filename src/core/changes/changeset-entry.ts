import { baseAttribution, type Attribution } from './attribution';
import type { DiffLimits, RawFileDiff } from './diff';
import type { FileDiff, Provenance } from './types';

/**
 * One file of a ChangeSet: the base it was first touched against, the
 * proposal, who proposed it and which lines each proposer owns. Shared by
 * the change set and its serialization.
 */
export interface Entry {
  base: string | undefined;
  baseHash: string;
  current: string | undefined;
  provenance: Provenance[];
  attribution: Attribution;
  cache?: { raw: RawFileDiff; diff?: FileDiff };
}

/** A file as first loaded: content (undefined when absent) and the sha256 of its bytes ('' when absent). */
export interface Base {
  content: string | undefined;
  hash: string;
}

export function newEntry(base: Base): Entry {
  return {
    base: base.content,
    baseHash: base.hash,
    current: base.content,
    provenance: [],
    attribution: baseAttribution(base.content),
  };
}

/** Index of an equal provenance in the list, appending it when new. */
export function provenanceIndex(list: Provenance[], p: Provenance): number {
  const same = (q: Provenance): boolean =>
    q.workerId === p.workerId && q.subtaskId === p.subtaskId && q.role === p.role && q.reason === p.reason;
  const found = list.findIndex(same);
  if (found >= 0) return found;
  list.push({ ...p });
  return list.length - 1;
}

/**
 * Attribution runs on every write, synchronously: it gets tighter limits than
 * the displayed diff (on give-up the writer simply owns all changed lines).
 */
export function attributionLimits(limits: DiffLimits): DiffLimits {
  return { ...limits, maxEditLength: Math.min(limits.maxEditLength, 1_000), timeoutMs: Math.min(limits.timeoutMs, 200) };
}
