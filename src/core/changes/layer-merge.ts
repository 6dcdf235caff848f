import { mergeAttribution, spanOwners, type Attribution } from './attribution';
import type { LineDiffLimits } from './line-diff';
import { merge3 } from './merge3';
import { describeLines } from './text';

/**
 * How one file of a worker's layer lands in its parent: a pure decision over
 * three versions. `childBase` is what the layer saw when it first touched the
 * file, `parentNow` is the parent today (it may already hold a sibling's merged
 * edits), `childNow` is the layer's proposal. Owner indices in both
 * attributions refer to one list (the parent's provenance with the child's
 * appended), so conflicts can name the workers on both sides.
 */

export interface LayerMergeInput {
  childBase: string | undefined;
  childNow: string | undefined;
  childAttribution: Attribution;
  parentNow: string | undefined;
  parentAttribution: Attribution;
  limits: LineDiffLimits;
}

export type LayerMergeOutcome =
  | { kind: 'noop' }
  | { kind: 'apply'; content: string | undefined; attribution: Attribution }
  | { kind: 'conflict'; reason: string; parentOwners: number[]; childOwners: number[] };

export function mergeLayerFile(input: LayerMergeInput): LayerMergeOutcome {
  const { childBase, childNow, parentNow, childAttribution, parentAttribution } = input;
  if (childNow === childBase || childNow === parentNow) return { kind: 'noop' };

  const allOf = (attribution: Attribution): number[] => spanOwners(attribution, 0, attribution.lines.length);
  const conflict = (reason: string): LayerMergeOutcome => ({
    kind: 'conflict',
    reason,
    parentOwners: allOf(parentAttribution),
    childOwners: allOf(childAttribution),
  });

  if (parentNow === childBase && (childBase === undefined || childNow === undefined)) {
    // A create onto an absent file, or a delete of an untouched one: the child's version wins as is.
    return { kind: 'apply', content: childNow, attribution: childAttribution };
  }
  if (childBase === undefined) return conflict('both created this file with different content');
  if (parentNow === undefined) return conflict('it was deleted meanwhile, and this worker modified it');
  if (childNow === undefined) return conflict('it was changed meanwhile, and this worker deleted it');

  const merged = merge3(childBase, parentNow, childNow, input.limits);
  if (merged.clean) {
    return { kind: 'apply', content: merged.text, attribution: mergeAttribution(merged.regions, parentAttribution, childAttribution) };
  }
  const parentOwners = new Set<number>();
  const childOwners = new Set<number>();
  for (const region of merged.conflicts) {
    for (const o of spanOwners(parentAttribution, region.a[0], region.a[1])) parentOwners.add(o);
    for (const o of spanOwners(childAttribution, region.b[0], region.b[1])) childOwners.add(o);
  }
  const where = merged.conflicts.map((region) => describeLines(region.base[0], region.base[1])).join(', ');
  return {
    kind: 'conflict',
    reason: `overlapping edits at ${where} (lines as the worker saw them)`,
    parentOwners: [...parentOwners].sort((x, y) => x - y),
    childOwners: [...childOwners].sort((x, y) => x - y),
  };
}
