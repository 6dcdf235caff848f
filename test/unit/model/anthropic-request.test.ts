import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toApiParams } from '../../../src/core/model/anthropic-request';
import type { ModelRequest } from '../../../src/core/model/types';

const base: ModelRequest = {
  system: 'Foreman agent',
  messages: [
    { role: 'user', content: 'Issue text' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'read_file', input: { filePath: 'a' } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'body', is_error: false }] },
  ],
  tools: [
    { name: 'read_file', description: 'Read', input_schema: { type: 'object', properties: {} } },
    { name: 'finish', description: 'Finish', input_schema: { type: 'object' } },
  ],
  maxTokens: 2048,
};

describe('toApiParams', () => {
  test('maps every field of the request', () => {
    const params = toApiParams(
      { ...base, model: 'claude-opus-4-8', toolChoice: { type: 'tool', name: 'finish' }, temperature: 0.2, stopSequences: ['END'] },
      'claude-sonnet-4-6',
    );
    assert.equal(params.model, 'claude-opus-4-8');
    assert.equal(params.max_tokens, 2048);
    assert.deepEqual(params.system, [{ type: 'text', text: 'Foreman agent' }]);
    assert.deepEqual(params.tool_choice, { type: 'tool', name: 'finish' });
    assert.equal(params.temperature, 0.2);
    assert.deepEqual(params.stop_sequences, ['END']);
    assert.equal(params.messages[0]!.content, 'Issue text');
    assert.deepEqual(params.messages[2]!.content, [{ type: 'tool_result', tool_use_id: 't1', content: 'body', is_error: false }]);
    assert.equal(JSON.stringify(params).includes('cache_control'), false, 'no cache unless asked');
  });

  test("uses the client's model when the request names none; omits empty optional fields", () => {
    const params = toApiParams({ system: '', messages: [{ role: 'user', content: 'x' }], maxTokens: 10, stopSequences: [] }, 'claude-haiku-4-5');
    assert.equal(params.model, 'claude-haiku-4-5');
    assert.deepEqual(Object.keys(params).sort(), ['max_tokens', 'messages', 'model']);
  });

  test("cache 'auto' marks last tool, system, first user message and the tail", () => {
    const params = toApiParams({ ...base, cache: 'auto' }, 'm');
    const marked = JSON.stringify(params).match(/cache_control/g) ?? [];
    assert.equal(marked.length, 4);
    assert.equal(params.tools![0]!.cache_control, undefined);
    assert.deepEqual((params.tools![1] as { cache_control?: unknown }).cache_control, { type: 'ephemeral' });
    assert.deepEqual((params.system as Array<{ cache_control?: unknown }>)[0]!.cache_control, { type: 'ephemeral' });
    assert.deepEqual(params.messages[0]!.content, [{ type: 'text', text: 'Issue text', cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual((params.messages[2]!.content as Array<{ cache_control?: unknown }>)[0]!.cache_control, { type: 'ephemeral' });
    assert.equal(JSON.stringify(params.messages[1]).includes('cache_control'), false);
  });
});
