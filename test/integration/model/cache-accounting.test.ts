import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageMeter } from '../../../src/core/model/meter';
import type { AssistantBlock, Message, ModelRequest, ToolSpec } from '../../../src/core/model/types';
import { clientFor, fakeWith } from './helpers';

// Lengths chosen so tokens (≈ chars / 4, rounded up per block) are easy to check by hand.
const tool: ToolSpec = { name: 'read_file', description: 'Read a file', input_schema: { type: 'object' } };
// '{"name":"read_file","description":"Read a file","input_schema":{"type":"object"}}' = 81 chars → 21 tokens
const TOOL_TOKENS = 21;
const SYSTEM = `Foreman agent${'S'.repeat(387)}`; // 400 chars → 100 tokens
const ISSUE = 'I'.repeat(800); // 200 tokens
const call = (id: string): AssistantBlock => ({ type: 'tool_use', id, name: 'read_file', input: { filePath: 'src/a.ts' } });
// A tool_use block counts name + input JSON: 'read_file{"filePath":"src/a.ts"}' = 32 chars → 8 tokens.

const script = {
  entries: [
    { match: { turn: 0 }, reply: { content: [{ type: 'text' as const, text: 'A'.repeat(40) }, { type: 'tool_use' as const, id: 'toolu_1', name: 'read_file', input: { filePath: 'src/a.ts' } }] } },
    { match: { turn: 1 }, reply: { content: [{ type: 'text' as const, text: 'B'.repeat(80) }, { type: 'tool_use' as const, id: 'toolu_2', name: 'read_file', input: { filePath: 'src/a.ts' } }] } },
    { match: { turn: 2 }, reply: { content: [{ type: 'text' as const, text: 'D'.repeat(20) }] } },
  ],
};

const request = (messages: Message[], cache: 'auto' | 'off'): ModelRequest => ({ system: SYSTEM, messages, tools: [tool], maxTokens: 500, cache });

const turns: Message[][] = [
  [{ role: 'user', content: ISSUE }],
  [
    { role: 'user', content: ISSUE },
    { role: 'assistant', content: [{ type: 'text', text: 'A'.repeat(40) }, call('toolu_1')] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'R'.repeat(400) }] },
  ],
];
turns.push([
  ...turns[1]!,
  { role: 'assistant', content: [{ type: 'text', text: 'B'.repeat(80) }, call('toolu_2')] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'Q'.repeat(200) }] },
]);

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('prompt caching and cost, end to end', () => {
  test("cache 'auto': the stable prefix is written once, then each turn reads it and writes only the new tail", async (t) => {
    const fake = await fakeWith(script, t);
    const client = clientFor(fake);
    const meter = new UsageMeter();
    const usages = [];
    for (const messages of turns) {
      const response = await client.send(request(messages, 'auto'));
      usages.push(response.usage);
      meter.record('code-1', response.model, response.usage);
    }
    const prefix = TOOL_TOKENS + 100 + 200; // 321
    assert.deepEqual(usages, [
      { inputTokens: 0, outputTokens: 10 + 8, cacheWriteTokens: prefix, cacheReadTokens: 0 },
      { inputTokens: 0, outputTokens: 20 + 8, cacheWriteTokens: 10 + 8 + 100, cacheReadTokens: prefix },
      { inputTokens: 0, outputTokens: 5, cacheWriteTokens: 20 + 8 + 50, cacheReadTokens: prefix + 118 },
    ]);
    // Sonnet 4.6 per million: input 3, output 15, cache write 3.75, cache read 0.30.
    const expected = [
      321 * 3.75 + 18 * 15, // 1473.75
      321 * 0.3 + 118 * 3.75 + 28 * 15, // 958.8
      439 * 0.3 + 78 * 3.75 + 5 * 15, // 499.2
    ].map((micro) => micro / 1e6);
    const history = meter.history();
    expected.forEach((cost, i) => close(history[i]!.costUsd!, cost));
    const total = meter.total();
    close(total.costUsd, 0.00293175);
    close(total.cacheHitRate, (321 + 439) / (321 + 439 + 517));
    // Every request carried at most 4 breakpoints.
    for (const recorded of fake.requests) {
      assert.ok((JSON.stringify(recorded.body).match(/cache_control/g) ?? []).length <= 4);
    }
  });

  test("cache 'off': every prompt token is plain input, and costs more", async (t) => {
    const fake = await fakeWith(script, t);
    const client = clientFor(fake);
    await client.send(request(turns[0]!, 'off'));
    const second = await client.send(request(turns[1]!, 'off'));
    assert.deepEqual(second.usage, { inputTokens: 439, outputTokens: 28, cacheWriteTokens: 0, cacheReadTokens: 0 });
    const meter = new UsageMeter();
    meter.record('w', second.model, second.usage);
    close(meter.total().costUsd, (439 * 3 + 28 * 15) / 1e6);
    assert.equal(JSON.stringify(fake.requests.map((r) => r.body)).includes('cache_control'), false);
  });
});
