import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputTail } from '../../../src/core/workspace/output-tail';

test('keeps the last maxBytes and counts what was dropped', () => {
  const tail = new OutputTail(10);
  tail.push(Buffer.from('hello '));
  tail.push(Buffer.from('world, '));
  tail.push(Buffer.from('again'));
  assert.equal(tail.text(), 'rld, again');
  assert.equal(tail.dropped, 8);
});

test('a chunk larger than the cap keeps only its end', () => {
  const tail = new OutputTail(4);
  tail.push(Buffer.from('ab'));
  tail.push(Buffer.from('0123456789'));
  assert.equal(tail.text(), '6789');
  assert.equal(tail.dropped, 8);
});

test('never holds more than maxBytes however much is pushed', () => {
  const tail = new OutputTail(1000);
  const chunk = Buffer.alloc(333, 'x');
  for (let i = 0; i < 10_000; i++) tail.push(chunk);
  assert.equal(tail.text().length, 1000);
  assert.equal(tail.dropped, 333 * 10_000 - 1000);
});

test('starts the text at a character boundary when the cut splits a character', () => {
  const tail = new OutputTail(5);
  tail.push(Buffer.from('€€')); // 6 bytes: e2 82 ac e2 82 ac → keeps 82 ac e2 82 ac
  assert.equal(tail.text(), '€');
  assert.equal(tail.dropped, 3);
});

test('no output, nothing dropped', () => {
  const tail = new OutputTail(5);
  assert.equal(tail.text(), '');
  assert.equal(tail.dropped, 0);
});
