import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elisionKind } from '../../../src/core/tools/elision';

test('placeholders are recognised; ordinary code and comments are not', () => {
  const placeholders = ['// ... existing code ...', '// ...', '/* ... */', '# ...', '// rest of the code unchanged', '// existing code', '<!-- ... -->', '// ...rest unchanged', '# imports omitted'];
  for (const line of placeholders) assert.equal(elisionKind(line), 'comment', line);
  assert.equal(elisionKind('    ...'), 'bare');
  assert.equal(elisionKind('…'), 'bare');
  const ordinary = ['const a = [...b];', '// other fields are optional', '// see the rest of the docs', '// TODO: more tests', 'return rest;', '// returns the rest', 'f(...args)', ''];
  for (const line of ordinary) assert.equal(elisionKind(line), undefined, line);
});
