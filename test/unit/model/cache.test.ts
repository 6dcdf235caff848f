import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { breakpointCount, MAX_CACHE_BREAKPOINTS, planCache } from '../../../src/core/model/cache';
import type { Message, ToolSpec } from '../../../src/core/model/types';

const tool = (name: string): ToolSpec => ({ name, description: name, input_schema: { type: 'object' } });
const conversation: Message[] = [
  { role: 'user', content: 'Issue #1: fix the bug' },
  { role: 'assistant', content: [{ type: 'text', text: 'reading' }, { type: 'tool_use', id: 't1', name: 'read_file', input: {} }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a' }, { type: 'text', text: 'go on' }] },
];

describe('planCache', () => {
  test("'off' and absent cache place no breakpoints", () => {
    for (const cache of ['off', undefined] as const) {
      const plan = planCache({ system: 'sys', tools: [tool('a')], messages: conversation, cache });
      assert.equal(breakpointCount(plan), 0);
    }
  });

  test('auto: last tool, system, first user message and the tail', () => {
    const plan = planCache({ system: 'sys', tools: [tool('a'), tool('b'), tool('c')], messages: conversation, cache: 'auto' });
    assert.equal(plan.tool, 2);
    assert.equal(plan.system, true);
    assert.deepEqual(plan.messages, [
      { message: 0, block: 0 },
      { message: 2, block: 1 },
    ]);
    assert.equal(breakpointCount(plan), MAX_CACHE_BREAKPOINTS);
  });

  test('a single user message gets one breakpoint, not two', () => {
    const plan = planCache({ system: 'sys', messages: [{ role: 'user', content: 'hi' }], cache: 'auto' });
    assert.equal(plan.tool, null);
    assert.deepEqual(plan.messages, [{ message: 0, block: 0 }]);
    assert.equal(breakpointCount(plan), 2);
  });

  test('no tools and empty system: only message breakpoints', () => {
    const plan = planCache({ system: '', messages: conversation, cache: 'auto' });
    assert.equal(plan.tool, null);
    assert.equal(plan.system, false);
    assert.equal(breakpointCount(plan), 2);
  });

  test('never more than four, whatever the conversation length', () => {
    const long: Message[] = [{ role: 'user', content: 'start' }];
    for (let i = 0; i < 30; i++) {
      long.push({ role: 'assistant', content: `a${i}` }, { role: 'user', content: `u${i}` });
    }
    const plan = planCache({ system: 's', tools: [tool('a')], messages: long, cache: 'auto' });
    assert.ok(breakpointCount(plan) <= MAX_CACHE_BREAKPOINTS);
    assert.deepEqual(plan.messages.at(-1), { message: long.length - 1, block: 0 });
  });

  test('an empty final message (prefill) carries no breakpoint', () => {
    const plan = planCache({
      system: 's',
      messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: '' }],
      cache: 'auto',
    });
    assert.deepEqual(plan.messages, [{ message: 0, block: 0 }]);
  });
});
