import { z } from 'zod';

/**
 * The serialized ChangeSet, for durable run state: enough to rebuild the
 * overlay after a reload (bases, proposals, provenance, line attribution).
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
