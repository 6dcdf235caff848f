import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { StreamAccumulator } from '../../../src/core/model/stream-accumulator';
import { ModelError, type ModelStreamEvent } from '../../../src/core/model/types';

type Event = Anthropic.MessageStreamEvent;
const start = {
  type: 'message_start',
  message: { id: 'msg_1', model: 'm', usage: { input_tokens: 10, output_tokens: 1, cache_creation_input_tokens: 2, cache_read_input_tokens: 3 } },
} as unknown as Event;
const toolStart = (index: number, id: string) =>
  ({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: 'edit_file', input: {} } }) as unknown as Event;
const json = (index: number, partial_json: string) =>
  ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }) as unknown as Event;
const stopBlock = (index: number) => ({ type: 'content_block_stop', index }) as unknown as Event;
const delta = (stop_reason: string, output_tokens: number) =>
  ({ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage: { output_tokens } }) as unknown as Event;
const stop = { type: 'message_stop' } as unknown as Event;

describe('StreamAccumulator', () => {
  test('a tool call cut by max_tokens is reported as truncated, not returned as content', () => {
    const events: ModelStreamEvent[] = [];
    const acc = new StreamAccumulator((e) => events.push(e));
    for (const e of [start, toolStart(0, 'ok'), json(0, '{"a":1}'), stopBlock(0), toolStart(1, 'cut'), json(1, '{"filePath":"src/a'), stopBlock(1), delta('max_tokens', 50), stop]) {
      acc.add(e);
    }
    const response = acc.finish();
    assert.deepEqual(response.content, [{ type: 'tool_use', id: 'ok', name: 'edit_file', input: { a: 1 } }]);
    assert.deepEqual(response.truncatedToolUse, { id: 'cut', name: 'edit_file', partialJson: '{"filePath":"src/a' });
    assert.deepEqual(response.usage, { inputTokens: 10, outputTokens: 50, cacheWriteTokens: 2, cacheReadTokens: 3 });
    assert.deepEqual(events.filter((e) => e.type === 'tool_use').length, 1, 'only the complete call is announced');
  });

  test('a stream without message_stop is a retryable network failure', () => {
    const acc = new StreamAccumulator();
    acc.add(start);
    assert.throws(() => acc.finish(), (e: unknown) => e instanceof ModelError && e.kind === 'network' && e.retryable);
  });

  test('broken tool JSON outside max_tokens is a stream error, never executed', () => {
    const acc = new StreamAccumulator();
    for (const e of [start, toolStart(0, 'x'), json(0, '{"a":'), stopBlock(0), delta('tool_use', 5), stop]) acc.add(e);
    assert.throws(() => acc.finish(), (e: unknown) => e instanceof ModelError && e.kind === 'stream');
  });
});
