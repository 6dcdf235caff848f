import { z } from 'zod';
import { SubtaskSchema } from './plan-schema';

/** The synthesis answer, `submit_synthesis` (public names and fields). */
export const SUBMIT_SYNTHESIS = 'submit_synthesis';

export const SynthesisSchema = z.object({
  summary: z.string().describe('What was done, in a few sentences'),
  criteria: z
    .array(z.object({ criterion: z.string(), met: z.boolean(), evidence: z.string() }))
    .describe('Each acceptance criterion, whether it is met, and the evidence'),
  prTitle: z.string(),
  prBody: z.string(),
  openQuestions: z.array(z.string()).optional(),
  replan: z
    .object({
      reason: z.string(),
      subtasks: z.array(SubtaskSchema).min(1).describe('New subtasks; they may depend on completed ones'),
    })
    .optional()
    .describe('Only when criteria are unmet or a worker failed and more work would fix it'),
});
export type Synthesis = z.infer<typeof SynthesisSchema>;

export const SUBMIT_SYNTHESIS_DESCRIPTION =
  'Submit the synthesis: summary, each acceptance criterion with evidence, PR title and body, open questions, and optionally a re-plan.';
