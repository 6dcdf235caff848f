import type { FileSystem } from '../workspace/ports';

/** A short listing of the repository for the planner: paths only, capped. */
export async function workspaceOverview(fs: FileSystem, signal: AbortSignal, limit = 150): Promise<string> {
  try {
    const { entries, omitted } = await fs.list('', { recursive: true, limit, signal });
    const lines = entries.filter((e) => e.type === 'file').map((e) => e.path);
    return lines.join('\n') + (omitted > 0 ? `\n(${omitted} more entries)` : '');
  } catch (error) {
    return `(listing failed: ${error instanceof Error ? error.message : String(error)})`;
  }
}
