/**
 * search_codebase through the tool registry (input parsed, engine run,
 * results grouped and capped as the model sees them) against plain `rg` on
 * the same query, over a generated 50k-file tree; then the same with the JS
 * engine (what runs when no rg can be found). Every timed answer is checked
 * against rg's: the same first matches in path order and the same count.
 */
import { ChangeSet } from '../../src/core/changes/changeset';
import { createToolRegistry, type ToolRegistry } from '../../src/core/tools/registry';
import { defaultTools } from '../../src/core/tools/default-tools';
import type { ToolContext } from '../../src/core/tools/tool';
import { NodeCommandRunner } from '../../src/core/workspace/node-runner';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import { fileTypeGlobs } from '../../src/core/workspace/file-types';
import { createSearch, findRipgrepOnPath } from '../../src/core/workspace/search-factory';
import { comparePaths, WorkspaceFiles } from '../../src/core/workspace/workspace-files';
import type { BenchContext, Benchmark } from './bench';
import { generateSourceTree, NEEDLE } from './fixtures/source-tree';
import { round, runProcess, sample, sampleInterleaved, type Samples } from './measure';
import { atMost, figure, reference, type Figure } from './report';

interface Query {
  id: string;
  input: { query: string; regex?: boolean; caseSensitive?: boolean; fileTypes?: string[] };
  /**
   * False when the tool, by design, stops early (it has shown 100 and counted
   * 2,000 more) while rg prints every match: such a query is reported but kept
   * out of the ratios, which compare the same work.
   */
  sameWork: boolean;
}

/** What agents search for: a rare identifier, a common one, a regex, a typed search, and a very common word. */
const QUERIES: Query[] = [
  { id: 'rare', input: { query: NEEDLE }, sameWork: true },
  { id: 'identifier', input: { query: 'validateSession', caseSensitive: true }, sameWork: true },
  { id: 'regex', input: { query: 'class \\w+Service\\b', regex: true, caseSensitive: true }, sameWork: true },
  { id: 'typed', input: { query: 'TODO', fileTypes: ['go'], caseSensitive: true }, sameWork: true },
  { id: 'common', input: { query: 'return' }, sameWork: false },
];
const SAME_WORK = QUERIES.filter((q) => q.sameWork).length;

const TOOL_MAX_RESULTS = 100;

interface Hit {
  path: string;
  line: number;
}

/** The equivalent plain rg command line (what a developer would type), run in the workspace root. */
export function rgArgs(q: Query['input']): string[] {
  const args = ['--line-number', '--no-heading', '--color', 'never'];
  args.push(q.caseSensitive ? '--case-sensitive' : '--ignore-case');
  if (!q.regex) args.push('--fixed-strings');
  for (const glob of fileTypeGlobs(q.fileTypes)) args.push('--glob', glob);
  args.push('--regexp', q.query, '.');
  return args;
}

export function parseRgOutput(stdout: string): Hit[] {
  const hits: Hit[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(?:\.\/)?([^:]+):(\d+):/.exec(line);
    if (m) hits.push({ path: m[1]!, line: Number(m[2]) });
  }
  return hits.sort((a, b) => comparePaths(a.path, b.path) || a.line - b.line);
}

/** The tool's answer back into hits: "N matches …" then blocks of "path" and "  line: text". */
export function parseToolOutput(content: string): { total: number; atLeast: boolean; hits: Hit[] } {
  const lines = content.split('\n');
  const head = /^(\d+) match(?:es)?( \(at least\))?/.exec(lines[0] ?? '');
  if (!head) return { total: 0, atLeast: false, hits: [] };
  const hits: Hit[] = [];
  let path = '';
  for (const line of lines.slice(1)) {
    const m = /^ {2}(\d+): /.exec(line);
    if (m) hits.push({ path, line: Number(m[1]) });
    else if (line !== '' && !line.startsWith('… ')) path = line;
  }
  return { total: Number(head[1]), atLeast: head[2] !== undefined, hits };
}

function toolContext(root: string, engine: 'rg' | 'js', files: WorkspaceFiles, signal: AbortSignal): ToolContext {
  const fs = new NodeFileSystem(root, { files });
  const changes = new ChangeSet(fs);
  return {
    fs,
    view: changes,
    changes,
    search: createSearch({ root, files, ...(engine === 'js' ? { rgPath: null } : {}) }),
    runner: new NodeCommandRunner(),
    sandbox: async () => root,
    approveCommand: async () => ({ decision: 'deny', reason: 'benchmark' }),
    provenance: { workerId: 'bench' },
    signal,
    limits: { commandTimeoutMs: 60_000, maxOutputChars: 10_000, readMaxLines: 400 },
  };
}

/** Compares one tool answer with rg's full answer; returns a problem or undefined. */
export function checkAgainstRg(label: string, tool: ReturnType<typeof parseToolOutput>, rg: Hit[]): string | undefined {
  const expected = rg.slice(0, TOOL_MAX_RESULTS);
  const same = tool.hits.length === expected.length && tool.hits.every((h, i) => h.path === expected[i]!.path && h.line === expected[i]!.line);
  if (!same) {
    const first = tool.hits.findIndex((h, i) => h.path !== expected[i]?.path || h.line !== expected[i]?.line);
    return `${label}: the shown matches differ from rg's (first difference at #${first}: ${JSON.stringify(tool.hits[first])} vs ${JSON.stringify(expected[first])}; ${tool.hits.length} vs ${expected.length} shown)`;
  }
  if (tool.atLeast ? tool.total > rg.length : tool.total !== rg.length) {
    return `${label}: the tool counts ${tool.total}${tool.atLeast ? ' (at least)' : ''} matches, rg finds ${rg.length}`;
  }
  return undefined;
}

async function runTool(registry: ToolRegistry, ctx: ToolContext, q: Query): Promise<string> {
  const out = await registry.run('search_codebase', q.input, ctx);
  if (out.isError) throw new Error(`search_codebase failed for ${q.id}: ${out.content}`);
  return out.content;
}

export const searchBench: Benchmark = {
  name: 'search',
  title: 'search_codebase (tool path) vs plain rg, and the JS fallback, over a generated 50k-file tree',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const rgPath = findRipgrepOnPath();
    if (!rgPath) {
      ctx.warn('rg is not on PATH: the search figures need it as the reference');
      return [
        figure('search.ratio_vs_rg', null, 'x', { note: 'not measured: rg not found on PATH' }),
        figure('search.fallback_ratio_vs_rg', null, 'x', { note: 'not measured: rg not found on PATH' }),
      ];
    }
    ctx.log('generating the source tree …');
    const tree = generateSourceTree(ctx.tmp);
    ctx.log(`  ${tree.files} files, ${(tree.bytes / 1e6).toFixed(0)} MB, generated in ${(tree.generateMs / 1000).toFixed(1)} s, staged in git in ${(tree.gitMs / 1000).toFixed(1)} s`);
    const root = tree.root;
    const registry = createToolRegistry(defaultTools());
    // Each search lists the workspace afresh, as an agent's searches (seconds apart) do: the listing cache lives 2 s.
    const rgFiles = new WorkspaceFiles(root);
    const jsFiles = new WorkspaceFiles(root);
    const rgCtx = toolContext(root, 'rg', rgFiles, ctx.signal);
    const jsCtx = toolContext(root, 'js', jsFiles, ctx.signal);

    const figures: Figure[] = [];
    let toolTotal = 0;
    let rgTotal = 0;
    let jsTotal = 0;
    for (const q of QUERIES) {
      const args = rgArgs(q.input);
      const plain = await runProcess(rgPath, args, { cwd: root, signal: ctx.signal });
      if (plain.code !== 0 && plain.code !== 1) throw new Error(`rg failed for ${q.id}: ${plain.stderr}`);
      const expected = parseRgOutput(plain.stdout);

      let toolAnswer = '';
      let jsAnswer = '';
      const timed = await sampleInterleaved(
        {
          rg: async () => {
            const run = await runProcess(rgPath, args, { cwd: root, signal: ctx.signal });
            if (run.code !== 0 && run.code !== 1) throw new Error(`rg failed: ${run.stderr}`);
          },
          tool: async () => {
            toolAnswer = await runTool(registry, rgCtx, q);
          },
        },
        { warmup: 1, reps: 7, before: () => rgFiles.invalidate() },
      );
      const js: Samples = await sample(
        async () => {
          jsAnswer = await runTool(registry, jsCtx, q);
        },
        { warmup: 1, reps: 3, before: () => jsFiles.invalidate() },
      );

      for (const [label, answer] of [['tool (rg)', toolAnswer], ['tool (JS fallback)', jsAnswer]] as const) {
        const problem = checkAgainstRg(`search ${q.id}, ${label}`, parseToolOutput(answer), expected);
        if (problem) ctx.warn(problem);
      }
      if (q.sameWork) {
        toolTotal += timed.tool.median;
        rgTotal += timed.rg.median;
        jsTotal += js.median;
      }
      figures.push(
        reference(`search.${q.id}.matches`, expected.length, 'lines'),
        reference(`search.${q.id}.rg_ms`, round(timed.rg.median, 1), 'ms'),
        reference(`search.${q.id}.tool_ms`, round(timed.tool.median, 1), 'ms'),
        reference(`search.${q.id}.fallback_ms`, round(js.median, 1), 'ms', q.sameWork ? undefined : 'both engines stop after 100 shown + 2,000 counted; rg prints every line'),
      );
      ctx.log(`  ${q.id}: ${expected.length} lines; rg ${timed.rg.median.toFixed(0)} ms, tool ${timed.tool.median.toFixed(0)} ms, JS fallback ${js.median.toFixed(0)} ms`);
    }
    return [
      figure('search.ratio_vs_rg', round(toolTotal / rgTotal, 2), 'x', { target: atMost(1.2, '≤ 1.2× rg') }),
      reference('search.tool_ms', round(toolTotal, 1), 'ms', `sum of medians over the ${SAME_WORK} full-scan queries`),
      reference('search.rg_ms', round(rgTotal, 1), 'ms', `sum of medians over the ${SAME_WORK} full-scan queries`),
      figure('search.fallback_ratio_vs_rg', round(jsTotal / rgTotal, 2), 'x', { target: atMost(1.2, '≤ 1.2× rg') }),
      reference('search.fallback_ms', round(jsTotal, 1), 'ms', `sum of medians over the ${SAME_WORK} full-scan queries`),
      reference('search.files', tree.files, 'files'),
      reference('search.tree_mb', round(tree.bytes / 1e6, 1), 'MB'),
      ...figures,
    ];
  },
};
