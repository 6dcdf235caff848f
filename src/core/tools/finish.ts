import { z } from 'zod';
import { defineTool } from './tool';

const input = z
  .object({
    summary: z
      .string()
      .min(1)
      .describe('What you changed and why, and how you verified it (commands run, results). Shown to the user.'),
  })
  .strict();

export const finishTool = defineTool({
  name: 'finish',
  description: [
    'Call when the task is done: your edits are complete and, where possible, verified with run_command.',
    'If the task has a verification command, finishing runs it first; when it fails you get the failure back and keep working.',
    'The summary is shown to the user next to your proposed changes.',
  ].join('\n'),
  input,
  risk: 'control',
  async run({ summary }) {
    return { content: 'Finishing.', control: { kind: 'finish', summary } };
  },
});
