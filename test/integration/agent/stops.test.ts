import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TempRepo } from '../../support/temp-repo';
import type { StopKind } from '../../../src/core/run/events';
import { demoRepo, everyTurn, recordedAgentRun, treeHash, type RecordedRun } from './agent-harness';

const readCart = { content: [{ type: 'tool_use' as const, name: 'read_file', input: { filePath: 'src/cart.js' } }], stop_reason: 'tool_use' as const };
const limits = { maxSteps: 20, maxMs: 30_000, maxOutputTokens: 4096, contextWindow: 200_000, compactAtShare: 0.8 };

/** The stop in the outcome, in the run_finished event and in meta.json agree. */
function assertRecordedStop(run: RecordedRun, kind: StopKind, message: RegExp): void {
  assert.equal(run.outcome.stop.kind, kind, run.outcome.stop.message);
  assert.match(run.outcome.stop.message, message);
  const finished = run.recorded.find((e) => e.type === 'run_finished');
  assert.ok(finished && finished.type === 'run_finished');
  assert.deepEqual(finished.stop, run.outcome.stop);
  assert.deepEqual(run.meta.stop, run.outcome.stop);
  const log = run.recorded.find((e) => e.type === 'log' && e.message.startsWith(`agent stopped (${kind})`));
  assert.ok(log, 'the loop logged its stop');
}

describe('every stop condition through the real SDK and the fake model, with its record', () => {
  let repo: TempRepo;
  let hash: string;
  before(() => {
    repo = demoRepo();
    hash = treeHash(repo.root);
  });
  after(() => {
    assert.equal(treeHash(repo.root), hash, 'no stop touched the repository');
    repo.cleanup();
  });

  test('give_up', async () => {
    const run = await recordedAgentRun({ repo, script: everyTurn({ content: [{ type: 'tool_use', name: 'give_up', input: { reason: 'the issue needs a product decision' } }], stop_reason: 'tool_use' }) });
    assertRecordedStop(run, 'gave_up', /^gave up: the issue needs a product decision$/);
  });

  test('max steps', async () => {
    let n = 0;
    const script = { entries: Array.from({ length: 5 }, () => ({ match: { system: '^Foreman agent', turn: n }, reply: { content: [{ type: 'tool_use' as const, name: 'list_files', input: { path: n++ === 0 ? 'src' : 'test' } }], stop_reason: 'tool_use' as const } })) };
    const run = await recordedAgentRun({ repo, script, overrides: { limits: { ...limits, maxSteps: 2 } } });
    assertRecordedStop(run, 'max_steps', /^reached the limit of 2 steps$/);
    assert.equal(run.fake.requests.length, 2);
  });

  test('wall clock, while the model is still answering', async () => {
    const started = Date.now();
    const run = await recordedAgentRun({ repo, script: everyTurn(readCart, { delayMs: 10_000 }), overrides: { limits: { ...limits, maxMs: 400 } } });
    assertRecordedStop(run, 'time', /^ran out of time after 400 ms$/);
    assert.ok(Date.now() - started < 3000);
  });

  test('token budget', async () => {
    const run = await recordedAgentRun({ repo, script: everyTurn(readCart), overrides: { limits: { ...limits, maxTokens: 1000 } } });
    assertRecordedStop(run, 'token_budget', /^used [\d,]+ tokens of the 1,000-token budget$/);
    assert.equal(run.outcome.steps, 1);
  });

  test('dollar budget', async () => {
    const run = await recordedAgentRun({ repo, script: everyTurn(readCart), overrides: { limits: { ...limits, maxUsd: 0.000001 } } });
    assertRecordedStop(run, 'cost_budget', /^spent \$0\.\d+ of the \$0\.0000 budget$/);
    const costs = run.recorded.filter((e) => e.type === 'model_call_finished').map((e) => (e.type === 'model_call_finished' ? e.costUsd : null));
    assert.ok(costs.every((c) => c !== null && c > 0));
  });

  test('repeated action', async () => {
    const run = await recordedAgentRun({ repo, script: everyTurn(readCart) });
    assertRecordedStop(run, 'loop', /read_file was called 3 times with the same input/);
    assert.equal(run.outcome.steps, 3);
  });

  test('cancel, in the middle of a streamed reply', async () => {
    const started = Date.now();
    const run = await recordedAgentRun({ repo, script: everyTurn(readCart, { delayMs: 10_000 }), abortAfterMs: 300 });
    assertRecordedStop(run, 'cancelled', /^cancelled by user$/);
    assert.ok(Date.now() - started < 3000);
  });

  test('cancel reaches a running command in the sandbox', async () => {
    const script = everyTurn({ content: [{ type: 'tool_use', name: 'run_command', input: { command: 'sleep 30' } }], stop_reason: 'tool_use' });
    const started = Date.now();
    const run = await recordedAgentRun({
      repo,
      script,
      abortAfterMs: 1500,
      allow: ['sleep'],
    });
    assertRecordedStop(run, 'cancelled', /^cancelled by user$/);
    assert.ok(Date.now() - started < 10_000, 'the sleep was killed, not waited out');
  });

  test('refusal', async () => {
    const run = await recordedAgentRun({ repo, script: everyTurn({ content: [{ type: 'text', text: 'I cannot help with that.' }], stop_reason: 'refusal' }) });
    assertRecordedStop(run, 'refusal', /declined/);
  });

  test('context window', async () => {
    const run = await recordedAgentRun({ repo, script: everyTurn({ content: [{ type: 'text', text: 'x' }], stop_reason: 'model_context_window_exceeded' }) });
    assertRecordedStop(run, 'context_window', /no longer fits/);
  });

  test('model error after the client gave up: the API message reaches the user', async () => {
    const run = await recordedAgentRun({ repo, script: { entries: [{ match: { system: '^Foreman agent' }, fault: { kind: 'http', status: 400 } }] } });
    assertRecordedStop(run, 'model_error', /rejected the request \(HTTP 400\): scripted 400 error/);
    assert.equal(run.fake.requests.length, 1, '400 is never retried');
  });

  test('finish with a failing verification goes back to the model, which then gives up', async () => {
    const script = {
      entries: [
        { match: { system: '^Foreman agent', turn: 0 }, reply: { content: [{ type: 'tool_use' as const, name: 'finish', input: { summary: 'nothing to do' } }], stop_reason: 'tool_use' as const } },
        { match: { system: '^Foreman agent', turn: 1 }, reply: { content: [{ type: 'tool_use' as const, name: 'give_up', input: { reason: 'tests fail' } }], stop_reason: 'tool_use' as const } },
      ],
    };
    const run = await recordedAgentRun({ repo, script, overrides: { verify: 'npm test' } });
    assertRecordedStop(run, 'gave_up', /tests fail/);
    const second = run.fake.requests[1]?.body as { messages: { content: unknown }[] };
    assert.match(JSON.stringify(second.messages.at(-1)), /verification command `npm test` exited with 1.*is_error.*true|is_error.*true.*verification command `npm test` exited with 1/);
  });
});
