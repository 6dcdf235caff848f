import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provenanceText } from '../../../src/webview/review/provenance-text';

const description = 'Make subtotal() add item prices times quantities in src/cart.js';

test('a reason that repeats the subtask description is shown once', () => {
  assert.equal(
    provenanceText({ workerId: 'fix-cart-1', subtaskId: 'fix-cart', role: 'code', reason: description, title: description }),
    `fix-cart-1 (code) · ${description}`,
  );
});

test('a reason cut from a long description (its first 200 characters) is shown once too', () => {
  const long = `${description} ${'and more detail '.repeat(20)}`.trim();
  assert.ok(long.length > 200);
  assert.equal(
    provenanceText({ workerId: 'fix-cart-1', subtaskId: 'fix-cart', role: 'code', reason: long.slice(0, 200), title: long }),
    `fix-cart-1 (code) · ${long}`,
  );
});

test('a reason that differs, differs only in white space, or stands alone', () => {
  assert.equal(
    provenanceText({ workerId: 'w1', subtaskId: 's1', role: 'code', reason: 'off by one', title: 'Fix the loop' }),
    'w1 (code) · Fix the loop · off by one',
  );
  assert.equal(provenanceText({ workerId: 'w1', reason: 'Fix  the\nloop ', title: 'Fix the loop' }), 'w1 · Fix the loop');
  assert.equal(provenanceText({ workerId: 'w1', role: 'code', reason: 'because' }), 'w1 (code) · because');
  assert.equal(provenanceText({ workerId: 'w1', subtaskId: 's1', reason: 's1' }), 'w1 · s1');
  assert.equal(provenanceText({ workerId: 'w1' }), 'w1');
});
