import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FollowUpFanOut } from '../../../src/core/orchestrator/follow-ups';


test('a follow-up reaches every agent worker running when it arrives, once each', () => {
  const queue: string[] = [];
  const fanOut = new FollowUpFanOut({ take: () => queue.splice(0) });
  const coder = fanOut.subscribe();
  const tester = fanOut.subscribe();
  queue.push('use the existing helper');
  assert.deepEqual(coder.take(), ['use the existing helper']);
  assert.deepEqual(tester.take(), ['use the existing helper']);
  assert.deepEqual(coder.take(), []);
  assert.deepEqual(tester.take(), []);
});

test('one that arrives while no worker runs goes to the next worker that starts, not to later ones', () => {
  const queue: string[] = [];
  const fanOut = new FollowUpFanOut({ take: () => queue.splice(0) });
  const first = fanOut.subscribe();
  assert.deepEqual(first.take(), []);
  queue.push('between workers');
  const second = fanOut.subscribe();
  assert.deepEqual(second.take(), ['between workers']);
  const third = fanOut.subscribe();
  assert.deepEqual(third.take(), [], 'already delivered before the third started');
  assert.deepEqual(first.take(), ['between workers'], 'the first was still running: it gets it too');
});
