import { z } from 'zod';
import type { PendingPath } from '../changes/types';
import { compileGlob } from '../workspace/glob';
import { FileNotFoundError, type ListEntry } from '../workspace/ports';
import { plural } from './output-text';
import { shownPath, toWorkspacePath } from './path-arg';
import { defineTool, type ToolOutput } from './tool';

/** Entries shown per call; the rest are counted. */
export const LIST_MAX_ENTRIES = 400;

const input = z
  .object({
    path: z.string().optional().describe('Folder to list, workspace-relative. Default: the workspace root.'),
    recursive: z.boolean().optional().describe('List every file below the folder instead of its direct children. Default false.'),
    pattern: z
      .string()
      .optional()
      .describe("Glob filter, e.g. '*.ts' (file name at any depth) or 'src/**/*.test.ts' (whole path)."),
  })
  .strict();

export const listFilesTool = defineTool({
  name: 'list_files',
  description: [
    'List files and folders of the workspace (folders end with "/"). Files ignored by .gitignore and .git/ are never listed.',
    'Without recursive: the direct children of the folder. With recursive: every file below it, by path.',
    `At most ${LIST_MAX_ENTRIES} entries are shown, followed by a count of the rest; narrow with path or pattern.`,
    'Includes your pending proposals: files you created are marked "(new)", files you deleted are left out.',
    'To find code by content, use search_codebase instead.',
  ].join('\n'),
  input,
  risk: 'read',
  async run({ path, recursive, pattern }, ctx): Promise<ToolOutput> {
    const { rel } = await toWorkspacePath(ctx, path ?? '');
    const shown = shownPath(rel);
    const pending = ctx.view.pendingPaths?.() ?? [];
    const stat = await ctx.fs.stat(rel);
    const createdBelow = pending.some((p) => p.kind === 'create' && (rel === '' || p.path.startsWith(`${rel}/`)));
    if (stat?.type === 'file' || pending.some((p) => p.path === rel && p.kind !== 'delete')) {
      return { content: `${shown} is a file, not a folder: use read_file to read it.`, isError: true };
    }
    let entries: ListEntry[] = [];
    let omitted = 0;
    if (stat) {
      try {
        const listed = await ctx.fs.list(rel, { recursive, pattern, limit: LIST_MAX_ENTRIES, signal: ctx.signal });
        entries = listed.entries;
        omitted = listed.omitted;
      } catch (e) {
        if (!(e instanceof FileNotFoundError) || !createdBelow) throw e;
      }
    } else if (!createdBelow) {
      return { content: `Folder not found: ${shown}. List its parent folder to see what exists.`, isError: true };
    }
    const merged = mergePending(entries, pending, rel, !!recursive, pattern);
    const limited = merged.entries.slice(0, LIST_MAX_ENTRIES);
    omitted += merged.entries.length - limited.length;
    const header =
      `${shown === '.' ? 'Workspace root' : shown + '/'}` +
      `${recursive ? ' (recursive)' : ''}${pattern ? ` matching '${pattern}'` : ''}: ` +
      `${plural(limited.length + omitted, 'entry', 'entries')}`;
    const lines = limited.map((e) => {
      const name = rel === '' ? e.path : e.path.slice(rel.length + 1);
      return `${name}${e.type === 'directory' ? '/' : ''}${merged.created.has(e.path) ? '  (new)' : ''}`;
    });
    if (limited.length === 0) lines.push('(empty)');
    if (omitted > 0) lines.push(`… ${omitted} more not shown; narrow with path or pattern.`);
    return {
      content: [header, ...lines].join('\n'),
      details: { path: rel, shown: limited.length, omitted },
    };
  },
});

/** Adds pending creates (and the folders they imply) and drops pending deletes. */
function mergePending(
  entries: readonly ListEntry[],
  pending: readonly PendingPath[],
  rel: string,
  recursive: boolean,
  pattern: string | undefined,
): { entries: ListEntry[]; created: Set<string> } {
  const deleted = new Set(pending.filter((p) => p.kind === 'delete').map((p) => p.path));
  const out = entries.filter((e) => !deleted.has(e.path));
  const known = new Set(out.map((e) => e.path));
  const created = new Set<string>();
  const prefix = rel === '' ? '' : `${rel}/`;
  const matches = pattern ? compileGlob(pattern) : undefined;
  const accept = (p: string) => !matches || matches(p.slice(prefix.length)) || (prefix !== '' && matches(p));
  for (const p of pending) {
    if (p.kind !== 'create' || !p.path.startsWith(prefix) || known.has(p.path)) continue;
    const slash = p.path.indexOf('/', prefix.length);
    const entry: ListEntry =
      recursive || slash < 0 ? { path: p.path, type: 'file' } : { path: p.path.slice(0, slash), type: 'directory' };
    if (known.has(entry.path) || !accept(entry.path)) continue;
    known.add(entry.path);
    created.add(entry.path);
    out.push(entry);
  }
  out.sort((a, b) => (a.type === b.type ? a.path.localeCompare(b.path) : a.type === 'directory' ? -1 : 1));
  return { entries: out, created };
}
