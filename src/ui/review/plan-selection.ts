import type { Selection } from '../../core/changes/selection';
import type { FileSelection } from './review-state';

/**
 * The review's decisions in `planApply`'s terms: exactly the accepted hunk
 * ids per file (so a proposal that changed since the review is refused as
 * stale, never applied blind), the whole file only for files without hunks.
 * Files with nothing accepted are absent: not approved.
 */
export function toPlanSelection(selection: readonly FileSelection[]): Selection {
  const out: Selection = {};
  for (const file of selection) {
    const hasHunks = file.accepted.length + file.rejected.length + file.undecided.length > 0;
    if (!hasHunks) {
      if (file.file === 'accept') out[file.path] = { accept: 'all' };
    } else if (file.accepted.length > 0) {
      out[file.path] = { accept: 'hunks', hunkIds: [...file.accepted] };
    }
  }
  return out;
}
