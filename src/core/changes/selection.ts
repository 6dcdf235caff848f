import { z } from 'zod';

/**
 * What the user approved, per path: the whole file, nothing, or exactly these
 * hunk ids. A path that is absent is not approved. Parsed with zod because it
 * arrives from the review webview and the CLI.
 */
export const FileSelectionSchema = z.discriminatedUnion('accept', [
  z.object({ accept: z.literal('all') }),
  z.object({ accept: z.literal('none') }),
  z.object({ accept: z.literal('hunks'), hunkIds: z.array(z.string()) }),
]);

export const SelectionSchema = z.record(z.string(), FileSelectionSchema);

export type FileSelection = z.infer<typeof FileSelectionSchema>;
export type Selection = z.infer<typeof SelectionSchema>;

/** Every file of the list accepted whole (the CLI's `--apply`). */
export function acceptAll(paths: Iterable<string>): Selection {
  const selection: Selection = {};
  for (const path of paths) selection[path] = { accept: 'all' };
  return selection;
}
