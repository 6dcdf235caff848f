import { z } from 'zod';
import { attributionFromJson, attributionToJson, baseAttribution } from './attribution';
import type { Entry } from './changeset-entry';
import { checkPath } from './path-guard';
import { sha256Hex, splitLines } from './text';

/**
 * The serialized ChangeSet, for durable run state: enough to rebuild the
 * overlay after a reload (bases, proposals, provenance, line attribution).
 * The schema, and the conversion of a set's entries both ways.
 */

export const ProvenanceSchema = z.object({
  workerId: z.string().min(1),
  subtaskId: z.string().optional(),
  role: z.string().optional(),
  reason: z.string().optional(),
});

const OwnersSchema = z.array(z.number().int().nonnegative());

export const AttributionJsonSchema = z.object({
  /** Run-length encoded: [count of lines, owners]. */
  lines: z.array(z.tuple([z.number().int().positive(), OwnersSchema])),
  /** Non-empty gaps only: [gap index, owners]. */
  gaps: z.array(z.tuple([z.number().int().nonnegative(), OwnersSchema])),
});

export const ChangeSetFileJsonSchema = z.object({
  path: z.string().min(1),
  /** Content when first touched; null when the file did not exist. */
  base: z.string().nullable(),
  /** sha256 hex of the base bytes, '' when base is null. */
  baseHash: z.string(),
  /** Proposed content; null for a delete. */
  content: z.string().nullable(),
  provenance: z.array(ProvenanceSchema),
  attribution: AttributionJsonSchema.optional(),
});

export const ChangeSetJsonSchema = z.object({
  version: z.literal(1),
  files: z.array(ChangeSetFileJsonSchema),
});

export type ChangeSetJson = z.infer<typeof ChangeSetJsonSchema>;
export type ChangeSetFileJson = z.infer<typeof ChangeSetFileJsonSchema>;

/** The entries of a change set, sorted by path, as JSON. */
export function entriesToJson(entries: ReadonlyMap<string, Entry>): ChangeSetJson {
  return {
    version: 1,
    files: [...entries.keys()].sort().map((path) => {
      const entry = entries.get(path)!;
      return {
        path,
        base: entry.base ?? null,
        baseHash: entry.baseHash,
        content: entry.current ?? null,
        provenance: entry.provenance.map((p) => ({ ...p })),
        attribution: attributionToJson(entry.attribution),
      };
    }),
  };
}

/**
 * Entries from `entriesToJson` output, checked: paths, one entry a path,
 * base hashes; files whose proposal equals their base are dropped (only net
 * changes are kept). Throws a readable error on invalid input.
 */
export function entriesFromJson(json: unknown): Map<string, Entry> {
  const parsed = ChangeSetJsonSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Invalid change set state:\n${z.prettifyError(parsed.error)}`);
  const entries = new Map<string, Entry>();
  for (const file of parsed.data.files) {
    checkPath(file.path);
    const base = file.base ?? undefined;
    const current = file.content ?? undefined;
    if (entries.has(file.path)) throw new Error(`Invalid change set state: ${file.path} appears twice`);
    if (file.baseHash !== (base === undefined ? '' : sha256Hex(base))) {
      throw new Error(`Invalid change set state: the base hash of ${file.path} does not match its base content`);
    }
    if (base === current) continue;
    const lineCount = splitLines(current ?? '').length;
    const attribution =
      (file.attribution && attributionFromJson(file.attribution, lineCount, file.provenance.length)) ?? baseAttribution(current);
    entries.set(file.path, { base, baseHash: file.baseHash, current, provenance: file.provenance, attribution });
  }
  return entries;
}
