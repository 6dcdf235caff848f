import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TempRepo } from '../../support/temp-repo';
import { demoRepo, recordedAgentRun, SAMPLES, treeHash, type RecordedRun } from './agent-harness';

describe('the agent solves the demo issue on a real repository', () => {
  let repo: TempRepo;
  let run: RecordedRun;
  let hashBefore: string;

  before(async () => {
    repo = demoRepo();
    hashBefore = treeHash(repo.root);
    run = await recordedAgentRun({ repo, script: join(SAMPLES, 'demo-script.json'), overrides: { verify: 'npm test' } });
  });
  after(() => repo?.cleanup());

  test('searches, reads, edits, runs the tests, sees the failure, fixes it and finishes verified', () => {
    assert.deepEqual(run.outcome.stop, { kind: 'done', message: 'finished and verified: `npm test` passed' });
    const calls = run.recorded.filter((e) => e.type === 'tool_call').map((e) => (e.type === 'tool_call' ? e.name : ''));
    assert.deepEqual(calls, ['search_codebase', 'read_file', 'edit_file', 'run_command', 'edit_file', 'run_command', 'finish']);
    const commands = run.recorded.flatMap((e) => (e.type === 'tool_result' && e.name === 'run_command' ? [e] : []));
    assert.equal(commands[0]?.details?.exitCode, 1, 'the first test run fails (the discount is still wrong)');
    assert.match(commands[0]?.output ?? '', /# fail 1/);
    assert.equal(commands[1]?.details?.exitCode, 0);
    assert.match(String(run.outcome.summary), /quantity/);
  });

  test('the search went through ripgrep and found the function', () => {
    const search = run.recorded.find((e) => e.type === 'tool_result' && e.name === 'search_codebase');
    assert.ok(search && search.type === 'tool_result');
    assert.match(search.output, /src\/cart\.js/);
  });

  test('the repository is byte-identical: every edit stayed in the overlay', () => {
    assert.equal(treeHash(repo.root), hashBefore);
    assert.equal(repo.git(['status', '--porcelain']), '');
  });

  test('the patch applies with git apply, and the tests then pass in the repository', () => {
    const patch = run.changes.unifiedPatch();
    assert.match(patch, /^diff --git a\/src\/cart\.js b\/src\/cart\.js/m);
    const file = join(repo.root, '..', `${run.runId}.patch`);
    writeFileSync(file, patch);
    repo.git(['apply', '--check', file]);
    repo.git(['apply', file]);
    const out = execFileSync('node', ['--test', 'test/'], { cwd: repo.root, env: process.env, encoding: 'utf8' });
    assert.match(out, /# fail 0/);
    repo.git(['checkout', '--', '.']);
  });

  test('the record holds the whole story: calls with usage and cost, results, the stop', () => {
    const types = new Set(run.recorded.map((e) => e.type));
    for (const type of ['model_call_started', 'model_call_finished', 'tool_call', 'tool_result', 'approval_decided', 'run_finished']) assert.ok(types.has(type as never), type);
    assert.ok(!types.has('model_text_delta'), 'live-only events are not recorded');
    const finished = run.recorded.filter((e) => e.type === 'model_call_finished');
    assert.equal(finished.length, 7);
    for (const call of finished) assert.ok(call.type === 'model_call_finished' && call.costUsd !== null && call.usage.outputTokens > 0);
    assert.equal(run.meta.status, 'finished');
    assert.equal(run.meta.stop?.kind, 'done');
  });

  test('every request carried the Foreman agent speaker line and the issue in the first user message', () => {
    const bodies = run.fake.requests.map((r) => r.body as { system: unknown; messages: { content: unknown }[] });
    assert.equal(bodies.length, 7);
    for (const body of bodies) {
      assert.match(JSON.stringify(body.system), /^"?\[?.*Foreman agent/);
      assert.match(JSON.stringify(body.messages[0]?.content), /<issue>The cart total/);
    }
  });
});
