import { z } from 'zod';

/**
 * What the user (settings, CLI flags) controls about a solve. Parsed with
 * zod so every field has its default in one place.
 */
export const SolveSettingsSchema = z.object({
  /** Step limit of each agent worker. */
  maxStepsPerWorker: z.number().int().positive().default(40),
  /** Wall clock of one worker attempt, minutes. */
  workerTimeoutMinutes: z.number().positive().default(20),
  budgets: z
    .object({
      maxUsd: z.number().positive().optional(),
      maxTokens: z.number().int().positive().optional(),
      maxMinutes: z.number().positive().optional(),
    })
    .default({ maxUsd: 5, maxMinutes: 30 }),
  /** Subtasks running at once. */
  concurrency: z.number().int().min(1).max(16).default(3),
  /** Re-plans after synthesis when criteria are unmet or a worker failed. */
  maxReplans: z.number().int().min(0).max(5).default(1),
  /** 'ask': approvePlan is called before workers start; 'auto': plans run as proposed. */
  planApproval: z.enum(['ask', 'auto']).default('auto'),
  /** Share of the context window at which an agent compacts its conversation. */
  compactAtShare: z.number().min(0.3).max(0.95).default(0.7),
  contextWindow: z.number().int().positive().default(200_000),
  maxOutputTokens: z.number().int().positive().default(8192),
  commandPolicy: z
    .object({ allow: z.array(z.string()).default([]), deny: z.array(z.string()).default([]) })
    .default({ allow: [], deny: [] }),
  commandTimeoutMs: z.number().int().positive().default(120_000),
  /** Characters of each dependency's result passed to a dependent worker. */
  dependencyContextChars: z.number().int().positive().default(6000),
  /** analyze/design/document: a read-only agent that reads the code ('agent'), or one structured call ('single-call'). */
  readOnlyWorkers: z.enum(['agent', 'single-call']).default('agent'),
  /**
   * A command that must pass in the sandbox before a code or test worker's
   * finish counts, for subtasks whose plan names no verification of its own.
   */
  verifyCommand: z.string().trim().min(1).optional(),
  /** Repairs of an invalid structured answer (plan, result, synthesis). */
  repairAttempts: z.number().int().min(0).max(5).default(2),
});
export type SolveSettings = z.infer<typeof SolveSettingsSchema>;
export type SolveSettingsInput = z.input<typeof SolveSettingsSchema>;
