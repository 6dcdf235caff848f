import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAgent, CANCELLED_MESSAGE } from '../../../src/core/agent/loop';
import { ModelError, type Message, type ToolResultBlock } from '../../../src/core/model/types';
import { Budget } from '../../../src/core/run/budget';
import { ScriptedModel, call, reply, text, toolUse } from '../../support/scripted-model';
import { agentOptions, fakeContext, memoryTools } from './harness';

const finish = (summary = 'fixed add') => call('finish', { summary });
const lastToolResults = (messages: Message[]): ToolResultBlock[] => {
  const last = messages.at(-1);
  return last && Array.isArray(last.content) ? last.content.filter((b): b is ToolResultBlock => b.type === 'tool_result') : [];
};

describe('runAgent: a turn', () => {
  test('reads, edits, finishes; events tell the story; usage and cost add up', async () => {
    const model = new ScriptedModel([
      reply([text('Let me look.'), toolUse('read_file', { filePath: 'src/a.js' })]),
      call('edit_file', { filePath: 'src/a.js', oldText: 'a - b', newText: 'a + b' }),
      finish(),
    ]);
    const options = agentOptions(model);
    const outcome = await runAgent(options);
    assert.deepEqual(outcome.stop, { kind: 'done', message: 'finished (no verification command was set)' });
    assert.equal(outcome.summary, 'fixed add');
    assert.equal(outcome.steps, 3);
    assert.equal(outcome.usage.inputTokens, 300);
    assert.ok(outcome.costUsd !== null && outcome.costUsd > 0);
    const types = options.sink.events.map((e) => e.type);
    assert.deepEqual(types.slice(0, 6), ['model_call_started', 'model_text_delta', 'model_call_finished', 'tool_call', 'tool_result', 'model_call_started']);
    const second = model.requests[1];
    assert.equal(second?.system.split('\n')[0], 'Foreman agent');
    assert.equal(second?.messages[0]?.content, options.task, 'the task message stays verbatim');
    assert.match(JSON.stringify(second?.messages[2]), /export const add/);
  });

  test('a tool error goes back as is_error and the loop continues', async () => {
    const model = new ScriptedModel([call('read_file', { filePath: 'nope.js' }), call('read_file', { path: 42 }), call('no_such_tool', {}), finish()]);
    const outcome = await runAgent(agentOptions(model));
    assert.equal(outcome.stop.kind, 'done');
    const results = [1, 2, 3].map((i) => lastToolResults(model.requests[i]?.messages ?? [])[0]);
    assert.equal(results[0]?.is_error, true);
    assert.match(results[0]?.content ?? '', /File not found/);
    assert.match(results[1]?.content ?? '', /Invalid arguments for read_file/);
    assert.match(results[2]?.content ?? '', /Unknown tool "no_such_tool"/);
  });

  test('a turn without a tool call is answered with a nudge', async () => {
    const model = new ScriptedModel([reply([text('I think it is done.')], 'end_turn'), finish()]);
    const outcome = await runAgent(agentOptions(model));
    assert.equal(outcome.stop.kind, 'done');
    assert.match(JSON.stringify(model.requests[1]?.messages.at(-1)), /without calling a tool/);
  });

  test('read-risk calls of one turn run in parallel, writes after them in order', async () => {
    const log: string[] = [];
    const files = new Map([['a', 'A'], ['b', 'B']]);
    const model = new ScriptedModel([
      reply([toolUse('read_file', { filePath: 'a', delayMs: 40 }), toolUse('read_file', { filePath: 'b', delayMs: 40 }), toolUse('edit_file', { filePath: 'a', oldText: 'A', newText: 'AA' })]),
      finish(),
    ]);
    await runAgent(agentOptions(model, { tools: memoryTools(files, log) }));
    assert.deepEqual(log, ['start read a', 'start read b', 'end read a', 'end read b', 'edit a']);
    const results = lastToolResults(model.requests[1]?.messages ?? []);
    assert.deepEqual(results.map((r) => r.content), ['A', 'B', 'Edited a']);
  });

  test('follow-ups from the inbox reach the model at the next turn', async () => {
    const queue = ['also handle negatives'];
    const model = new ScriptedModel([call('read_file', { filePath: 'src/a.js' }), finish()]);
    const options = agentOptions(model, { inbox: { take: () => queue.splice(0) } });
    await runAgent(options);
    assert.match(JSON.stringify(model.requests[0]?.messages), /also handle negatives/);
    assert.ok(options.sink.events.some((e) => e.type === 'user_message' && e.text === 'also handle negatives'));
  });
});

describe('runAgent: stop_reason handling', () => {
  test('pause_turn continues the same assistant message', async () => {
    const model = new ScriptedModel([reply([text('Working...')], 'pause_turn'), reply([toolUse('finish', { summary: 's' })])]);
    const outcome = await runAgent(agentOptions(model));
    assert.equal(outcome.stop.kind, 'done');
    assert.equal(model.requests[1]?.messages.at(-1)?.role, 'assistant');
    const assistants = outcome.messages.filter((m) => m.role === 'assistant');
    assert.equal(assistants.length, 1);
    assert.match(JSON.stringify(assistants[0]), /Working.*finish/);
  });

  test('a tool call cut by max_tokens is not run and the model is told to make smaller edits', async () => {
    const cut = { ...reply([text('Writing the file')], 'max_tokens'), truncatedToolUse: { id: 'toolu_cut', name: 'edit_file', partialJson: '{"filePath":"src/a.js","oldText":"a - b","newT' } };
    const files = new Map([['src/a.js', 'a - b']]);
    const model = new ScriptedModel([cut, finish()]);
    const outcome = await runAgent(agentOptions(model, { tools: memoryTools(files) }));
    assert.equal(outcome.stop.kind, 'done');
    assert.equal(files.get('src/a.js'), 'a - b');
    assert.match(JSON.stringify(model.requests[1]?.messages.at(-1)), /cut off by the output token limit in the middle of the call to edit_file.*smaller/);
  });

  test('text cut by max_tokens asks the model to continue', async () => {
    const model = new ScriptedModel([reply([text('A very long')], 'max_tokens'), finish()]);
    await runAgent(agentOptions(model));
    assert.match(JSON.stringify(model.requests[1]?.messages.at(-1)), /cut off by the output token limit/);
  });
});

describe('runAgent: every stop has its kind and message', () => {
  test('finish with a failing verification goes back to the model; a passing one ends the run', async () => {
    const ran: string[] = [];
    let fixed = false;
    const model = new ScriptedModel([
      finish('premature'),
      (request) => {
        const result = lastToolResults(request.messages)[0];
        assert.equal(result?.is_error, true);
        assert.match(result?.content ?? '', /verification command `npm test` exited with 1[\s\S]*expected 3, got -1/);
        fixed = true;
        return call('edit_file', { filePath: 'src/a.js', oldText: 'a - b', newText: 'a + b' });
      },
      finish('really fixed'),
    ]);
    const context = fakeContext(() => (fixed ? { exitCode: 0, stdout: 'ok' } : { exitCode: 1, stdout: 'expected 3, got -1' }), ran);
    const options = agentOptions(model, { verify: 'npm test', toolContext: context });
    const outcome = await runAgent(options);
    assert.deepEqual(outcome.stop, { kind: 'done', message: 'finished and verified: `npm test` passed' });
    assert.equal(outcome.summary, 'really fixed');
    assert.deepEqual(ran, ['npm test', 'npm test']);
  });

  test('a denied verification finishes but says it was not verified', async () => {
    const model = new ScriptedModel([finish()]);
    const context = { ...fakeContext(), approveCommand: async () => ({ decision: 'deny' as const, reason: 'not now' }) };
    const outcome = await runAgent(agentOptions(model, { verify: 'npm test', toolContext: context }));
    assert.equal(outcome.stop.kind, 'done');
    assert.match(outcome.stop.message, /not verified.*denied \(not now\)/);
  });

  test('give_up', async () => {
    const outcome = await runAgent(agentOptions(new ScriptedModel([call('give_up', { reason: 'needs a database' })])));
    assert.deepEqual(outcome.stop, { kind: 'gave_up', message: 'gave up: needs a database' });
    assert.equal(outcome.summary, 'needs a database');
  });

  test('max steps', async () => {
    let n = 0;
    const model = new ScriptedModel([], { fallback: () => call('read_file', { filePath: `f${n++}` }) });
    const outcome = await runAgent(agentOptions(model, { limits: { ...agentOptions(model).limits, maxSteps: 3 } }));
    assert.deepEqual(outcome.stop, { kind: 'max_steps', message: 'reached the limit of 3 steps' });
    assert.equal(outcome.steps, 3);
    assert.equal(model.requests.length, 3);
  });

  test('wall clock, also in the middle of a model call', async () => {
    const model = new ScriptedModel([], { delayMs: 5000, fallback: finish() });
    const started = Date.now();
    const outcome = await runAgent(agentOptions(model, { limits: { ...agentOptions(model).limits, maxMs: 100 } }));
    assert.equal(outcome.stop.kind, 'time');
    assert.equal(outcome.stop.message, 'ran out of time after 100 ms');
    assert.ok(Date.now() - started < 1000);
  });

  test('token budget of the agent', async () => {
    let n = 0;
    const model = new ScriptedModel([], { fallback: () => call('read_file', { filePath: `f${n++}` }) });
    const outcome = await runAgent(agentOptions(model, { limits: { ...agentOptions(model).limits, maxTokens: 400 } }));
    assert.equal(outcome.stop.kind, 'token_budget');
    assert.equal(outcome.steps, 3, '150 tokens a call: the third call reaches 450');
  });

  test('dollar budget shared by the run: a sibling spending it stops this agent', async () => {
    const run = new Budget({ maxUsd: 0.01 });
    const sibling = run.share(1);
    let n = 0;
    const model = new ScriptedModel([], {
      fallback: () => {
        if (n === 2) sibling.charge({ inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 }, 0.01);
        return call('read_file', { filePath: `f${n++}` });
      },
    });
    const outcome = await runAgent(agentOptions(model, { budget: run.share(0.5) }));
    assert.equal(outcome.stop.kind, 'cost_budget');
    assert.match(outcome.stop.message, /spent \$0\.01\d* of the \$0\.01\d* budget/);
    assert.ok(run.costUsd >= 0.01);
  });

  test('repeated action', async () => {
    const model = new ScriptedModel([], { fallback: () => call('read_file', { filePath: 'src/a.js' }) });
    const outcome = await runAgent(agentOptions(model));
    assert.equal(outcome.stop.kind, 'loop');
    assert.match(outcome.stop.message, /read_file was called 3 times with the same input/);
    assert.equal(outcome.steps, 3);
  });

  test('cancel during a model call stops promptly with the exact message', async () => {
    const controller = new AbortController();
    const model = new ScriptedModel([], { delayMs: 10_000, fallback: finish() });
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    const outcome = await runAgent(agentOptions(model, { signal: controller.signal }));
    assert.deepEqual(outcome.stop, { kind: 'cancelled', message: CANCELLED_MESSAGE });
    assert.equal(CANCELLED_MESSAGE, 'cancelled by user');
    assert.ok(Date.now() - started < 500);
  });

  test('cancel reaches a running command', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const context = fakeContext(
      (request) =>
        new Promise((resolve) => {
          request.signal?.addEventListener('abort', () => {
            sawAbort = true;
            resolve({ exitCode: null, cancelled: true });
          });
        }),
    );
    const model = new ScriptedModel([call('run_command', { command: 'sleep 100' })], { fallback: finish() });
    setTimeout(() => controller.abort(), 50);
    const outcome = await runAgent(agentOptions(model, { signal: controller.signal, toolContext: context }));
    assert.equal(outcome.stop.message, 'cancelled by user');
    assert.ok(sawAbort);
    assert.equal(model.requests.length, 1);
    const last = outcome.messages.at(-1);
    assert.equal(last?.role, 'user', 'the transcript ends with the answers to the last calls');
  });

  test('refusal', async () => {
    const outcome = await runAgent(agentOptions(new ScriptedModel([reply([], 'refusal')])));
    assert.equal(outcome.stop.kind, 'refusal');
    assert.match(outcome.stop.message, /declined/);
  });

  test('model error after the client retries', async () => {
    const model = new ScriptedModel([new ModelError('overloaded', 'Overloaded (529) after 3 retries', false, 529)]);
    const outcome = await runAgent(agentOptions(model));
    assert.deepEqual(outcome.stop, { kind: 'model_error', message: 'Overloaded (529) after 3 retries' });
  });

  test('context window: the model says it no longer fits and nothing can be compacted', async () => {
    const model = new ScriptedModel([reply([], 'model_context_window_exceeded')], { fallback: finish() });
    const outcome = await runAgent(agentOptions(model));
    assert.equal(outcome.stop.kind, 'context_window');
    assert.match(outcome.stop.message, /no longer fits in the 200,000-token context window/);
  });
});
