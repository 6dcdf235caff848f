import { readFile } from 'node:fs/promises';
import { fetchIssue, type GitHubOptions } from './github';
import { parseIssueRef, type IssueRef, type ParseIssueRefOptions } from './ref';
import { issueFromText, type Issue } from './types';

/**
 * From what the user typed (or an already parsed ref) to an Issue: GitHub
 * references are fetched, a file is read, text is taken as is.
 */
export async function loadIssue(
  input: string | IssueRef,
  options: GitHubOptions & ParseIssueRefOptions = {},
): Promise<Issue> {
  const ref = typeof input === 'string' ? parseIssueRef(input, options) : input;
  switch (ref.kind) {
    case 'text':
      return issueFromText(ref.text);
    case 'file': {
      const text = await readFile(ref.path, { encoding: 'utf8', signal: options.signal });
      if (text.trim() === '') throw new Error(`Issue file is empty: ${ref.path}`);
      return issueFromText(text, `file:${ref.path}`);
    }
    default:
      return fetchIssue(ref, options);
  }
}
