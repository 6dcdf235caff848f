import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArgs } from '../../../src/cli/args';
import { BadInputError } from '../../../src/cli/errors';
import { formatEvent } from '../../../src/cli/print';
import type { RunEvent } from '../../../src/core/run/events';

const solve = (...argv: string[]) => {
  const parsed = parseCliArgs(['solve', ...argv]);
  assert.equal(parsed.command, 'solve');
  return parsed.command === 'solve' ? parsed.args : (undefined as never);
};

describe('parseCliArgs', () => {
  test('defaults', () => {
    const args = solve('--text', 'fix it');
    assert.equal(args.text, 'fix it');
    assert.equal(args.maxSteps, 40);
    assert.equal(args.maxMinutes, 30);
    assert.equal(args.model, 'claude-sonnet-4-6');
    assert.equal(args.apply, false);
    assert.deepEqual(args.allow, []);
  });

  test('values as separate words or with =, numbers coerced, repeatable --allow', () => {
    const args = solve('owner/repo#12', '--repo=../r', '--max-steps', '7', '--budget-usd=0.5', '--allow', 'make test', '--allow=npx vitest', '--apply', '--yes', '--json', '--demo');
    assert.equal(args.issueRef, 'owner/repo#12');
    assert.equal(args.repo, '../r');
    assert.equal(args.maxSteps, 7);
    assert.equal(args.budgetUsd, 0.5);
    assert.deepEqual(args.allow, ['make test', 'npx vitest']);
    assert.ok(args.apply && args.yes && args.json && args.demo);
  });

  test('a text that starts with dashes can follow --', () => {
    assert.equal(solve('--', '--weird-title').issueRef, '--weird-title');
  });

  for (const [argv, message] of [
    [['--max-steps', '0', '--text', 'x'], /--max-steps must be at least 1/],
    [['--max-steps', '2.5', '--text', 'x'], /whole number/],
    [['--budget-usd', '-1', '--text', 'x'], /--budget-usd must be more than 0/],
    [['--text'], /--text needs a value/],
    [['--text', '   '], /--text needs a task/],
    [['--apply=yes', '--text', 'x'], /--apply takes no value/],
    [['--repo', 'a', '--repo', 'b', '--text', 'x'], /--repo was given twice/],
    [['a', 'b'], /one issue reference at most/],
  ] as [string[], RegExp][]) {
    test(`refuses ${argv.join(' ')}`, () => {
      assert.throws(() => parseCliArgs(['solve', ...argv]), (error: unknown) => error instanceof BadInputError && message.test(error.message));
    });
  }

  test('help and version', () => {
    assert.deepEqual(parseCliArgs([]), { command: 'help' });
    assert.deepEqual(parseCliArgs(['--version']), { command: 'version' });
  });
});

describe('formatEvent', () => {
  const base = { id: 'e1', runId: 'r', ts: '2026-01-01T00:00:00.000Z' };
  test('a command result shows its exit code and the stdout tail, not stderr noise', () => {
    const line = formatEvent({ ...base, type: 'tool_result', toolUseId: 't', name: 'run_command', isError: false, output: '$ npm test\n--- stdout ---\n# pass 5\n# fail 1\n--- stderr ---\nnpm warn noise', details: { exitCode: 1 }, durationMs: 12 } as RunEvent);
    assert.match(line ?? '', /← run_command exit 1, 12 ms:/);
    assert.match(line ?? '', /# fail 1/);
    assert.doesNotMatch(line ?? '', /npm warn/);
  });

  test('how commands run (the confinement notice) is printed with the command that carries it', () => {
    const notice = '(not confined: bubblewrap not found (bwrap))';
    const line = formatEvent({ ...base, type: 'tool_result', toolUseId: 't', name: 'run_command', isError: false, output: '$ ls', details: { exitCode: 0, notice }, durationMs: 3 } as RunEvent);
    assert.match(line ?? '', /← run_command exit 0, 3 ms:\n {2}⚑ \(not confined: bubblewrap not found \(bwrap\)\)/);
  });

  test('live text deltas are not printed piecewise; the turn text is', () => {
    assert.equal(formatEvent({ ...base, type: 'model_text_delta', text: 'Hel' } as RunEvent), undefined);
    const line = formatEvent({ ...base, type: 'model_call_finished', step: 2, model: 'm', stopReason: 'tool_use', usage: { inputTokens: 1200, outputTokens: 30, cacheWriteTokens: 0, cacheReadTokens: 5000 }, costUsd: 0.0123, durationMs: 80, text: 'Reading the file.' } as RunEvent);
    assert.match(line ?? '', /Reading the file\.\n {2}· step 2 · 1,200 in, 30 out, cache 5,000 read \/ 0 written · \$0\.0123 · 80 ms/);
  });

  test('the final line names the stop', () => {
    const line = formatEvent({ ...base, type: 'run_finished', stop: { kind: 'max_steps', message: 'reached the limit of 3 steps' }, usage: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }, costUsd: null, filesChanged: 0 } as RunEvent);
    assert.equal(line, '■ max_steps: reached the limit of 3 steps · 0 file(s) changed · $?');
  });
});
