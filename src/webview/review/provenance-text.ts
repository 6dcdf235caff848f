import type { ProvenanceView } from '../review-protocol';

const same = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * A hunk's provenance as one line: "worker (role) · subtask title · reason".
 * Workers are given their subtask's description as the reason (cut to 200
 * characters), so a reason that only repeats the title, or its start, is
 * shown once.
 */
export function provenanceText(p: ProvenanceView): string {
  const who = `${p.workerId}${p.role ? ` (${p.role})` : ''}`;
  const what = p.title ?? p.subtaskId;
  const repeats = what !== undefined && p.reason !== undefined && (same(p.reason, what) || what.startsWith(p.reason));
  return [who, what, repeats ? undefined : p.reason].filter(Boolean).join(' · ');
}
