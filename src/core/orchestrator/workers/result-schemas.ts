import { z } from 'zod';
import type { WorkerRole } from '../plan-schema';

/**
 * Each role's answer through `submit_result` (public names and fields).
 * Code and test workers are agents that end with `finish`; their result is
 * built from the agent's outcome and the changes they proposed.
 */

export const SUBMIT_RESULT = 'submit_result';

export const AnalyzeResultSchema = z.object({
  findings: z.string().describe('What is wrong or needed, and where, with evidence'),
  relevantFiles: z.array(z.string()).describe('Workspace-relative paths that matter for this task'),
  reproduction: z.string().describe('How to reproduce the problem (command, input, expected vs actual)'),
});

export const DesignResultSchema = z.object({
  changes: z
    .array(z.object({ file: z.string(), change: z.string().describe('What changes in this file and why') }))
    .describe('The intended changes, file by file'),
  notes: z.string().optional(),
});

export const CodeResultSchema = z.object({
  changes: z.array(z.object({ file: z.string(), why: z.string() })).describe('Changes made, and why'),
  summary: z.string(),
});

export const TestResultSchema = z.object({
  testsAdded: z.array(z.string()).describe('Test files or test names added'),
  command: z.string().describe('The command that runs them'),
  resultBefore: z.string().describe('Its result without the fix (should fail)'),
  resultAfter: z.string().describe('Its result with the fix (should pass)'),
});

export const DocumentResultSchema = z.object({
  docChanges: z.array(z.object({ file: z.string(), change: z.string() })).describe('Docs and changelog changes'),
  prTitle: z.string(),
  prBody: z.string(),
});

export const RESULT_SCHEMAS = {
  analyze: AnalyzeResultSchema,
  design: DesignResultSchema,
  code: CodeResultSchema,
  test: TestResultSchema,
  document: DocumentResultSchema,
} as const satisfies Record<WorkerRole, z.ZodType>;

export type AnalyzeResult = z.infer<typeof AnalyzeResultSchema>;
export type DesignResult = z.infer<typeof DesignResultSchema>;
export type CodeResult = z.infer<typeof CodeResultSchema>;
export type TestResult = z.infer<typeof TestResultSchema>;
export type DocumentResult = z.infer<typeof DocumentResultSchema>;

export type WorkerResult =
  | { role: 'analyze'; data: AnalyzeResult }
  | { role: 'design'; data: DesignResult }
  | { role: 'code'; data: CodeResult }
  | { role: 'test'; data: TestResult }
  | { role: 'document'; data: DocumentResult };

export const SUBMIT_RESULT_DESCRIPTION: Record<WorkerRole, string> = {
  analyze: 'Submit your analysis: findings, relevant files, and how to reproduce.',
  design: 'Submit the design: the intended changes, file by file.',
  code: 'Submit the changes you made and why.',
  test: 'Submit the tests added, the command, and its result before and after the fix.',
  document: 'Submit the docs and changelog changes, and the pull request title and body.',
};
