import { z } from 'zod';
import { plural } from './output-text';
import { toWorkspacePath } from './path-arg';
import { defineTool, type ToolOutput } from './tool';

const input = z
  .object({
    filePath: z.string().min(1).describe('Path of the new file: workspace-relative or absolute inside the workspace. Missing folders are created.'),
    content: z.string().describe('The whole content of the new file.'),
  })
  .strict();

export const createFileTool = defineTool({
  name: 'create_file',
  description: [
    'Create a new file with the given content. Like every edit, it is a proposal the user reviews before it reaches their files.',
    'Refused when the file already exists: use edit_file to change an existing file (or delete_file first to replace it entirely).',
    'Paths outside the workspace or inside .git/ are refused.',
  ].join('\n'),
  input,
  risk: 'write',
  async run({ filePath, content }, ctx): Promise<ToolOutput> {
    const { rel } = await toWorkspacePath(ctx, filePath);
    if (rel === '' || (await ctx.fs.stat(rel))?.type === 'directory') {
      return { content: `${rel || '.'} is a directory; give the path of the file to create.`, isError: true };
    }
    if (await ctx.view.exists(rel)) {
      return {
        content: `${rel} already exists. Use edit_file to change it, or delete_file first to replace it entirely.`,
        isError: true,
      };
    }
    await ctx.changes.create(rel, content, ctx.provenance);
    const lines = content === '' ? 0 : content.split(/\r?\n/).length - (/\r?\n$/.test(content) ? 1 : 0);
    return {
      content: `Created ${rel} (${plural(lines, 'line')}, ${plural(Buffer.byteLength(content, 'utf8'), 'byte')}).`,
      details: { path: rel, lines },
    };
  },
});
