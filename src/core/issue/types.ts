import { z } from 'zod';

export const IssueCommentSchema = z.object({
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type IssueComment = z.infer<typeof IssueCommentSchema>;

/**
 * The task as the orchestrator sees it. Every field but `ref` is untrusted
 * text from the issue's authors: it goes to the model as data (see prompt.ts).
 */
export const IssueSchema = z.object({
  /** Short label: 'owner/repo#12', 'file:/abs/a.md', or 'text'. */
  ref: z.string(),
  title: z.string(),
  body: z.string(),
  url: z.string().optional(),
  state: z.enum(['open', 'closed', 'unknown']),
  labels: z.array(z.string()),
  author: z.string().optional(),
  comments: z.array(IssueCommentSchema),
});
export type Issue = z.infer<typeof IssueSchema>;

/** One row of the pick list of open issues. */
export const IssueSummarySchema = z.object({
  number: z.number(),
  title: z.string(),
  url: z.string(),
  labels: z.array(z.string()),
  author: z.string().optional(),
  updatedAt: z.string(),
  comments: z.number(),
});
export type IssueSummary = z.infer<typeof IssueSummarySchema>;

/** An issue made from plain text: ref 'text', title from its first line. */
export function issueFromText(text: string, ref = 'text'): Issue {
  const trimmed = text.trim();
  const heading = /^#{1,6}\s+(.+)$/m.exec(trimmed);
  const firstLine = trimmed.split('\n', 1)[0] ?? '';
  const rawTitle = heading?.[1] ?? firstLine;
  const title = rawTitle.length > 100 ? `${rawTitle.slice(0, 97)}...` : rawTitle;
  return { ref, title: title.trim() || 'Untitled task', body: trimmed, state: 'unknown', labels: [], comments: [] };
}
