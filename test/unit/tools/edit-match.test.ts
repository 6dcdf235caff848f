import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findEdit, type FindEditResult } from '../../../src/core/tools/edit-match';

function applied(result: FindEditResult): Extract<FindEditResult, { ok: true }> {
  assert.equal(result.ok, true, result.ok ? '' : result.message);
  return result as Extract<FindEditResult, { ok: true }>;
}

function refused(result: FindEditResult): Extract<FindEditResult, { ok: false }> {
  assert.equal(result.ok, false, result.ok ? `applied: ${JSON.stringify(result.content)}` : '');
  return result as Extract<FindEditResult, { ok: false }>;
}

describe('exact matching', () => {
  test('a unique exact match is replaced, with its line numbers', () => {
    const r = applied(findEdit('a\nb\nc\nd\n', 'b\nc', 'B\nC\nC2'));
    assert.equal(r.content, 'a\nB\nC\nC2\nd\n');
    assert.equal(r.strategy, 'exact');
    assert.deepEqual(r.matches, [{ startLine: 2, endLine: 3, newStartLine: 2, newEndLine: 4 }]);
  });

  test('a match inside a line works', () => {
    const r = applied(findEdit('const x = compute(a, b);\n', 'compute(a, b)', 'compute(a, b, c)'));
    assert.equal(r.content, 'const x = compute(a, b, c);\n');
  });

  test('several exact matches are refused with their line numbers', () => {
    const r = refused(findEdit('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 3'));
    assert.equal(r.reason, 'ambiguous');
    assert.match(r.message, /matches 2 places \(starting at lines 1, 3\)/);
    assert.match(r.message, /replaceAll/);
  });

  test('replaceAll changes every occurrence', () => {
    const r = applied(findEdit('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 3', { replaceAll: true }));
    assert.equal(r.content, 'x = 3\ny = 2\nx = 3\n');
    assert.deepEqual(r.matches.map((m) => m.startLine), [1, 3]);
  });

  test('empty oldText, identical texts and no-op results are refused', () => {
    assert.equal(refused(findEdit('a\n', '', 'b')).reason, 'empty');
    assert.equal(refused(findEdit('a\n', '  \n', 'b')).reason, 'empty');
    assert.equal(refused(findEdit('a\n', 'a', 'a')).reason, 'no_change');
    assert.equal(refused(findEdit('a\r\nb\r\n', 'a\nb', 'a\r\nb')).reason, 'no_change');
  });
});

describe('line endings', () => {
  test('LF oldText matches a CRLF file and the result keeps CRLF', () => {
    const r = applied(findEdit('one\r\ntwo\r\nthree\r\n', 'one\ntwo', 'one\nuno\ntwo'));
    assert.equal(r.content, 'one\r\nuno\r\ntwo\r\nthree\r\n');
    assert.equal(r.strategy, 'line-endings');
  });

  test('tolerant matching in a CRLF file keeps CRLF too', () => {
    const r = applied(findEdit('if (a) {\r\n    go();\r\n}\r\n', 'if (a) {\n  go();\n}', 'if (a) {\n  go();\n  stop();\n}'));
    assert.equal(r.content, 'if (a) {\r\n    go();\r\n    stop();\r\n}\r\n');
  });
});

describe('whitespace-tolerant matching', () => {
  test('trailing whitespace in oldText is tolerated; untouched file lines stay byte-identical', () => {
    const file = 'a();   \nb();\nc();\n';
    const r = applied(findEdit(file, 'a();\nb(); \t', 'a();\nB();'));
    assert.equal(r.strategy, 'trailing-whitespace');
    assert.equal(r.content, 'a();   \nB();\nc();\n');
  });

  test('indentation drift: newText is shifted by the same amount', () => {
    const file = 'class A {\n    run() {\n        go();\n    }\n}\n';
    const r = applied(findEdit(file, 'run() {\n    go();\n}', 'run() {\n    go();\n    if (x) {\n        stop();\n    }\n}'));
    assert.equal(r.strategy, 'indentation');
    assert.equal(r.content, 'class A {\n    run() {\n        go();\n        if (x) {\n            stop();\n        }\n    }\n}\n');
  });

  test('tabs in the file, spaces in the edit: new lines are written with tabs', () => {
    const file = 'function f() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n';
    const r = applied(findEdit(file, 'if (x) {\n    return 1;\n}', 'if (x) {\n    log();\n    if (y) {\n        return 2;\n    }\n    return 1;\n}'));
    assert.equal(r.content, 'function f() {\n\tif (x) {\n\t\tlog();\n\t\tif (y) {\n\t\t\treturn 2;\n\t\t}\n\t\treturn 1;\n\t}\n}\n');
  });

  test('spaces in the file, tabs in the edit: new lines are written with spaces', () => {
    const file = 'def f():\n  if x:\n    return 1\n  return 2\n';
    const r = applied(findEdit(file, '\tif x:\n\t\treturn 1', '\tif x:\n\t\tlog()\n\t\treturn 1'));
    assert.equal(r.content, 'def f():\n  if x:\n    log()\n    return 1\n  return 2\n');
  });

  test('blank lines missing from oldText are tolerated and kept in the file', () => {
    const file = 'a();\n\nb();\n\nc();\n';
    const r = applied(findEdit(file, 'a();\nb();\nc();', 'a();\nB();\nc();'));
    assert.equal(r.strategy, 'blank-lines');
    assert.equal(r.content, 'a();\n\nB();\n\nc();\n');
  });

  test('a blank line oldText has and the file lacks is not added', () => {
    const file = 'a();\nb();\nc();\n';
    const r = applied(findEdit(file, 'a();\n\nb();', 'a();\n\nB();'));
    assert.equal(r.content, 'a();\nB();\nc();\n');
  });

  test('deleting whole lines removes them completely, indentation and line break included', () => {
    const file = '  keep();\n  drop();\n  keep2();\n';
    assert.equal(applied(findEdit(file, 'drop();\n', '')).content, '  keep();\n  keep2();\n');
    assert.equal(applied(findEdit(file, 'drop();', '')).content, '  keep();\n  keep2();\n');
    assert.equal(applied(findEdit('a\r\n  b', 'b', '')).content, 'a');
    assert.equal(applied(findEdit(file, '  drop();\n  keep2', '  keep2')).content, '  keep();\n  keep2();\n');
    // Part of a line stays a partial deletion.
    assert.equal(applied(findEdit(file, 'drop', '')).content, '  keep();\n  ();\n  keep2();\n');
  });

  test('deleting through a tolerant match removes whole lines', () => {
    const file = 'if (a) {\n    keep();\n    drop();\n}\n';
    assert.equal(applied(findEdit(file, '  keep();\n  drop();\n', '  keep();\n')).content, 'if (a) {\n    keep();\n}\n');
  });

  test('a tolerant match that is not unique is refused, even when one copy matches more closely', () => {
    const file = 'if (a) {\n  go();\n}\nfunction f() {\n    go();   \n}\n';
    const r = refused(findEdit(file, '    go();\t', 'stop();'));
    assert.equal(r.reason, 'ambiguous');
    assert.match(r.message, /lines 2, 5/);
  });

  test('lines whose indentation shape differs do not match (never the wrong block)', () => {
    // Same text, but in the file the second line is not nested inside the first.
    const file = 'if (a) {\ngo();\n}\n';
    const r = refused(findEdit(file, 'if (a) {\n    go();\n}', 'if (a) {\n    stop();\n}'));
    assert.equal(r.reason, 'not_found');
  });

  test('a partial first line with drift is not guessed', () => {
    const file = '    const value = compute(a,\n        b);\n';
    assert.equal(refused(findEdit(file, 'compute(a,\n  b);', 'compute(a, b, c);')).reason, 'not_found');
  });
});

describe('refusals the model can act on', () => {
  const file = ['function load(path) {', '  const text = read(path);', '  const data = parse(text);', '  validate(data);', '  return data;', '}', ''].join('\n');

  test('not found shows the closest region and the first differing line', () => {
    const r = refused(findEdit(file, '  const text = read(path);\n  const data = parse(txt);\n  validate(data);', 'x'));
    assert.equal(r.reason, 'not_found');
    assert.match(r.message, /Closest region: lines 2-4 \(67% of oldText's lines match there\)/);
    assert.match(r.message, /First difference at line 3:\n  file:    const data = parse\(text\);\n  oldText: const data = parse\(txt\);/);
    assert.equal(r.candidates[0]!.line, 2);
  });

  test('when no line matches at all, similar lines are suggested', () => {
    const r = refused(findEdit(file, '  const dato = parse(texts);', 'x'));
    assert.match(r.message, /Most similar lines:\n  3: const data = parse\(text\);/);
  });

  test('elided context in oldText never matches, and the message says why', () => {
    const r = refused(findEdit(file, 'function load(path) {\n  // ...\n  return data;\n}', 'function load(path) {\n  return null;\n}'));
    assert.equal(r.reason, 'not_found');
    assert.match(r.message, /placeholder \("\/\/ \.\.\."\)/);
  });

  test('a placeholder in newText is refused: it would delete real code', () => {
    const r = refused(findEdit(file, 'function load(path) {\n  const text = read(path);', 'async function load(path) {\n  // ... existing code ...'));
    assert.equal(r.reason, 'elision');
    assert.match(r.message, /newText contains a placeholder \("\/\/ \.\.\. existing code \.\.\."/);
  });

  test('a placeholder comment already in the file may stay in newText', () => {
    const withMarker = 'a();\n// ...\nb();\n';
    const r = applied(findEdit(withMarker, 'a();\n// ...', 'A();\n// ...'));
    assert.equal(r.content, 'A();\n// ...\nb();\n');
  });

  test('spread syntax and Python stubs are not placeholders', () => {
    applied(findEdit('f(a);\n', 'f(a);', 'f(...args);'));
    const stub = applied(findEdit('def f():\n    pass\n', '    pass', '    ...'));
    assert.equal(stub.content, 'def f():\n    ...\n');
  });
});

describe('cost stays bounded', () => {
  test('a 100k-line file with a near miss answers quickly', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `  value${i % 5000} = compute(${i});`);
    const file = lines.join('\n');
    const started = performance.now();
    const r = refused(findEdit(file, '  value1 = compute(1);\n  value2 = compute(3);', 'x'));
    assert.ok(performance.now() - started < 2000, 'under two seconds');
    assert.ok(r.candidates.length > 0);
  });
});
