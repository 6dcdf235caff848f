import { z } from 'zod';
import { IssueSchema } from '../issue/types';
import { RoleSchema, StopSchema, UsageSchema } from '../run/events';
import { PlanSchema } from './plan-schema';
import { SubtaskStateSchema } from './scheduler';
import { SynthesisSchema } from './synthesis-schema';

/**
 * The run's durable state, saved through the RunStore after every change so
 * a run killed mid-way can be resumed (completed subtasks are not re-run)
 * or discarded. Parsed with zod on load: a damaged file is an error, never
 * a half-resumed run.
 */

export const WorkerRecordSchema = z.object({
  workerId: z.string(),
  subtaskId: z.string(),
  role: RoleSchema,
  attempt: z.number().int(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  stop: StopSchema,
  usage: UsageSchema,
  costUsd: z.number().nullable(),
  steps: z.number().int(),
  filesChanged: z.array(z.string()),
  conflicts: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type WorkerRecord = z.infer<typeof WorkerRecordSchema>;

export const ConflictRecordSchema = z.object({ path: z.string(), workers: z.array(z.string()), message: z.string() });

export const RunPhaseSchema = z.enum(['planning', 'running', 'synthesis', 'finished']);
export type RunPhase = z.infer<typeof RunPhaseSchema>;

export const SavedRunStateSchema = z.object({
  version: z.literal(1),
  runId: z.string(),
  phase: RunPhaseSchema,
  issue: IssueSchema,
  plan: PlanSchema.optional(),
  subtasks: z.array(SubtaskStateSchema),
  workers: z.array(WorkerRecordSchema),
  conflicts: z.array(ConflictRecordSchema),
  replans: z.number().int().min(0),
  /** ChangeSet.toJSON(): proposals survive a crash. */
  changes: z.unknown(),
  usage: UsageSchema,
  costUsd: z.number(),
  synthesis: SynthesisSchema.optional(),
  stop: StopSchema.optional(),
  savedAt: z.string(),
});
export type SavedRunState = z.infer<typeof SavedRunStateSchema>;

/** Reads a state saved by a previous run; throws a readable error when it is not one. */
export function parseSavedRunState(json: unknown): SavedRunState {
  const parsed = SavedRunStateSchema.safeParse(json);
  if (!parsed.success) throw new Error(`The saved run state cannot be resumed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** A run worth resuming: saved before it finished. */
export const isResumable = (state: SavedRunState): boolean => state.phase !== 'finished';
