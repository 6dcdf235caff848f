import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipText, taskTextProblem } from '../../../src/webview/chat/task-text';
import { parseViewMessage } from '../../../src/webview/protocol';

test('the chat refuses what the protocol would drop, and only that', () => {
  for (const text of ['Fix #12', 'x'.repeat(100_000), 'owner/repo#abc']) {
    assert.equal(taskTextProblem(text), undefined, text.slice(0, 20));
    assert.ok(parseViewMessage({ type: 'submit', text }).ok);
  }
  for (const text of ['', '  \n ', 'x'.repeat(100_001), 'y'.repeat(204_800)]) {
    assert.ok(taskTextProblem(text), `refused: ${text.length} characters`);
    assert.equal(parseViewMessage({ type: 'submit', text }).ok, false);
  }
});

test('the refusal of a long paste names its length, the limit and the way around it', () => {
  assert.equal(
    taskTextProblem('y'.repeat(204_800)),
    'The text is 204,800 characters long; the limit is 100,000. Save a long task as a Markdown file in the workspace and give its path (for example docs/task.md), or shorten it.',
  );
  assert.match(taskTextProblem(' ') ?? '', /^The task is empty/);
});

test('clipText keeps short messages and cuts long ones with an ellipsis', () => {
  assert.equal(clipText('short'), 'short');
  const cut = clipText('z'.repeat(5_000), 100);
  assert.equal(cut.length, 100);
  assert.ok(cut.endsWith('…'));
});
