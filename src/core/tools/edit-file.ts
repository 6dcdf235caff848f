import { z } from 'zod';
import { BinaryFileError } from '../changes/errors';
import { findEdit, type EditMatchRange, type EditStrategy } from './edit-match';
import { cutLine, looksBinary, plural } from './output-text';
import { toWorkspacePath } from './path-arg';
import { defineTool, type ToolOutput } from './tool';

/** Lines of the edited region echoed back (plus a little context). */
const ECHO_MAX_LINES = 30;
const ECHO_CONTEXT = 2;

const input = z
  .object({
    filePath: z.string().min(1).describe('File to edit: workspace-relative or absolute inside the workspace.'),
    oldText: z
      .string()
      .describe('Exact existing text to replace, copied from the file (whole lines are best). Must match exactly one place.'),
    newText: z.string().describe('Replacement text. Empty string deletes oldText.'),
    replaceAll: z.boolean().optional().describe('Replace every occurrence of oldText instead of requiring exactly one. Default false.'),
  })
  .strict();

const STRATEGY_NOTES: Record<EditStrategy, string> = {
  exact: '',
  'line-endings': " (matched after converting your line endings to the file's)",
  'trailing-whitespace': ' (matched ignoring trailing whitespace)',
  indentation: " (matched ignoring indentation; newText was re-indented to the file's style)",
  'blank-lines': " (matched ignoring blank lines and indentation; newText was re-indented to the file's style)",
};

export const editFileTool = defineTool({
  name: 'edit_file',
  description: [
    'Replace text in an existing file. Your edit is a proposal: the user reviews it before anything touches their files; later reads show it.',
    'oldText must be copied from the file exactly (read it first, without the line-number prefix of read_file) and must match exactly one place;',
    'include a few surrounding lines to make it unique, or set replaceAll to change every occurrence.',
    'Small whitespace differences are tolerated (trailing spaces, indentation, tabs vs spaces, CRLF); newText is then re-indented to match the file.',
    'Never abbreviate with "..." or "// existing code": oldText with a placeholder does not match, and newText with one is refused.',
    'Errors explain what went wrong: "not found" shows the closest lines with their numbers, "matches N places" lists them.',
    'To create a new file use create_file; to remove one, delete_file.',
  ].join('\n'),
  input,
  risk: 'write',
  async run({ filePath, oldText, newText, replaceAll }, ctx): Promise<ToolOutput> {
    const { rel } = await toWorkspacePath(ctx, filePath);
    if (rel === '' || (await ctx.fs.stat(rel))?.type === 'directory') {
      return { content: `${rel || '.'} is a directory; edit_file edits one file.`, isError: true };
    }
    if (!(await ctx.view.exists(rel))) {
      return { content: `File not found: ${rel}. Use create_file to create a new file.`, isError: true };
    }
    const content = await ctx.view.readText(rel).catch((e: unknown) => {
      if (e instanceof BinaryFileError) return '\0';
      throw e;
    });
    if (looksBinary(content)) return { content: `${rel} looks like a binary file; edit_file only edits text.`, isError: true };
    const result = findEdit(content, oldText, newText, { replaceAll });
    if (!result.ok) {
      return {
        content: `edit_file failed for ${rel}: ${result.message}`,
        isError: true,
        details: { path: rel, reason: result.reason, candidates: result.candidates },
      };
    }
    await ctx.changes.write(rel, result.content, ctx.provenance);
    return {
      content: describeEdit(rel, result.content, result.matches, result.strategy),
      details: { path: rel, strategy: result.strategy, matches: result.matches },
    };
  },
});

function describeEdit(rel: string, content: string, matches: EditMatchRange[], strategy: EditStrategy): string {
  const first = matches[0]!;
  const where =
    matches.length === 1
      ? rangeText(first)
      : `${plural(matches.length, 'place')} (now at lines ${matches.map((m) => m.newStartLine).join(', ')})`;
  const head = `Edited ${rel}: ${where}${STRATEGY_NOTES[strategy]}.`;
  const lines = content.split(/\r?\n/);
  const from = Math.max(1, first.newStartLine - ECHO_CONTEXT);
  const to = Math.min(lines.length, Math.max(first.newEndLine, first.newStartLine - 1) + ECHO_CONTEXT, from + ECHO_MAX_LINES - 1);
  const width = Math.max(4, String(to).length);
  const echo: string[] = [];
  for (let n = from; n <= to; n++) echo.push(`${String(n).padStart(width)}\t${cutLine(lines[n - 1] ?? '', 300)}`);
  const label = matches.length > 1 ? 'The first place now reads' : 'It now reads';
  return `${head}\n${label}:\n${echo.join('\n')}`;
}

function rangeText(m: EditMatchRange): string {
  const old = m.startLine === m.endLine ? `line ${m.startLine}` : `lines ${m.startLine}-${m.endLine}`;
  if (m.newEndLine < m.newStartLine) return `removed ${old}`;
  const now = m.newStartLine === m.newEndLine ? `line ${m.newStartLine}` : `lines ${m.newStartLine}-${m.newEndLine}`;
  return `replaced ${old} (now ${now})`;
}
