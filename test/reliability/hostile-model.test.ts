/**
 * Hostile or broken model output, through the real SDK and the fake: wrong
 * tool names, missing and extra arguments, huge arguments, the same bad call
 * forever, and plans with cycles, unknown dependencies or 1,000 subtasks.
 * Each is answered with an error the model can act on, retried a bounded
 * number of times, and never crashes the run or loses its record.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { issueFromText } from '../../src/core/issue/types';
import { createAnthropicModelClient } from '../../src/core/model/anthropic';
import { solveIssue } from '../../src/core/orchestrator/solve';
import { RunBus } from '../../src/core/run/bus';
import type { RunEvent } from '../../src/core/run/events';
import { createSandboxFactory } from '../../src/core/sandbox';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import { createSearch } from '../../src/core/workspace/search-factory';
import { startFakeAnthropic, type FakeScript } from '../support/fake-anthropic';
import type { TempRepo } from '../support/temp-repo';
import { agentRun, agentTurn, fullTreeHash, readableStop, RecordingRunner, smallRepo, tempDir, toolUse } from './support/harness';
import { reliabilityFile } from './support/tally';
import { rmSync } from 'node:fs';

const { scenario } = reliabilityFile(__filename);
const repos: TempRepo[] = [];
after(() => repos.forEach((r) => r.cleanup()));
const repo = () => {
  const r = smallRepo();
  repos.push(r);
  return r;
};

const results = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'tool_result' ? [e] : []));

scenario('wrong tool names, missing and extra arguments: actionable errors, the run goes on', { timeout: 30_000 }, async (_t, verdict) => {
  const r = repo();
  const before = fullTreeHash(r.root);
  const run = await agentRun({
    repo: r,
    script: {
      entries: [
        agentTurn(0, { reply: { content: [toolUse('rm_rf', { path: '/' }), toolUse('bash', { command: 'id' })] } }),
        agentTurn(1, { reply: { content: [toolUse('edit_file', { filePath: 'src/sum.js' })] } }),
        agentTurn(2, { reply: { content: [toolUse('read_file', { filePath: 'src/sum.js', evil: true, startLine: -5 })] } }),
        agentTurn(3, { reply: { content: [toolUse('edit_file', { filePath: 'src/sum.js', oldText: 'let total = 1;', newText: 'let total = 0;' })] } }),
        agentTurn(4, { reply: { content: [toolUse('finish', { summary: 'fixed' })] } }),
      ],
    },
  });
  if (run.record.problems.length) verdict.lost(run.record.problems.join('; '));
  if (fullTreeHash(r.root) !== before) verdict.lost('the workspace changed');
  if (run.runner.ran.length) verdict.escape(`ran ${run.runner.ran.join(', ')}`);
  assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
  const out = results(run.record.events);
  assert.ok(out.slice(0, 4).every((e) => e.isError), 'every bad call is an is_error result');
  const text = JSON.stringify(run.outcome.messages);
  assert.match(text, /Unknown tool \\"rm_rf\\"\. Available tools: read_file/);
  assert.match(text, /Invalid arguments for edit_file:[^"]*oldText/);
  assert.match(text, /Invalid arguments for read_file/);
  assert.deepEqual(run.changes.files().map((f) => f.path), ['src/sum.js']);
});

scenario(
  'a huge tool argument is refused with an actionable error and the run goes on',
  { timeout: 30_000 },
  async (_t, verdict) => {
    const r = repo();
    const run = await agentRun({
      repo: r,
      script: {
        entries: [
          agentTurn(0, { reply: { content: [toolUse('create_file', { filePath: 'big.txt', content: 'x'.repeat(1_200_000) })] } }),
          agentTurn(1, { reply: { content: [toolUse('edit_file', { filePath: 'src/sum.js', oldText: 'let total = 1;', newText: 'let total = 0;' })] } }),
          agentTurn(2, { reply: { content: [toolUse('finish', { summary: 'fixed' })] } }),
        ],
      },
    });
    if (run.record.problems.length) verdict.lost(run.record.problems.join('; '));
    const first = results(run.record.events)[0];
    assert.ok(first?.isError);
    assert.match(JSON.stringify(run.outcome.messages), /too large \(\d+ characters; the limit is 1000000\)/);
    assert.ok(!run.changes.files().some((f) => f.path === 'big.txt'), 'the huge file never became a proposal');
    assert.equal(run.outcome.stop.kind, 'done', run.outcome.stop.message);
    assert.ok(JSON.stringify(run.outcome.messages).length < 200_000, 'the refused input is not carried in the transcript');
  },
);

scenario('the same invalid call forever is stopped by the loop detector, readably', { timeout: 30_000 }, async (_t, verdict) => {
  const run = await agentRun({
    repo: repo(),
    limits: { maxSteps: 30 },
    script: { entries: [{ match: { system: '^Foreman agent' }, reply: { content: [toolUse('edit_file', { filePath: 'src/sum.js', oldText: 'nope', newText: 'x' })] } }] },
  });
  if (run.record.problems.length) verdict.lost(run.record.problems.join('; '));
  assert.equal(run.outcome.stop.kind, 'loop', run.outcome.stop.message);
  assert.ok(run.outcome.steps < 30, `stopped after ${run.outcome.steps} steps`);
  assert.ok(readableStop(run.outcome.stop));
});

scenario('a model that only talks and never calls a tool is stopped, readably', { timeout: 30_000 }, async () => {
  const run = await agentRun({
    repo: repo(),
    limits: { maxSteps: 30 },
    script: { entries: [{ match: { system: '^Foreman agent' }, reply: { content: [{ type: 'text', text: 'I will now think about it.' }] } }] },
  });
  assert.ok(['loop', 'max_steps'].includes(run.outcome.stop.kind), run.outcome.stop.kind);
  assert.ok(readableStop(run.outcome.stop));
});

/** A solve whose planner answers with these tool inputs, in order (the last repeats). */
async function planWith(verdict: { lost(what: string): void }, inputs: Array<Record<string, unknown>>) {
  const r = repo();
  const before = fullTreeHash(r.root);
  const entries: FakeScript['entries'] = inputs.map((input, turn) => ({
    match: { system: '^Foreman planner', ...(turn < inputs.length - 1 ? { turn } : {}) },
    reply: { content: [toolUse('submit_plan', input)] },
  }));
  const fake = await startFakeAnthropic({ script: { entries } });
  const events: RunEvent[] = [];
  const bus = new RunBus('hostile-plan');
  bus.subscribe((e) => events.push(e));
  const sandboxBase = tempDir('foreman-rel-plan-sb-');
  const runner = new RecordingRunner();
  try {
    const outcome = await solveIssue({
      runId: 'hostile-plan',
      task: issueFromText('# sum is off by one'),
      workspace: { fs: new NodeFileSystem(r.root), search: createSearch({ root: r.root }), runner, sandboxes: createSandboxFactory({ workspaceRoot: r.root, baseDir: sandboxBase }) },
      model: createAnthropicModelClient({ apiKey: 'sk-test', baseURL: fake.url, model: 'claude-sonnet-4-6', maxRetries: 0 }),
      approveCommand: async () => ({ decision: 'deny' }),
      events: bus,
      signal: new AbortController().signal,
    });
    if (fullTreeHash(r.root) !== before) verdict.lost('the workspace changed');
    if (events.at(-1)?.type !== 'run_finished') verdict.lost('the run did not end with run_finished');
    return { outcome, events, plannerCalls: fake.requests.length };
  } finally {
    await fake.close();
    rmSync(sandboxBase, { recursive: true, force: true });
  }
}

const base = { analysis: 'a', strategy: 's', mode: 'orchestrated', acceptanceCriteria: ['works'] };
const sub = (id: string, dependsOn: string[] = []) => ({ id, role: 'code', description: `do ${id}`, dependsOn });

scenario('a plan with a cycle is sent back for repair, at most twice, then a readable stop', { timeout: 30_000 }, async (_t, verdict) => {
  const { outcome, events, plannerCalls } = await planWith(verdict, [{ ...base, subtasks: [sub('a', ['b']), sub('b', ['a'])] }]);
  assert.equal(outcome.stop.kind, 'invalid_output');
  assert.match(outcome.stop.message, /planning failed/);
  assert.match(outcome.stop.message, /cycle/i);
  assert.equal(plannerCalls, 3, 'one try and two repairs');
  assert.equal(events.filter((e) => e.type === 'plan_invalid').length, 3);
  assert.ok(readableStop(outcome.stop));
});

scenario('a plan of 1,000 subtasks is refused, repaired, bounded', { timeout: 30_000 }, async (_t, verdict) => {
  const many = Array.from({ length: 1000 }, (_, i) => sub(`t${i}`, i > 0 ? [`t${i - 1}`] : []));
  const { outcome, plannerCalls } = await planWith(verdict, [{ ...base, subtasks: many }]);
  assert.equal(outcome.stop.kind, 'invalid_output');
  assert.match(outcome.stop.message, /12/);
  assert.equal(plannerCalls, 3);
  assert.ok(outcome.stop.message.length < 2000, 'the stop does not dump the plan');
});

scenario('a plan with an unknown dependency and missing fields is repaired by the model', { timeout: 30_000 }, async (_t, verdict) => {
  const { outcome, events, plannerCalls } = await planWith(verdict, [
    { ...base, subtasks: [sub('a', ['ghost'])] },
    { analysis: 'a', subtasks: 'all of them' },
    { ...base, mode: 'single-agent', subtasks: [sub('a')] },
  ]);
  assert.equal(plannerCalls >= 3, true);
  const invalid = events.flatMap((e) => (e.type === 'plan_invalid' ? [e.error] : []));
  assert.match(invalid[0] ?? '', /ghost/);
  assert.ok(events.some((e) => e.type === 'plan_proposed'), 'the repaired plan is used');
  // The worker then meets a script with no entry for it: a readable model_error, not a crash.
  assert.ok(readableStop(outcome.stop), JSON.stringify(outcome.stop));
});
