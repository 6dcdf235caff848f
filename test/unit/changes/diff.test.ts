import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyHunks, computeRawDiff, DEFAULT_DIFF_LIMITS, diffTexts, hunkHeader } from '../../../src/core/changes/diff';
import { splitLines } from '../../../src/core/changes/text';

const numbered = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');

describe('diff: hunks', () => {
  test('3 lines of context, nearby changes share a hunk, far ones do not', () => {
    const before = numbered(40);
    const after = before.replace('line 10\n', 'ten\n').replace('line 14\n', 'fourteen\n').replace('line 30\n', 'thirty\n');
    const diff = diffTexts('f.txt', before, after);
    assert.equal(diff.kind, 'modify');
    assert.deepEqual(diff.hunks.map(hunkHeader), ['@@ -7,11 +7,11 @@', '@@ -27,7 +27,7 @@']);
    const first = diff.hunks[0]!;
    assert.deepEqual(
      first.lines.slice(0, 5).map((l) => [l.kind, l.text, l.oldLine, l.newLine]),
      [
        ['context', 'line 7', 7, 7],
        ['context', 'line 8', 8, 8],
        ['context', 'line 9', 9, 9],
        ['remove', 'line 10', 10, undefined],
        ['add', 'ten', undefined, 10],
      ],
    );
    for (const hunk of diff.hunks) {
      for (const line of hunk.lines) {
        if (line.kind !== 'add') assert.equal(typeof line.oldLine, 'number');
        if (line.kind !== 'remove') assert.equal(typeof line.newLine, 'number');
      }
    }
  });

  test('line numbers follow insertions and deletions', () => {
    const diff = diffTexts('f.txt', 'a\nb\nc\n', 'a\nnew\nb\n');
    assert.deepEqual(
      diff.hunks[0]!.lines.map((l) => [l.kind, l.text, l.oldLine ?? null, l.newLine ?? null]),
      [
        ['context', 'a', 1, 1],
        ['add', 'new', null, 2],
        ['context', 'b', 2, 3],
        ['remove', 'c', 3, null],
      ],
    );
  });

  test('hunk ids are stable for the same change and differ for different changes', () => {
    const before = numbered(40);
    const after = before.replace('line 10\n', 'ten\n').replace('line 30\n', 'thirty\n');
    const a = diffTexts('f.txt', before, after).hunks.map((h) => h.id);
    const b = diffTexts('f.txt', before, after).hunks.map((h) => h.id);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, 2);
    assert.notDeepEqual(diffTexts('g.txt', before, after).hunks.map((h) => h.id), a, 'the path is part of the id');
    // The second hunk keeps its id when only the first one changes.
    const other = diffTexts('f.txt', before, before.replace('line 10\n', 'TEN\n').replace('line 30\n', 'thirty\n'));
    assert.notEqual(other.hunks[0]!.id, a[0]);
    assert.equal(other.hunks[1]!.id, a[1]);
  });

  test('create and delete are one hunk each; an empty file has none', () => {
    const created = diffTexts('n.txt', undefined, 'a\nb\n');
    assert.equal(created.kind, 'create');
    assert.deepEqual(created.hunks.map(hunkHeader), ['@@ -0,0 +1,2 @@']);
    const deleted = diffTexts('n.txt', 'a\nb\n', undefined);
    assert.equal(deleted.kind, 'delete');
    assert.deepEqual(deleted.hunks.map(hunkHeader), ['@@ -1,2 +0,0 @@']);
    assert.deepEqual(diffTexts('e.txt', undefined, '').hunks, []);
  });

  test('CRLF lines show without the CR; a last line without newline is flagged', () => {
    const diff = diffTexts('w.txt', 'a\r\nb\r\nc', 'a\r\nB\r\nc');
    const lines = diff.hunks[0]!.lines;
    assert.deepEqual(lines.map((l) => l.text), ['a', 'b', 'B', 'c']);
    assert.deepEqual(lines.map((l) => l.noNewlineAtEnd ?? false), [false, false, false, true]);
    const eol = diffTexts('x.txt', 'x', 'x\n');
    assert.deepEqual(eol.hunks[0]!.lines.map((l) => [l.kind, l.text, l.noNewlineAtEnd ?? false]), [
      ['remove', 'x', true],
      ['add', 'x', false],
    ]);
  });

  test('binary content is flagged with no hunks', () => {
    const diff = diffTexts('b.bin', 'a\0b', 'a\0c');
    assert.equal(diff.binary, true);
    assert.deepEqual(diff.hunks, []);
  });
});

describe('diff: intra-line highlights', () => {
  test('paired removed/added lines get the ranges that differ', () => {
    const diff = diffTexts('f.ts', 'const total = price * qty;\n', 'const total = price * quantity;\n');
    const [removed, added] = diff.hunks[0]!.lines;
    assert.deepEqual(removed!.highlights, [[22, 25]]);
    assert.deepEqual(added!.highlights, [[22, 30]]);
    assert.equal(removed!.text.slice(22, 25), 'qty');
    assert.equal(added!.text.slice(22, 30), 'quantity');
  });

  test('unpaired, too different or too long lines get none', () => {
    const diff = diffTexts('f.ts', 'alpha beta gamma\n', 'zzz yyy xxx www\nextra line\n');
    assert.ok(diff.hunks[0]!.lines.every((l) => l.highlights === undefined));
    const long = 'x'.repeat(DEFAULT_DIFF_LIMITS.intraLineMaxLineLength + 1);
    const longDiff = diffTexts('f.ts', `${long}\n`, `${long}y\n`);
    assert.ok(longDiff.hunks[0]!.lines.every((l) => l.highlights === undefined));
  });
});

describe('diff: applying hunks', () => {
  test('exactly the accepted hunks are applied, byte for byte', () => {
    const before = numbered(40);
    const after = before.replace('line 2\n', 'two\n').replace('line 20\n', '').replace('line 38\n', 'x\ny\n');
    const raw = computeRawDiff('f.txt', before, after);
    assert.equal(raw.hunks.length, 3);
    const [h1, h2, h3] = raw.hunks.map((h) => h.id) as [string, string, string];
    assert.equal(applyHunks(before, raw.hunks, new Set([h1, h2, h3])), after);
    assert.equal(applyHunks(before, raw.hunks, new Set()), before);
    assert.equal(applyHunks(before, raw.hunks, new Set([h2])), before.replace('line 20\n', ''));
    assert.equal(applyHunks(before, raw.hunks, new Set([h1, h3])), before.replace('line 2\n', 'two\n').replace('line 38\n', 'x\ny\n'));
  });

  test('CRLF and missing final newline survive partial application', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `r${i}`);
    const before = lines.join('\r\n'); // no final newline
    const after = before.replace('r1\r\n', 'R1\r\n') + '\r\nr20';
    const raw = computeRawDiff('w.txt', before, after);
    assert.equal(raw.hunks.length, 2);
    assert.equal(applyHunks(before, raw.hunks, new Set([raw.hunks[0]!.id])), before.replace('r1\r\n', 'R1\r\n'));
    assert.equal(applyHunks(before, raw.hunks, new Set([raw.hunks[1]!.id])), before + '\r\nr20');
    assert.equal(splitLines(before).length, 20);
  });
});

describe('diff: pathological input', () => {
  test('a diff that would take too long falls back to one whole-file hunk within the timeout', () => {
    // Two unrelated 60,000-line files: Myers needs ~120,000 edits, far beyond the limits.
    const before = Array.from({ length: 60_000 }, (_, i) => `a ${i} ${(i * 7919) % 104729}\n`).join('');
    const after = Array.from({ length: 60_000 }, (_, i) => `b ${i} ${(i * 104723) % 7919}\n`).join('');
    const limits = { ...DEFAULT_DIFF_LIMITS, maxEditLength: Number.MAX_SAFE_INTEGER, timeoutMs: 200 };
    const started = performance.now();
    const raw = computeRawDiff('big.txt', before, after, limits);
    const elapsed = performance.now() - started;
    assert.equal(raw.wholeFile, true);
    assert.equal(raw.hunks.length, 1);
    assert.equal(raw.hunks[0]!.oldLines, 60_000);
    assert.equal(raw.hunks[0]!.newLines, 60_000);
    assert.ok(elapsed < limits.timeoutMs + 500, `took ${elapsed.toFixed(0)} ms with a ${limits.timeoutMs} ms timeout`);
    assert.equal(applyHunks(before, raw.hunks, new Set([raw.hunks[0]!.id])), after);
    assert.equal(diffTexts('big.txt', before, after, limits).wholeFile, true);
  });

  test('maxEditLength gives up quickly on a large rewrite with the default limits', () => {
    const before = Array.from({ length: 30_000 }, (_, i) => `old ${i}\n`).join('');
    const after = Array.from({ length: 30_000 }, (_, i) => `new ${i}\n`).join('');
    const started = performance.now();
    const raw = computeRawDiff('big.txt', before, after);
    const elapsed = performance.now() - started;
    assert.equal(raw.wholeFile, true);
    assert.ok(elapsed < DEFAULT_DIFF_LIMITS.timeoutMs + 500, `took ${elapsed.toFixed(0)} ms`);
  });

  test('a large file with a small change still gets a precise diff', () => {
    const before = numbered(100_000);
    const after = before.replace('line 50000\n', 'changed\n');
    const raw = computeRawDiff('big.txt', before, after);
    assert.equal(raw.wholeFile, false);
    assert.equal(raw.hunks.length, 1);
    assert.equal(raw.hunks[0]!.lines.length, 8);
  });
});

test('a diff whose edit length surely exceeds the limit falls back at once, the same way on every machine', async () => {
  const { editLengthLowerBound } = await import('../../../src/core/changes/line-diff');
  assert.equal(editLengthLowerBound([0, 1, 1, 2], [1, 2, 2, 3], 4), 4, 'one 0 and one 1 deleted, one 2 and one 3 inserted');
  assert.equal(editLengthLowerBound([0, 1], [1, 0], 2), 0, 'a reordering has no surplus (its cost shows only in the diff)');
  const a = Array.from({ length: 30_000 }, (_, i) => `old line ${i}\n`).join('');
  const b = Array.from({ length: 30_000 }, (_, i) => `new line ${i}\n`).join('');
  const started = performance.now();
  // A generous timeout: only the bound can make this fast.
  const diff = diffTexts('big.txt', a, b, { ...DEFAULT_DIFF_LIMITS, timeoutMs: 60_000 });
  const ms = performance.now() - started;
  assert.equal(diff.wholeFile, true);
  assert.ok(ms < 300, `fell back in ${ms.toFixed(0)} ms`);
});
