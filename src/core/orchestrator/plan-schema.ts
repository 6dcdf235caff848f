import { z } from 'zod';

/**
 * The planner's answer, `submit_plan`: a public contract (users and test
 * scripts write model scripts against these names and fields).
 */

export const WorkerRoleSchema = z.enum(['analyze', 'design', 'code', 'test', 'document']);
export type WorkerRole = z.infer<typeof WorkerRoleSchema>;

/** Bounded so a runaway plan (1,000 subtasks) is answered with an error, not run. */
export const MAX_SUBTASKS = 12;

export const SubtaskSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'ids are 1-40 letters, digits, "_", "." or "-"')
    .describe('Short unique id, e.g. "analyze-1", "fix-parser"'),
  role: WorkerRoleSchema.describe('analyze | design | code | test | document'),
  description: z.string().min(1).describe('What this worker must do, concretely'),
  context: z.string().optional().describe('What the worker needs to know that is not in the issue'),
  dependsOn: z.array(z.string()).optional().describe('Ids of subtasks whose results this one needs'),
  files: z.array(z.string()).optional().describe('Workspace-relative files it expects to touch'),
  verify: z.string().optional().describe('A command that passes when the subtask is done, e.g. "npm test"'),
});
export type Subtask = z.infer<typeof SubtaskSchema>;

export const PlanModeSchema = z.enum(['single-agent', 'orchestrated']);
export type PlanMode = z.infer<typeof PlanModeSchema>;

export const PlanSchema = z.object({
  analysis: z.string().describe('What the issue asks and what the code does today'),
  strategy: z.string().describe('How the work is split and why'),
  mode: PlanModeSchema.describe('single-agent for a simple, local change; orchestrated otherwise'),
  acceptanceCriteria: z.array(z.string()).min(1).describe('A checklist drawn from the issue'),
  subtasks: z.array(SubtaskSchema).min(1).max(MAX_SUBTASKS),
});
export type Plan = z.infer<typeof PlanSchema>;

export const SUBMIT_PLAN = 'submit_plan';
export const SUBMIT_PLAN_DESCRIPTION =
  'Submit the plan for this issue: analysis, strategy, mode, acceptance criteria and the subtasks (a DAG through dependsOn).';
