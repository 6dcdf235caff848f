import type { FileChange } from '../core/changes/types';

/**
 * What the host needs of a run's change set. The orchestrator's ChangeSet
 * (src/core/changes/changeset.ts) satisfies it; the review reads the full
 * object through ReviewSource.
 */
export interface RunChanges {
  files(): readonly FileChange[];
}
