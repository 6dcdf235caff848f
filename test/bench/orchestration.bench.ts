/**
 * Orchestration overhead: solveIssue end to end (planner, DAG scheduler,
 * agent workers with real tools on a real git repo, layer merges, synthesis,
 * run store) against the fake Messages API through the real SDK client,
 * every model call answering after the same fixed delay. The figure is the
 * run's wall time divided by the model time on the plan's critical path:
 * 1.00 would mean Foreman itself costs nothing.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueFromText } from '../../src/core/issue/types';
import { createAnthropicModelClient } from '../../src/core/model/anthropic';
import { solveIssue } from '../../src/core/orchestrator/solve';
import { RunBus } from '../../src/core/run/bus';
import { RunStore } from '../../src/core/run/store';
import { createSandboxFactory } from '../../src/core/sandbox';
import { NodeCommandRunner } from '../../src/core/workspace/node-runner';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import { createSearch } from '../../src/core/workspace/search-factory';
import { startFakeAnthropic, type FakeScript } from '../support/fake-anthropic';
import { createTempRepo } from '../support/temp-repo';
import type { BenchContext, Benchmark } from './bench';
import { atTurn, toolUse, type ScriptEntry } from './fixtures/model-script';
import { median, round } from './measure';
import { atMost, figure, reference, type Figure } from './report';

export const MODEL_DELAY_MS = 300;
/** Model calls of each worker: read a file, create one, finish. */
const WORKER_TURNS = 3;
const REPS = 5;

interface DagNode {
  id: string;
  dependsOn: string[];
}

/** Plans of N workers: N=1 is the single-agent path; 3 and 8 mix parallel and dependent workers. */
export const DAGS: Record<number, DagNode[]> = {
  1: [{ id: 'fix', dependsOn: [] }],
  3: [
    { id: 'a', dependsOn: [] },
    { id: 'b', dependsOn: [] },
    { id: 'c', dependsOn: ['a', 'b'] },
  ],
  8: [
    { id: 'a1', dependsOn: [] },
    { id: 'a2', dependsOn: [] },
    { id: 'a3', dependsOn: [] },
    { id: 'a4', dependsOn: [] },
    { id: 'b1', dependsOn: ['a1', 'a2'] },
    { id: 'b2', dependsOn: ['a3'] },
    { id: 'b3', dependsOn: ['a4'] },
    { id: 'c', dependsOn: ['b1', 'b2', 'b3'] },
  ],
};

/** Model time on the longest dependency chain: planner + the chain's worker calls + synthesis. */
export function criticalPathMs(dag: readonly DagNode[], callsPerWorker: number, delayMs: number): number {
  const depth = new Map<string, number>();
  const chain = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const node = dag.find((n) => n.id === id)!;
    const value = 1 + Math.max(0, ...node.dependsOn.map(chain));
    depth.set(id, value);
    return value;
  };
  const longest = Math.max(...dag.map((n) => chain(n.id)));
  return (1 + longest * callsPerWorker + 1) * delayMs;
}

const REPO_FILES: Record<string, string> = {
  'package.json': '{ "name": "shop", "version": "1.0.0", "scripts": { "test": "node --test" } }\n',
  'src/cart.js': "function total(items) {\n  return items.reduce((sum, item) => sum + item.price, 0);\n}\n\nmodule.exports = { total };\n",
  'README.md': '# shop\n',
};

function script(n: number, delayMs: number): FakeScript {
  const dag = DAGS[n]!;
  const single = n === 1;
  const delayed = (entry: ScriptEntry): ScriptEntry => ({ ...entry, delayMs });
  const plan = toolUse('submit_plan', {
    analysis: 'cart totals ignore quantities',
    strategy: 'one worker per module',
    mode: single ? 'single-agent' : 'orchestrated',
    acceptanceCriteria: ['totals use quantities'],
    subtasks: dag.map((node) => ({ id: node.id, role: 'code', description: `Write module ${node.id}`, dependsOn: node.dependsOn, files: [`src/${node.id}.js`] })),
  });
  const entries: ScriptEntry[] = [delayed(atTurn('Foreman planner', 0, [plan]))];
  for (const node of dag) {
    const speaker = single ? 'Foreman agent' : `Foreman worker: code ${node.id}`;
    entries.push(
      delayed(atTurn(speaker, 0, [toolUse('read_file', { filePath: 'src/cart.js' })])),
      delayed(atTurn(speaker, 1, [toolUse('create_file', { filePath: `src/${node.id}.js`, content: `// module ${node.id}\nmodule.exports = {};\n` })])),
      delayed(atTurn(speaker, 2, [toolUse('finish', { summary: `wrote src/${node.id}.js` })])),
    );
  }
  entries.push(
    delayed(
      atTurn('Foreman synthesis', 0, [
        toolUse('submit_synthesis', {
          summary: 'modules written',
          criteria: [{ criterion: 'totals use quantities', met: true, evidence: 'modules written' }],
          prTitle: 'Write modules',
          prBody: 'Writes the modules.',
        }),
      ]),
    ),
  );
  return { entries };
}

export const orchestrationBench: Benchmark = {
  name: 'orchestration',
  title: `solveIssue wall time / critical path of model time (fake model answering after ${MODEL_DELAY_MS} ms)`,
  async run(ctx: BenchContext): Promise<Figure[]> {
    const repo = createTempRepo({ files: REPO_FILES, git: true, prefix: 'foreman-bench-orch-' });
    // The run store on a real disk (its atomic writes fsync), as a user's ~/.foreman runs folder is.
    const runsDir = mkdtempSync(join(tmpdir(), 'foreman-bench-runs-'));
    const sandboxBase = join(ctx.tmp, 'sandboxes');
    mkdirSync(sandboxBase);
    const store = new RunStore(runsDir);
    const fs = new NodeFileSystem(repo.root);
    const workspace = {
      fs,
      search: createSearch({ root: repo.root }),
      runner: new NodeCommandRunner(),
      sandboxes: createSandboxFactory({ workspaceRoot: repo.root, baseDir: sandboxBase }),
    };
    const fakes = new Map<string, Awaited<ReturnType<typeof startFakeAnthropic>>>();
    let runs = 0;
    const solveOnce = async (n: number, delayMs = MODEL_DELAY_MS): Promise<number> => {
      let fake = fakes.get(`${n}/${delayMs}`);
      if (!fake) fakes.set(`${n}/${delayMs}`, (fake = await startFakeAnthropic({ script: script(n, delayMs) })));
      const runId = `bench-orch-${n}-${++runs}`;
      const bus = new RunBus(runId);
      store.startRun({ runId, task: { ref: 'text', title: 'bench' }, workspace: repo.root, model: 'claude-sonnet-4-6' });
      bus.subscribe(store.listener());
      const model = createAnthropicModelClient({ apiKey: 'bench-key', baseURL: fake.url, model: 'claude-sonnet-4-6', maxRetries: 0 });
      const started = performance.now();
      const outcome = await solveIssue({
        runId,
        task: issueFromText('# Cart totals ignore quantities\n\nThe cart total must multiply price by quantity.'),
        workspace,
        model,
        settings: { concurrency: 8, maxReplans: 0 },
        approveCommand: async () => ({ decision: 'deny', reason: 'benchmark' }),
        events: bus,
        store,
        signal: ctx.signal,
      });
      const wall = performance.now() - started;
      store.finishRun(runId, { stop: outcome.stop, usage: outcome.usage, costUsd: outcome.costUsd });
      store.close(runId);
      if (outcome.stop.kind !== 'done') ctx.warn(`orchestration N=${n}: the run stopped with ${outcome.stop.kind}: ${outcome.stop.message}`);
      const files = outcome.changes.files().length;
      if (files !== n) ctx.warn(`orchestration N=${n}: ${files} files proposed, expected ${n}`);
      return wall;
    };

    const figures: Figure[] = [];
    try {
      await solveOnce(3); // warm-up: JIT, the SDK, sockets
      const walls: Record<number, number[]> = { 1: [], 3: [], 8: [] };
      const zeroDelay: Record<number, number[]> = { 1: [], 3: [], 8: [] };
      for (let rep = 0; rep < REPS; rep++) {
        for (const n of [1, 3, 8]) {
          walls[n]!.push(await solveOnce(n));
          // The same run with an instant model: what Foreman (and the loopback HTTP) itself costs.
          zeroDelay[n]!.push(await solveOnce(n, 0));
        }
      }
      for (const n of [1, 3, 8]) {
        const critical = criticalPathMs(DAGS[n]!, WORKER_TURNS, MODEL_DELAY_MS);
        const wall = median(walls[n]!);
        figures.push(
          figure(`orchestration.overhead_ratio.n${n}`, round(wall / critical, 3), 'x', { target: atMost(1.05, '≤ 1.05') }),
          reference(`orchestration.n${n}.wall_ms`, round(wall, 1), 'ms', `median of ${REPS}`),
          reference(`orchestration.n${n}.critical_path_ms`, critical, 'ms', `${critical / MODEL_DELAY_MS} model calls of ${MODEL_DELAY_MS} ms`),
          reference(`orchestration.n${n}.zero_delay_ms`, round(median(zeroDelay[n]!), 1), 'ms', 'the same run with a model that answers at once'),
        );
        ctx.log(`  N=${n}: wall ${wall.toFixed(0)} ms, critical path ${critical} ms, ratio ${(wall / critical).toFixed(3)}`);
      }
      figures.push(reference('orchestration.model_delay_ms', MODEL_DELAY_MS, 'ms', 'per model call'));
    } finally {
      for (const fake of fakes.values()) await fake.close();
      store.close();
      repo.cleanup();
      rmSync(runsDir, { recursive: true, force: true });
    }
    return figures;
  },
};
