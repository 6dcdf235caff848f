import { z } from 'zod';
import type { PendingPath, WorkspaceView } from '../changes/types';
import type { SearchMatch, SearchQuery } from '../workspace/ports';
import { cutLine, plural } from './output-text';
import { toWorkspacePath } from './path-arg';
import { defineTool, type ToolOutput } from './tool';

export const SEARCH_DEFAULT_RESULTS = 100;
export const SEARCH_MAX_RESULTS = 500;
const MATCH_LINE_CHARS = 300;

const input = z
  .object({
    query: z.string().min(1).describe('Text to find (literal unless regex is true).'),
    regex: z.boolean().optional().describe('Treat query as a regular expression (Rust/ripgrep syntax). Default false.'),
    fileTypes: z
      .array(z.string().min(1))
      .optional()
      .describe("Only files with these extensions, e.g. ['ts', 'tsx']."),
    path: z.string().optional().describe('Folder (or file) to search in, workspace-relative. Default: the whole workspace.'),
    caseSensitive: z.boolean().optional().describe('Match case exactly. Default false.'),
    maxResults: z
      .number()
      .int()
      .min(1)
      .max(SEARCH_MAX_RESULTS)
      .optional()
      .describe(`Most matches to show. Default ${SEARCH_DEFAULT_RESULTS}, at most ${SEARCH_MAX_RESULTS}.`),
  })
  .strict();

export const searchCodebaseTool = defineTool({
  name: 'search_codebase',
  description: [
    'Search file contents across the workspace (ripgrep; .gitignore respected). Returns matching lines grouped by file, as "line: text".',
    'Use it to find definitions, usages, error messages or config keys before reading files; then read_file around the line numbers.',
    'Literal text by default; set regex for a regular expression. Case-insensitive unless caseSensitive is true.',
    `Narrow with path (a folder) and fileTypes (extensions). Shows up to maxResults matches (default ${SEARCH_DEFAULT_RESULTS}) and counts the rest.`,
    'Your pending edits are searched too: results for files you changed come from your proposed content.',
  ].join('\n'),
  input,
  risk: 'read',
  async run(args, ctx): Promise<ToolOutput> {
    const scope = args.path === undefined ? '' : (await toWorkspacePath(ctx, args.path)).rel;
    const maxResults = args.maxResults ?? SEARCH_DEFAULT_RESULTS;
    const query: SearchQuery = {
      query: args.query,
      regex: args.regex ?? false,
      caseSensitive: args.caseSensitive ?? false,
      fileTypes: args.fileTypes?.map((t) => t.replace(/^\*?\./, '')),
      path: scope === '' ? undefined : scope,
      maxResults,
      signal: ctx.signal,
    };
    const result = await ctx.search.search(query);
    const pending = ctx.view.pendingPaths?.() ?? [];
    let matches = result.matches;
    let omitted = result.omitted;
    if (pending.length > 0) {
      const overlay = await searchPending(ctx.view, pending, query);
      const touched = new Set(pending.map((p) => p.path));
      matches = [...matches.filter((m) => !touched.has(m.path)), ...overlay];
      matches.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
      if (matches.length > maxResults) {
        omitted += matches.length - maxResults;
        matches = matches.slice(0, maxResults);
      }
    }
    const described = `${args.regex ? `/${args.query}/` : JSON.stringify(args.query)}${scope ? ` in ${scope}` : ''}`;
    if (matches.length === 0) {
      return {
        content: `No matches for ${described}${args.caseSensitive ? ' (case-sensitive)' : ''}.`,
        details: { matches: 0, omitted: 0, engine: result.engine },
      };
    }
    const files = new Map<string, SearchMatch[]>();
    for (const m of matches) {
      const list = files.get(m.path);
      if (list) list.push(m);
      else files.set(m.path, [m]);
    }
    const total = matches.length + omitted;
    const out = [`${plural(total, 'match', 'matches')}${omitted > 0 ? ' (at least)' : ''} for ${described}, in ${plural(files.size, 'file')} shown:`];
    for (const [path, list] of files) {
      out.push('', path);
      for (const m of list) out.push(`  ${m.line}: ${cutLine(m.text.trimEnd(), MATCH_LINE_CHARS)}`);
    }
    if (omitted > 0) {
      out.push(
        '',
        `… ${omitted} more not shown; narrow with path, fileTypes or a more specific query` +
          (maxResults < SEARCH_MAX_RESULTS ? `, or raise maxResults (up to ${SEARCH_MAX_RESULTS}).` : '.'),
      );
    }
    return {
      content: out.join('\n'),
      details: { matches: matches.length, omitted, files: files.size, engine: result.engine },
    };
  },
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Searches the proposed content of pending files (the search port only sees the disk). */
async function searchPending(view: WorkspaceView, pending: readonly PendingPath[], query: SearchQuery): Promise<SearchMatch[]> {
  let pattern: RegExp;
  try {
    pattern = new RegExp(query.regex ? query.query : escapeRegExp(query.query), query.caseSensitive ? '' : 'i');
  } catch {
    return []; // ripgrep syntax JS cannot read: the disk results stand.
  }
  const prefix = query.path ? `${query.path}/` : '';
  const types = query.fileTypes?.map((t) => t.toLowerCase());
  const found: SearchMatch[] = [];
  for (const p of pending) {
    if (p.kind === 'delete') continue;
    if (query.path && p.path !== query.path && !p.path.startsWith(prefix)) continue;
    if (types && !types.includes((p.path.split('.').pop() ?? '').toLowerCase())) continue;
    const text = await view.readText(p.path).catch(() => undefined);
    if (text === undefined || text.includes('\0')) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      const m = pattern.exec(line);
      if (m) found.push({ path: p.path, line: i + 1, column: m.index + 1, text: line });
    });
  }
  return found;
}
