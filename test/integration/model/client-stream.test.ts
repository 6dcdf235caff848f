import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStop } from '../../../src/core/model/stop-reasons';
import type { Message, ToolSpec } from '../../../src/core/model/types';
import { ask, clientFor, collect, fakeWith, MODEL } from './helpers';

const readFile: ToolSpec = {
  name: 'read_file',
  description: 'Read a file',
  input_schema: { type: 'object', properties: { filePath: { type: 'string' } }, required: ['filePath'] },
};

describe('Anthropic client through the real SDK', () => {
  test('streams text and a tool call, then round-trips the tool result', async (t) => {
    const fake = await fakeWith(
      {
        entries: [
          {
            match: { system: '^Foreman agent', turn: 0 },
            reply: {
              content: [
                { type: 'text', text: 'I will look at the file that the issue mentions first.' },
                { type: 'tool_use', name: 'read_file', input: { filePath: 'src/a.ts' } },
              ],
            },
          },
          { match: { turn: 1 }, reply: { content: [{ type: 'text', text: 'The bug is on line 3.' }] } },
        ],
      },
      t,
    );
    const client = clientFor(fake);
    const { events, onEvent } = collect();
    const first = await client.send(ask('Fix issue 7', { tools: [readFile] }), { onEvent });

    assert.equal(first.stopReason, 'tool_use');
    assert.equal(first.model, MODEL);
    const call = first.content[1]!;
    assert.equal(call.type, 'tool_use');
    assert.match(call.type === 'tool_use' ? call.id : '', /^toolu_01\w{22}$/);
    assert.deepEqual(call.type === 'tool_use' && call.input, { filePath: 'src/a.ts' });
    const streamed = events.flatMap((e) => (e.type === 'text_delta' ? [e.text] : [])).join('');
    assert.equal(streamed, 'I will look at the file that the issue mentions first.');
    assert.ok(events.filter((e) => e.type === 'text_delta').length > 1, 'text arrives in several deltas');
    assert.deepEqual(
      events.filter((e) => e.type !== 'text_delta').map((e) => e.type),
      ['tool_use_start', 'tool_use', 'usage'],
    );
    const decision = classifyStop(first);
    assert.equal(decision.action, 'tools');

    const messages: Message[] = [
      { role: 'user', content: 'Fix issue 7' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.type === 'tool_use' ? call.id : '', content: 'const a = 1;' }] },
    ];
    const second = await client.send(ask('', { messages, tools: [readFile] }));
    assert.equal(second.stopReason, 'end_turn');
    assert.deepEqual(second.content, [{ type: 'text', text: 'The bug is on line 3.' }]);
    assert.equal(classifyStop(second).action, 'done');
    assert.equal(fake.requests.length, 2);
    assert.ok(fake.requests.every((r) => r.stream && r.status === 200));
  });

  test('every scripted stop reason reaches the caller', async (t) => {
    const reasons = ['end_turn', 'max_tokens', 'stop_sequence', 'pause_turn', 'refusal', 'model_context_window_exceeded'] as const;
    const fake = await fakeWith(
      {
        entries: reasons.map((reason) => ({
          match: { firstUser: `^${reason}$` },
          reply: { content: [{ type: 'text' as const, text: `stopped: ${reason}` }], stop_reason: reason, ...(reason === 'stop_sequence' ? { stop_sequence: 'END' } : {}) },
        })),
      },
      t,
    );
    const client = clientFor(fake);
    const actions = [];
    for (const reason of reasons) {
      const response = await client.send(ask(reason));
      assert.equal(response.stopReason, reason);
      actions.push(classifyStop(response).action);
    }
    assert.deepEqual(actions, ['done', 'continue', 'done', 'continue', 'refusal', 'context_full']);
  });

  test('usage from the stream is what the fake accounted, and is priced', async (t) => {
    const fake = await fakeWith({ entries: [{ reply: { content: [{ type: 'text', text: 'x'.repeat(40) }] } }] }, t);
    const response = await clientFor(fake).send(ask('y'.repeat(400), { system: 'z'.repeat(100) }));
    // Tokens ≈ chars / 4: system 25 + user 100 in, 10 out; no cache asked.
    assert.deepEqual(response.usage, { inputTokens: 125, outputTokens: 10, cacheWriteTokens: 0, cacheReadTokens: 0 });
  });
});
