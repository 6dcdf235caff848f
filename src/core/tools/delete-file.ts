import { z } from 'zod';
import { toWorkspacePath } from './path-arg';
import { defineTool, type ToolOutput } from './tool';

const input = z
  .object({
    filePath: z.string().min(1).describe('File to delete: workspace-relative or absolute inside the workspace.'),
  })
  .strict();

export const deleteFileTool = defineTool({
  name: 'delete_file',
  description: [
    'Delete one file (not a folder). The deletion is a proposal the user reviews; until then the file stays on disk, but your reads and listings no longer show it.',
    'Deleting a file you created in this run simply withdraws it. Errors: "File not found", or the path is a folder.',
  ].join('\n'),
  input,
  risk: 'write',
  async run({ filePath }, ctx): Promise<ToolOutput> {
    const { rel } = await toWorkspacePath(ctx, filePath);
    if (rel === '' || (await ctx.fs.stat(rel))?.type === 'directory') {
      return { content: `${rel || '.'} is a folder; delete_file deletes one file at a time.`, isError: true };
    }
    if (!(await ctx.view.exists(rel))) {
      return { content: `File not found: ${rel}. Nothing to delete.`, isError: true };
    }
    await ctx.changes.remove(rel, ctx.provenance);
    return { content: `Deleted ${rel} (proposed).`, details: { path: rel } };
  },
});
