import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, LoopDetector } from '../../../src/core/agent/loop-detector';

const read = (filePath: string) => ({ name: 'read_file', input: { filePath } });

describe('LoopDetector', () => {
  test('the same call three times in the window is a loop', () => {
    const d = new LoopDetector();
    assert.equal(d.recordTurn([read('a')], false), undefined);
    assert.equal(d.recordTurn([read('b')], false), undefined);
    assert.equal(d.recordTurn([read('a')], false), undefined);
    assert.match(d.recordTurn([read('a')], false)?.message ?? '', /read_file was called 3 times/);
  });

  test('key order in the input does not hide a repeat', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] }), canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    const d = new LoopDetector({ maxRepeats: 2 });
    d.recordTurn([{ name: 't', input: { a: 1, b: 2 } }], false);
    assert.equal(d.recordTurn([{ name: 't', input: { b: 2, a: 1 } }], false)?.kind, 'loop');
  });

  test('an edit in between makes the same call new again (tests after a fix)', () => {
    const test = { name: 'run_command', input: { command: 'npm test' } };
    const e = new LoopDetector();
    for (let i = 0; i < 6; i++) {
      assert.equal(e.recordTurn([test], false), undefined);
      assert.equal(e.recordTurn([{ name: 'edit_file', input: { n: i } }], true), undefined);
    }
  });

  test('repeats outside the window are forgotten', () => {
    const d = new LoopDetector({ window: 3, maxIdleTurns: 100 });
    for (let i = 0; i < 10; i++) {
      assert.equal(d.recordTurn([read('a'), read(`x${i}`), read(`y${i}`)], false), undefined);
    }
  });

  test('turns that bring nothing new end in a loop stop', () => {
    const d = new LoopDetector({ maxIdleTurns: 3, maxRepeats: 100 });
    assert.equal(d.recordTurn([read('a'), read('b')], false), undefined);
    assert.equal(d.recordTurn([read('b')], false), undefined);
    assert.equal(d.recordTurn([], false), undefined);
    assert.match(d.recordTurn([read('a')], false)?.message ?? '', /3 turns in a row brought no new information/);
  });

  test('a new call resets the idle count', () => {
    const d = new LoopDetector({ maxIdleTurns: 2, maxRepeats: 100 });
    d.recordTurn([read('a')], false);
    assert.equal(d.recordTurn([read('a')], false), undefined);
    assert.equal(d.recordTurn([read('c')], false), undefined);
    assert.equal(d.recordTurn([read('a')], false), undefined);
    assert.equal(d.recordTurn([read('c')], false)?.kind, 'loop');
  });
});
