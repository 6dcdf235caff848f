import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compactContext, estimateTokens, maskOldToolOutputs, SUMMARY_OPEN } from '../../../src/core/agent/compaction';
import { runAgent } from '../../../src/core/agent/loop';
import type { Message, ModelRequest } from '../../../src/core/model/types';
import { ScriptedModel, call, recordingSink, reply, text } from '../../support/scripted-model';
import { agentOptions, memoryTools } from './harness';

const big = 'x'.repeat(4000);

/** task, then n turns of (assistant read_file, user tool_result of 4000 chars). */
function conversation(turns: number): Message[] {
  const messages: Message[] = [{ role: 'user', content: 'THE TASK' }];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `turn ${i}` }, { type: 'tool_use', id: `t${i}`, name: 'read_file', input: { filePath: `f${i}` } }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: `t${i}`, content: `${i}:${big}` }] });
  }
  return messages;
}

/** The API's pairing rule: each tool_result answers a tool_use of the message just before. */
function assertValidPairing(messages: Message[]): void {
  messages.forEach((m, i) => {
    if (i > 0) assert.notEqual(m.role, messages[i - 1]?.role, `roles alternate at ${i}`);
    if (m.role !== 'user' || typeof m.content === 'string') return;
    const prev = messages[i - 1];
    const ids = prev && Array.isArray(prev.content) ? prev.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) : [];
    for (const b of m.content) if (b.type === 'tool_result') assert.ok(ids.includes(b.tool_use_id), `tool_result ${b.tool_use_id} follows its tool_use`);
  });
  assert.equal(messages[0]?.role, 'user');
}

describe('compaction', () => {
  test('masking stubs old tool outputs, keeps the task and the last turns intact', () => {
    const before = conversation(6);
    const after = maskOldToolOutputs(before, 2);
    assert.equal(after[0], before[0]);
    assert.match(JSON.stringify(after[2]), /output of read_file \(4002 chars\) removed/);
    assert.deepEqual(after.slice(-4), before.slice(-4));
    assert.match(JSON.stringify(before[2]), /xxxx/, 'the input is not mutated');
    assertValidPairing(after);
  });

  test('summarises older turns with a Foreman compaction call when masking is not enough', async () => {
    const summariser = new ScriptedModel([reply([text('Read f0..f3; nothing changed yet.')], 'end_turn')]);
    const sink = recordingSink();
    const messages = conversation(6);
    const result = await compactContext({
      model: summariser,
      system: 'Foreman agent',
      tools: [],
      messages,
      targetTokens: 100,
      keepRecentTurns: 2,
      maxOutputTokens: 1000,
      events: sink,
      signal: new AbortController().signal,
      step: 7,
    });
    const request = summariser.requests[0] as ModelRequest;
    assert.equal(request.system.split('\n')[0], 'Foreman compaction');
    assert.match(JSON.stringify(request.messages), /turn 0/);
    assert.equal(result.messages.length, 5);
    const first = result.messages[0];
    assert.ok(first && Array.isArray(first.content));
    assert.deepEqual(first.content[0], { type: 'text', text: 'THE TASK' });
    assert.match(JSON.stringify(first.content[1]), /Read f0..f3/);
    assert.deepEqual(result.messages.slice(1), messages.slice(-4));
    assertValidPairing(result.messages);
    assert.deepEqual(sink.events.filter((e) => e.type === 'context_compacted').map((e) => e.type === 'context_compacted' && e.strategy), ['mask', 'summarise']);
    assert.ok(result.usage && result.costUsd !== undefined);
    assert.ok(result.tokens < estimateTokens('Foreman agent', [], messages));
  });

  test('a second summary replaces the first instead of piling up', async () => {
    const summariser = new ScriptedModel([reply([text('S1')], 'end_turn'), reply([text('S2')], 'end_turn')]);
    const base = { model: summariser, system: 's', tools: [], targetTokens: 10, keepRecentTurns: 1, maxOutputTokens: 500, events: recordingSink(), signal: new AbortController().signal, step: 1 };
    const once = await compactContext({ ...base, messages: conversation(3) });
    const grown = [...once.messages, ...conversation(3).slice(1).map((m, i) => ({ ...m, content: JSON.parse(JSON.stringify(m.content).replaceAll('"t', `"u`)) as never }))];
    const twice = await compactContext({ ...base, messages: grown as Message[] });
    const first = twice.messages[0];
    assert.ok(first && Array.isArray(first.content));
    assert.equal(first.content.filter((b) => b.type === 'text' && b.text.startsWith(SUMMARY_OPEN)).length, 1);
    assert.match(JSON.stringify(summariser.requests[1]?.messages), /Summary of even earlier work:[\s\S]*S1/);
    assertValidPairing(twice.messages);
  });

  test('the loop compacts when the estimate passes the share of the window, and goes on', async () => {
    const files = new Map(Array.from({ length: 8 }, (_, i) => [`f${i}`, `${i}${big}`] as [string, string]));
    const script = [...Array.from({ length: 8 }, (_, i) => call('read_file', { filePath: `f${i}` })), call('finish', { summary: 'done' })];
    const model = new ScriptedModel([], {
      fallback: (request) => (request.system.startsWith('Foreman compaction') ? reply([text('summary of reads')], 'end_turn') : (script.shift() ?? call('finish', { summary: 'x' }))),
    });
    const options = agentOptions(model, {
      tools: memoryTools(files),
      limits: { maxSteps: 30, maxMs: 10_000, maxOutputTokens: 500, contextWindow: 3000, compactAtShare: 0.5 },
      keepRecentTurns: 1,
    });
    const outcome = await runAgent(options);
    assert.equal(outcome.stop.kind, 'done');
    const compactions = options.sink.events.filter((e) => e.type === 'context_compacted');
    const strategies = new Set(compactions.map((e) => e.type === 'context_compacted' && e.strategy));
    assert.deepEqual([...strategies].sort(), ['mask', 'summarise']);
    for (const request of model.requests.filter((r) => r.system.startsWith('Foreman agent'))) {
      const size = estimateTokens(request.system, request.tools ?? [], request.messages);
      assert.ok(size <= 3000 - 500, `every agent call fits (${size})`);
      assertValidPairing(request.messages);
      const first = request.messages[0];
      const firstText = typeof first?.content === 'string' ? first.content : first?.content[0]?.type === 'text' ? first.content[0].text : '';
      assert.equal(firstText, options.task);
    }
    assert.ok(model.requests.some((r) => r.system.startsWith('Foreman compaction')));
  });
});
