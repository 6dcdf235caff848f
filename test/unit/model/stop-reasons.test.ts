import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyStop } from '../../../src/core/model/stop-reasons';
import type { AssistantBlock, StopReason } from '../../../src/core/model/types';

const tool: AssistantBlock = { type: 'tool_use', id: 't1', name: 'read_file', input: { filePath: 'a' } };
const text: AssistantBlock = { type: 'text', text: 'hi' };
const decide = (stopReason: string, content: AssistantBlock[] = [text], extra = {}) =>
  classifyStop({ stopReason: stopReason as StopReason, content, ...extra });

describe('classifyStop', () => {
  test('tool_use runs the tool calls', () => {
    const decision = decide('tool_use', [text, tool]);
    assert.equal(decision.action, 'tools');
    assert.deepEqual(decision.action === 'tools' && decision.toolUses, [tool]);
  });

  test('tool_use without a tool call is a finished turn, not an empty tool round', () => {
    assert.equal(decide('tool_use', [text]).action, 'done');
  });

  test('end_turn and stop_sequence are done; the sequence is reported', () => {
    assert.equal(decide('end_turn').action, 'done');
    const decision = decide('stop_sequence', [text], { stopSequence: '</plan>' });
    assert.equal(decision.action, 'done');
    assert.equal(decision.action === 'done' && decision.stopSequence, '</plan>');
    assert.match(decision.message, /<\/plan>/);
  });

  test('max_tokens: cut text continues, a cut tool call is truncated and never run', () => {
    const cut = decide('max_tokens');
    assert.deepEqual([cut.action, cut.action === 'continue' && cut.reason], ['continue', 'max_tokens']);
    const truncated = decide('max_tokens', [text], {
      truncatedToolUse: { id: 't2', name: 'edit_file', partialJson: '{"filePath":"a' },
    });
    assert.equal(truncated.action, 'truncated');
    assert.match(truncated.message, /edit_file.*not run/);
    assert.equal(decide('max_tokens', [text, tool]).action, 'tools');
  });

  test('pause_turn continues, refusal and context overflow stop with a reason', () => {
    const paused = decide('pause_turn');
    assert.deepEqual([paused.action, paused.action === 'continue' && paused.reason], ['continue', 'pause_turn']);
    assert.equal(decide('refusal').action, 'refusal');
    assert.equal(decide('model_context_window_exceeded').action, 'context_full');
  });

  test('an unknown future reason does not crash', () => {
    assert.equal(decide('something_new').action, 'done');
    assert.equal(decide('something_new', [tool]).action, 'tools');
  });
});
