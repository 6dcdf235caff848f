import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { merge3 } from '../../../src/core/changes/merge3';

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
const base = numbered(20);

describe('merge3', () => {
  test('changes apart on both sides both land', () => {
    const a = base.replace('line 2\n', 'A2\n');
    const b = base.replace('line 15\n', 'B15\nB15b\n').replace('line 8\n', '');
    const result = merge3(base, a, b);
    assert.equal(result.clean, true);
    assert.equal(result.text, base.replace('line 2\n', 'A2\n').replace('line 15\n', 'B15\nB15b\n').replace('line 8\n', ''));
    assert.deepEqual(result.regions.map((r) => r.kind), ['unchanged', 'a', 'unchanged', 'b', 'unchanged', 'b', 'unchanged']);
  });

  test('overlapping changes conflict and give no text', () => {
    const result = merge3(base, base.replace('line 5\n', 'A\n'), base.replace('line 5\n', 'B\n'));
    assert.equal(result.clean, false);
    assert.equal(result.text, undefined);
    assert.deepEqual(result.conflicts.map((c) => [c.base, c.a, c.b]), [[[4, 5], [4, 5], [4, 5]]]);
  });

  test('adjacent changes and insertions at the same place conflict', () => {
    assert.equal(merge3(base, base.replace('line 5\n', 'A\n'), base.replace('line 6\n', 'B\n')).clean, false);
    assert.equal(merge3(base, base.replace('line 5\n', 'line 5\nA\n'), base.replace('line 5\n', 'line 5\nB\n')).clean, false);
    // One line between the changes is enough.
    assert.equal(merge3(base, base.replace('line 5\n', 'A\n'), base.replace('line 7\n', 'B\n')).clean, true);
  });

  test('the same change on both sides is not a conflict', () => {
    const same = base.replace('line 3\n', 'same\n');
    const result = merge3(base, same, same.replace('line 18\n', 'B18\n'));
    assert.equal(result.clean, true);
    assert.equal(result.text, same.replace('line 18\n', 'B18\n'));
  });

  test('one side unchanged gives the other side, byte for byte (CRLF, no final newline)', () => {
    const crlf = 'a\r\nb\r\nc';
    assert.equal(merge3(crlf, crlf, 'a\r\nB\r\nc').text, 'a\r\nB\r\nc');
    assert.equal(merge3(crlf, 'x\r\nb\r\nc', crlf).text, 'x\r\nb\r\nc');
    assert.equal(merge3('', '', 'new\n').text, 'new\n');
  });

  test('edits at the very start and the very end of a file', () => {
    const a = 'first\n' + base;
    const b = base + 'last';
    assert.equal(merge3(base, a, b).text, 'first\n' + base + 'last');
  });
});
