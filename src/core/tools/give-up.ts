import { z } from 'zod';
import { defineTool } from './tool';

const input = z
  .object({
    reason: z
      .string()
      .min(1)
      .describe('Why the task cannot be done: what you tried, what blocked you, what the user could do.'),
  })
  .strict();

export const giveUpTool = defineTool({
  name: 'give_up',
  description: [
    'Call when you cannot complete the task (missing information, impossible request, repeated failures you cannot fix).',
    'The run stops; pending edits stay for the user to review or discard. Prefer finish when the task is done.',
  ].join('\n'),
  input,
  risk: 'control',
  async run({ reason }) {
    return { content: 'Giving up.', control: { kind: 'give_up', reason } };
  },
});
