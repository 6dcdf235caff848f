import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { callStructured, toolSpecFor } from '../../../src/core/orchestrator/structured';
import { ModelError } from '../../../src/core/model/types';
import { ScriptedModel, recordingSink, reply, toolUse } from '../../support/scripted-model';

const Answer = z.object({ n: z.number().int(), word: z.string() });

describe('callStructured', () => {
  test('forces the tool and returns the parsed value', async () => {
    const model = new ScriptedModel(() => reply([toolUse('answer', { n: 3, word: 'x' })]));
    const events = recordingSink();
    const out = await callStructured({ model, system: 'S', user: 'U', toolName: 'answer', schema: Answer, signal: new AbortController().signal, events, price: () => 0.01 });
    assert.deepEqual(out.ok && out.value, { n: 3, word: 'x' });
    assert.deepEqual(model.requests[0]?.toolChoice, { type: 'tool', name: 'answer' });
    assert.equal(model.requests[0]?.tools?.[0]?.input_schema.type, 'object');
    assert.equal(out.costUsd, 0.01);
    assert.deepEqual(events.events.map((e) => e.type), ['model_call_started', 'model_call_finished']);
  });

  test('invalid input goes back as an is_error tool_result and is repaired', async () => {
    const model = new ScriptedModel((_r, i) => reply([toolUse('answer', i === 0 ? { n: 'three' } : { n: 3, word: 'y' })]));
    const invalid: string[] = [];
    const out = await callStructured({ model, system: 'S', user: 'U', toolName: 'answer', schema: Answer, signal: new AbortController().signal, events: recordingSink(), onInvalid: (_a, e) => invalid.push(e) });
    assert.equal(out.ok, true);
    assert.equal(out.attempts, 2);
    const second = model.requests[1]!;
    assert.equal(second.messages.length, 3);
    const last = second.messages[2]!;
    assert.ok(Array.isArray(last.content));
    const block = last.content[0]!;
    assert.equal(block.type, 'tool_result');
    assert.ok(block.type === 'tool_result' && block.is_error && /Invalid answer input/.test(block.content) && /n/.test(block.content));
    assert.equal(invalid.length, 1);
  });

  test('the semantic validator is part of the loop', async () => {
    const model = new ScriptedModel((_r, i) => reply([toolUse('answer', { n: i, word: 'w' })]));
    const out = await callStructured({ model, system: 'S', user: 'U', toolName: 'answer', schema: Answer, validate: (v) => (v.n < 2 ? `n must be >= 2, got ${v.n}` : undefined), signal: new AbortController().signal, events: recordingSink() });
    assert.ok(out.ok);
    assert.equal(out.value.n, 2);
  });

  test('stays invalid: a typed failure after two repairs, with the reason', async () => {
    const model = new ScriptedModel(() => reply([{ type: 'text', text: 'I would rather chat' }], 'end_turn'));
    const out = await callStructured({ model, system: 'S', user: 'U', toolName: 'answer', schema: Answer, signal: new AbortController().signal, events: recordingSink() });
    assert.equal(out.ok, false);
    assert.ok(!out.ok && out.stop.kind === 'invalid_output');
    assert.ok(!out.ok && /after 2 repair attempts.*must answer by calling the answer tool/.test(out.stop.message));
    assert.equal(model.requests.length, 3);
    const last = model.requests[2]!.messages.at(-1)!;
    assert.equal(last.role, 'user');
  });

  test('model errors and cancellation become stops, not throws', async () => {
    const failing = new ScriptedModel(() => new ModelError('overloaded', 'overloaded after 3 retries', true, 529));
    const out = await callStructured({ model: failing, system: 'S', user: 'U', toolName: 'answer', schema: Answer, signal: new AbortController().signal, events: recordingSink() });
    assert.ok(!out.ok && out.stop.kind === 'model_error' && /overloaded/.test(out.stop.message));
    const controller = new AbortController();
    controller.abort();
    const cancelled = await callStructured({ model: failing, system: 'S', user: 'U', toolName: 'answer', schema: Answer, signal: controller.signal, events: recordingSink() });
    assert.ok(!cancelled.ok && cancelled.stop.kind === 'cancelled');
  });

  test('refusal stops at once', async () => {
    const model = new ScriptedModel(() => reply([], 'refusal'));
    const out = await callStructured({ model, system: 'S', user: 'U', toolName: 'answer', schema: Answer, signal: new AbortController().signal, events: recordingSink() });
    assert.ok(!out.ok && out.stop.kind === 'refusal');
    assert.equal(model.requests.length, 1);
  });

  test('tool spec has no $schema and optional fields are not required', () => {
    const spec = toolSpecFor('t', 'd', z.object({ a: z.string(), b: z.string().optional() }));
    assert.equal('$schema' in spec.input_schema, false);
    assert.deepEqual(spec.input_schema.required, ['a']);
  });
});
