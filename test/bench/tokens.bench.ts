/**
 * Token efficiency of a long agent run: the same 60-turn scripted run
 * (reads and searches over a real repository, real tools, the real SDK
 * client, the fake Messages API with the API's prompt-cache accounting)
 * with caching breakpoints (cache: 'auto') and without ('off'), and with and
 * without context compaction. Reported: the cache-read share of input
 * tokens, the dollar cost ratio, and the peak context of one call.
 */
import { runAgent } from '../../src/core/agent/loop';
import { agentSystemPrompt, DEFAULT_AGENT_TASK, taskMessage } from '../../src/core/agent/prompt';
import type { AgentLimits } from '../../src/core/agent/types';
import { ChangeSet } from '../../src/core/changes/changeset';
import { createAnthropicModelClient } from '../../src/core/model/anthropic';
import { costUsd } from '../../src/core/model/pricing';
import { addUsage, emptyUsage, type Usage } from '../../src/core/model/types';
import { RunBus } from '../../src/core/run/bus';
import { defaultTools } from '../../src/core/tools/default-tools';
import { NodeCommandRunner } from '../../src/core/workspace/node-runner';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import { createSearch } from '../../src/core/workspace/search-factory';
import { startFakeAnthropic, type FakeScript } from '../support/fake-anthropic';
import { createTempRepo } from '../support/temp-repo';
import type { BenchContext, Benchmark } from './bench';
import { atTurn, toolUse, type ScriptEntry } from './fixtures/model-script';
import { Random } from './fixtures/prng';
import { sourceFile } from './fixtures/source-code';
import { round } from './measure';
import { atLeast, below, figure, reference, type Figure } from './report';

export const TURNS = 60;
const MODEL = 'claude-sonnet-4-6';
/** The real API does not cache prefixes under 1,024 tokens on Sonnet models. */
const MIN_CACHEABLE_TOKENS = 1024;
const FILE_COUNT = 40;
const SEARCHES = ['validate', 'throw new Error', 'TODO', 'config', 'async ', 'logger.debug', 'export class', 'retry'];

function repoFiles(): Record<string, string> {
  const rng = new Random(60_060);
  const files: Record<string, string> = { 'package.json': '{ "name": "service", "version": "1.0.0" }\n' };
  for (let i = 0; i < FILE_COUNT; i++) files[`src/module-${String(i).padStart(2, '0')}.ts`] = sourceFile(rng, 'ts', rng.int(120, 200));
  return files;
}

/** 59 working turns (two reads for every search) and a finish; each reply says what it does, as models do. */
function script(): FakeScript {
  const entries: ScriptEntry[] = [];
  for (let turn = 0; turn < TURNS - 1; turn++) {
    const call =
      turn % 3 === 2
        ? toolUse('search_codebase', { query: SEARCHES[turn % SEARCHES.length]! })
        : toolUse('read_file', { filePath: `src/module-${String(turn % FILE_COUNT).padStart(2, '0')}.ts` });
    entries.push(atTurn('Foreman agent', turn, [{ type: 'text', text: `Step ${turn + 1}: let me look at this next, to see how the pieces fit together.` }, call]));
  }
  entries.push(atTurn('Foreman agent', TURNS - 1, [toolUse('finish', { summary: 'Read the code; nothing to change.' })]));
  entries.push({
    match: { system: '^Foreman compaction(\\n|$)' },
    reply: { content: [{ type: 'text', text: `So far: read ${FILE_COUNT} modules under src/; the services share one logger and validate their input first. ${'Details of each module: exported classes, their methods and the errors they throw. '.repeat(12)}` }] },
  });
  return { entries };
}

interface TokenRun {
  usage: Usage;
  costUsd: number;
  /** Largest prompt (input + cache reads + cache writes) of one agent turn. */
  peakContext: number;
  calls: number;
  compactions: number;
  stop: string;
}

async function agentRun(root: string, cache: 'auto' | 'off', limits: Pick<AgentLimits, 'contextWindow' | 'compactAtShare'>, signal: AbortSignal): Promise<TokenRun> {
  const fake = await startFakeAnthropic({ script: script(), minCacheableTokens: MIN_CACHEABLE_TOKENS });
  try {
    const fs = new NodeFileSystem(root);
    const changes = new ChangeSet(fs);
    const bus = new RunBus('bench-tokens');
    let compactions = 0;
    bus.subscribe((event) => {
      if (event.type === 'context_compacted') compactions++;
    });
    const model = createAnthropicModelClient({ apiKey: 'bench-key', baseURL: fake.url, model: MODEL, maxRetries: 0 });
    const outcome = await runAgent({
      model,
      system: agentSystemPrompt(),
      task: taskMessage('<issue>Explain how the services validate their input.</issue>', DEFAULT_AGENT_TASK),
      tools: defaultTools(),
      toolContext: {
        fs,
        view: changes,
        changes,
        search: createSearch({ root }),
        runner: new NodeCommandRunner(),
        sandbox: async () => root,
        approveCommand: async () => ({ decision: 'deny', reason: 'benchmark' }),
        limits: { commandTimeoutMs: 30_000, maxOutputChars: 10_000, readMaxLines: 400 },
      },
      provenance: { workerId: 'bench' },
      limits: { maxSteps: TURNS + 5, maxMs: 600_000, maxOutputTokens: 8192, ...limits },
      cache,
      events: bus,
      signal,
    });
    let usage = emptyUsage();
    let cost = 0;
    let peakContext = 0;
    let calls = 0;
    for (const request of fake.requests) {
      const u = request.reply?.usage;
      if (!u) continue;
      const callUsage: Usage = {
        inputTokens: u.input_tokens,
        outputTokens: u.output_tokens,
        cacheReadTokens: u.cache_read_input_tokens ?? 0,
        cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
      };
      usage = addUsage(usage, callUsage);
      cost += costUsd(MODEL, callUsage) ?? 0;
      calls++;
      if (request.summary?.system.startsWith('Foreman agent')) {
        peakContext = Math.max(peakContext, callUsage.inputTokens + callUsage.cacheReadTokens + callUsage.cacheWriteTokens);
      }
    }
    return { usage, costUsd: cost, peakContext, calls, compactions, stop: outcome.stop.kind };
  } finally {
    await fake.close();
  }
}

const promptTokens = (u: Usage): number => u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;

export const tokensBench: Benchmark = {
  name: 'tokens',
  title: `a ${TURNS}-turn scripted agent run: caching breakpoints on/off, compaction on/off`,
  async run(ctx: BenchContext): Promise<Figure[]> {
    const repo = createTempRepo({ files: repoFiles(), git: true, prefix: 'foreman-bench-tokens-' });
    try {
      // No compaction: a window so large that the threshold is never reached.
      const noCompaction = { contextWindow: 10_000_000, compactAtShare: 0.95 };
      // Compaction: the default 200k window, compacting at 30% of it (the lowest setting).
      const withCompaction = { contextWindow: 200_000, compactAtShare: 0.3 };
      const cached = await agentRun(repo.root, 'auto', noCompaction, ctx.signal);
      const uncached = await agentRun(repo.root, 'off', noCompaction, ctx.signal);
      const compacted = await agentRun(repo.root, 'auto', withCompaction, ctx.signal);
      for (const [label, run] of [['cached', cached], ['uncached', uncached], ['compacted', compacted]] as const) {
        if (run.stop !== 'done') ctx.warn(`tokens ${label}: the agent stopped with ${run.stop}, not done`);
        ctx.log(`  ${label}: ${run.calls} calls, prompt ${promptTokens(run.usage)} tokens (read ${run.usage.cacheReadTokens}, write ${run.usage.cacheWriteTokens}, plain ${run.usage.inputTokens}), $${run.costUsd.toFixed(3)}, peak ${run.peakContext}, compactions ${run.compactions}`);
      }
      if (cached.compactions > 0 || uncached.compactions > 0) ctx.warn('tokens: a run meant to be without compaction compacted');
      if (compacted.compactions === 0) ctx.warn('tokens: the run with compaction never compacted');
      const share = (cached.usage.cacheReadTokens / promptTokens(cached.usage)) * 100;
      return [
        figure('tokens.cache_read_share_pct', round(share, 1), '%', { target: atLeast(80, '≥ 80% of input tokens') }),
        figure('tokens.cost_ratio_cached_vs_uncached', round(cached.costUsd / uncached.costUsd, 3), 'x', { note: 'dollar cost with breakpoints / without' }),
        figure('tokens.peak_context_with_compaction', compacted.peakContext, 'tokens', {
          target: below(cached.peakContext, `< the peak without compaction (${cached.peakContext})`),
        }),
        reference('tokens.peak_context_without_compaction', cached.peakContext, 'tokens'),
        reference('tokens.input_tokens_cached', promptTokens(cached.usage), 'tokens', 'input + cache reads + cache writes, all calls'),
        reference('tokens.input_tokens_uncached', promptTokens(uncached.usage), 'tokens'),
        reference('tokens.cache_read_tokens', cached.usage.cacheReadTokens, 'tokens'),
        reference('tokens.cache_write_tokens', cached.usage.cacheWriteTokens, 'tokens'),
        reference('tokens.cost_usd_cached', round(cached.costUsd, 4), 'USD', MODEL),
        reference('tokens.cost_usd_uncached', round(uncached.costUsd, 4), 'USD', MODEL),
        reference('tokens.input_tokens_with_compaction', promptTokens(compacted.usage), 'tokens', 'all calls, the compaction calls included'),
        reference('tokens.cost_usd_with_compaction', round(compacted.costUsd, 4), 'USD'),
        reference('tokens.compactions', compacted.compactions, 'events', 'context_compacted events (mask, summarise) in the run with compaction'),
        reference('tokens.calls', cached.calls, 'calls'),
      ];
    } finally {
      repo.cleanup();
    }
  },
};
