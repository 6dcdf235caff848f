import { z } from 'zod';
import { BinaryFileError } from '../changes/errors';
import { FileNotFoundError } from '../workspace/ports';
import { cutLine, looksBinary } from './output-text';
import { shownPath, toWorkspacePath } from './path-arg';
import { defineTool, type ToolOutput } from './tool';

/** Lines longer than this are cut (minified code would flood the context). */
export const READ_MAX_LINE_CHARS = 2000;
/** A page never returns more than this many characters, whatever the line count. */
export const READ_MAX_PAGE_CHARS = 100_000;
/** Files above this size on disk are not read at all. */
export const READ_MAX_FILE_BYTES = 20 * 1024 * 1024;

const input = z
  .object({
    filePath: z.string().min(1).describe('File to read: workspace-relative (src/app.ts) or absolute inside the workspace.'),
    startLine: z.number().int().min(1).optional().describe('First line to show, 1-based. Default 1.'),
    endLine: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Last line to show, inclusive. Default: one page after startLine.'),
  })
  .strict();

export const readFileTool = defineTool({
  name: 'read_file',
  description: [
    'Read a text file of the workspace, with line numbers ("  12\\t<text>").',
    'You see your own pending edits: the file as it will be if your proposals are accepted.',
    'Large files come in pages; the result ends with a note such as "showing lines 1-400 of 1200; call again with startLine=401".',
    'Use startLine/endLine to read a specific range (for example around a search_codebase hit). Very long lines are cut with a marker.',
    'Binary files and directories are refused (use list_files for directories). Errors name the problem, e.g. "File not found: src/x.ts".',
    'The line numbers are not part of the file: never copy them into edit_file\'s oldText.',
  ].join('\n'),
  input,
  risk: 'read',
  async run({ filePath, startLine, endLine }, ctx): Promise<ToolOutput> {
    const { rel } = await toWorkspacePath(ctx, filePath);
    const shown = shownPath(rel);
    if (rel === '') return error(`${shown} is the workspace root, a directory: use list_files to see its contents.`);
    if (!(await ctx.view.exists(rel))) {
      const stat = await ctx.fs.stat(rel);
      if (stat?.type === 'directory') return error(`${shown} is a directory: use list_files to see its contents.`);
      return error(`File not found: ${shown}. Use list_files or search_codebase to find the right path.`);
    }
    const stat = await ctx.fs.stat(rel).catch(() => undefined);
    if (stat?.type === 'directory') return error(`${shown} is a directory: use list_files to see its contents.`);
    if (stat && stat.size > READ_MAX_FILE_BYTES && !isPending(ctx.view.pendingPaths?.(), rel)) {
      return error(
        `${shown} is ${Math.round(stat.size / 1024 / 1024)} MB, too large to read. Use search_codebase to find the lines you need.`,
      );
    }
    let text: string;
    try {
      text = await ctx.view.readText(rel);
    } catch (e) {
      if (e instanceof FileNotFoundError) return error(`File not found: ${shown}.`);
      if (e instanceof BinaryFileError) return error(`${shown} looks like a binary file; read_file only shows text.`);
      throw e;
    }
    if (looksBinary(text)) return error(`${shown} looks like a binary file; read_file only shows text.`);
    return { content: page(shown, text, startLine, endLine, ctx.limits.readMaxLines), details: { path: rel } };
  },
});

function error(content: string): ToolOutput {
  return { content, isError: true };
}

function isPending(pending: ReadonlyArray<{ path: string }> | undefined, rel: string): boolean {
  return pending?.some((p) => p.path === rel) ?? false;
}

function page(shown: string, text: string, startLine: number | undefined, endLine: number | undefined, maxLines: number): string {
  if (text === '') return `${shown} is empty (0 lines).`;
  const lines = text.split(/\r?\n/);
  // A final newline ends the last line; it does not start another one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = lines.length;
  const first = startLine ?? 1;
  if (first > total) {
    return `${shown} has ${total} lines; startLine ${first} is past the end. Call again with startLine between 1 and ${total}.`;
  }
  if (endLine !== undefined && endLine < first) {
    return `endLine ${endLine} is before startLine ${first}; nothing to show.`;
  }
  const wantedLast = Math.min(total, endLine ?? first + maxLines - 1);
  const last = Math.min(wantedLast, first + maxLines - 1);
  const width = Math.max(4, String(last).length);
  const out: string[] = [];
  let chars = 0;
  let shownLast = first - 1;
  for (let n = first; n <= last; n++) {
    const line = `${String(n).padStart(width)}\t${cutLine(lines[n - 1]!, READ_MAX_LINE_CHARS)}`;
    if (chars + line.length > READ_MAX_PAGE_CHARS && out.length > 0) break;
    out.push(line);
    chars += line.length + 1;
    shownLast = n;
  }
  if (first === 1 && shownLast === total) return out.join('\n');
  const more = shownLast < total ? `; call again with startLine=${shownLast + 1} to read on` : '';
  return `${out.join('\n')}\n\n(showing lines ${first}-${shownLast} of ${total}${more})`;
}
