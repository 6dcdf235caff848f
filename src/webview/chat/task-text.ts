import { ViewMessageSchema } from '../protocol';

/**
 * What the user may submit as a task or a follow-up, checked before it is
 * sent: the protocol's `submit` schema is the one source of the limits, so the
 * chat refuses a text the host would drop (and keeps it in the box) instead of
 * sending it into silence. Shared by the webview and the host (palette input).
 */

/** A readable refusal, or undefined when the text can be submitted. */
export function taskTextProblem(text: string): string | undefined {
  const parsed = ViewMessageSchema.safeParse({ type: 'submit', text });
  if (parsed.success) return undefined;
  const issue = parsed.error.issues.find((i) => i.path[0] === 'text') ?? parsed.error.issues[0];
  if (issue?.code === 'too_big') {
    const limit = Number(issue.maximum);
    return (
      `The text is ${count(text.length)} characters long; the limit is ${count(limit)}. ` +
      'Save a long task as a Markdown file in the workspace and give its path (for example docs/task.md), or shorten it.'
    );
  }
  if (issue?.code === 'too_small') return 'The task is empty: give an issue URL, owner/repo#N, #N, or describe the task in words.';
  return `This text cannot be sent: ${issue?.message ?? 'it does not match the chat protocol'}.`;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Cuts a message that quotes user input (an error echoing a huge paste) to a readable length. */
export function clipText(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
