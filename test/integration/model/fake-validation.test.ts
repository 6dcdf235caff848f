import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeWith, post } from './helpers';

const valid = {
  model: 'claude-sonnet-4-6',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hi' }],
};
const tool = { name: 'read_file', description: 'r', input_schema: { type: 'object' } };
const toolUse = { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: {} };
const ephemeral = { type: 'ephemeral' };

/** Each request the real API rejects, with the words its 400 must carry. */
const rejected: Array<[string, Record<string, unknown>, RegExp]> = [
  ['missing model', { max_tokens: 1, messages: valid.messages }, /^model: Field required$/],
  ['missing max_tokens', { model: 'm', messages: valid.messages }, /^max_tokens: Field required$/],
  ['negative max_tokens', { ...valid, max_tokens: -1 }, /^max_tokens: /],
  ['unknown top-level field', { ...valid, foo: 1 }, /^foo: Extra inputs are not permitted$/],
  ['no messages', { ...valid, messages: [] }, /at least one message/],
  ['first message not user', { ...valid, messages: [{ role: 'assistant', content: 'x' }] }, /first message must use the "user" role/],
  [
    'roles not alternating',
    { ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] },
    /roles must alternate.*multiple "user" roles/,
  ],
  ['empty content', { ...valid, messages: [{ role: 'user', content: [] }] }, /messages\.0: all messages must have non-empty content/],
  ['empty text block', { ...valid, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, /text content blocks must be non-empty/],
  [
    'trailing whitespace in prefill',
    { ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b ' }] },
    /final assistant content cannot end with trailing whitespace/,
  ],
  [
    'tool_result without its tool_use',
    { ...valid, tools: [tool], messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'r' }] }] },
    /messages\.2\.content\.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x/,
  ],
  [
    'tool_use left unanswered',
    { ...valid, tools: [tool], messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: [toolUse] }, { role: 'user', content: 'ok' }] },
    /messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/,
  ],
  ['tool_choice names an unknown tool', { ...valid, tools: [tool], tool_choice: { type: 'tool', name: 'write' } }, /tool_choice\.name: Tool 'write' not found/],
  ['tool_choice without tools', { ...valid, tool_choice: { type: 'any' } }, /tool_choice may only be specified while providing tools/],
  [
    'five cache_control breakpoints',
    {
      ...valid,
      system: [1, 2, 3].map((n) => ({ type: 'text', text: `s${n}`, cache_control: ephemeral })),
      tools: [{ ...tool, cache_control: ephemeral }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'a', cache_control: ephemeral }] }],
    },
    /A maximum of 4 blocks with cache_control may be provided\. Found 5\./,
  ],
  ['tool input_schema not an object', { ...valid, tools: [{ ...tool, input_schema: { type: 'string' } }] }, /tools\.0\.custom\.input_schema\.type: Input should be 'object'/],
  ['tool without input_schema', { ...valid, tools: [{ name: 'x' }] }, /tools\.0\.input_schema: Field required/],
  ['bad tool name', { ...valid, tools: [{ ...tool, name: 'read file' }] }, /tools\.0\.name: String should match pattern/],
  ['duplicate tool names', { ...valid, tools: [tool, tool] }, /Tool names must be unique/],
  ['unknown block type', { ...valid, messages: [{ role: 'user', content: [{ type: 'audio', data: 'x' }] }] }, /messages\.0\.content\.0/],
  ['temperature out of range', { ...valid, temperature: 2 }, /^temperature: /],
];

describe('fake Messages API validation', () => {
  test('rejects each request the real API rejects, with its error shape', async (t) => {
    const fake = await fakeWith({ entries: [{ reply: { content: [{ type: 'text', text: 'ok' }] } }] }, t);
    for (const [name, body, message] of rejected) {
      const answer = await post(fake, body);
      assert.equal(answer.status, 400, `${name}: ${answer.text}`);
      assert.equal(answer.json?.type, 'error', name);
      assert.equal(answer.json?.error?.type, 'invalid_request_error', name);
      assert.match(answer.json?.error?.message ?? '', message, name);
      assert.match(answer.headers.get('request-id') ?? '', /^req_01/, name);
    }
    const ok = await post(fake, valid);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(fake.requests.filter((r) => r.entry !== null).length, 1, 'rejected requests never reach the script');
  });

  test('accepts what the real API accepts: tool round trips, prefill, cache_control on 4 blocks, max_tokens 0', async (t) => {
    const fake = await fakeWith({ entries: [{ reply: { content: [{ type: 'text', text: 'ok' }] } }] }, t);
    for (const body of [
      { ...valid, tools: [tool], messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: [{ type: 'text', text: 'let me' }, toolUse] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'r' }, { type: 'text', text: 'more' }] }] },
      { ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'The answer is (' }] },
      { ...valid, system: [{ type: 'text', text: 's', cache_control: ephemeral }], tools: [{ ...tool, cache_control: ephemeral }], messages: [{ role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral', ttl: '1h' } }] }], cache_control: ephemeral },
      { ...valid, max_tokens: 0 },
      { ...valid, tools: [tool], tool_choice: { type: 'tool', name: 'read_file' }, temperature: 0, stop_sequences: ['END'], metadata: { user_id: 'u' } },
    ]) {
      const answer = await post(fake, body);
      assert.equal(answer.status, 200, answer.text);
    }
  });

  test('authentication, version header, bad JSON, unknown routes', async (t) => {
    const fake = await fakeWith({ entries: [{ reply: { content: [{ type: 'text', text: 'ok' }] } }] }, t);
    const noKey = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'anthropic-version': '2023-06-01' }, body: JSON.stringify(valid) });
    assert.equal(noKey.status, 401);
    assert.equal(((await noKey.json()) as any).error.type, 'authentication_error');
    const bearer = await post(fake, valid, '/v1/messages', { 'x-api-key': '', authorization: 'Bearer sk-test' });
    assert.equal(bearer.status, 200, 'the SDK sends the key as a bearer token');
    const noVersion = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: JSON.stringify(valid) });
    assert.equal(noVersion.status, 400);
    assert.equal((await post(fake, '{not json')).status, 400);
    const missing = await post(fake, valid, '/v1/complete');
    assert.equal(missing.status, 404);
    assert.equal(missing.json?.error?.type, 'not_found_error');
  });

  test('count_tokens counts tools, system and messages at ≈ 4 characters a token', async (t) => {
    const fake = await fakeWith({ entries: [] }, t);
    const answer = await post(
      fake,
      { model: 'claude-sonnet-4-6', system: 's'.repeat(40), messages: [{ role: 'user', content: 'u'.repeat(401) }] },
      '/v1/messages/count_tokens',
    );
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json, { input_tokens: 10 + 101 });
    const bad = await post(fake, { model: 'm', messages: [{ role: 'assistant', content: 'x' }] }, '/v1/messages/count_tokens');
    assert.equal(bad.status, 400);
  });
});
