import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTools } from '../../../src/core/tools/default-tools';
import { createToolRegistry } from '../../../src/core/tools/registry';
import { createTestToolContext } from '../../support/tool-context';

const registry = createToolRegistry(defaultTools());
const source = ['export function area(r) {', '  return 3.14 * r * r;', '}', ''].join('\n');

describe('edit_file', () => {
  test('writes only to the overlay, with provenance, and echoes the edited lines', async () => {
    const { ctx, fs, changes } = createTestToolContext({ files: { 'src/geo.ts': source } });
    const out = await registry.run('edit_file', { filePath: 'src/geo.ts', oldText: '  return 3.14 * r * r;', newText: '  return Math.PI * r * r;' }, ctx);
    assert.equal(out.isError, undefined, out.content);
    assert.equal(out.content, 'Edited src/geo.ts: replaced line 2 (now line 2).\nIt now reads:\n   1\texport function area(r) {\n   2\t  return Math.PI * r * r;\n   3\t}\n   4\t');
    assert.equal(fs.text('src/geo.ts'), source, 'disk untouched');
    const change = changes.get('src/geo.ts')!;
    assert.equal(change.kind, 'modify');
    assert.match(change.newContent!, /Math\.PI/);
    assert.deepEqual(change.provenance.map((p) => p.workerId), ['test-worker']);
    assert.equal(out.details?.strategy, 'exact');
  });

  test('says when it matched tolerantly and re-indented', async () => {
    const { ctx, changes } = createTestToolContext({ files: { 'src/geo.ts': source } });
    const out = await registry.run('edit_file', { filePath: 'src/geo.ts', oldText: '    return 3.14 * r * r;\n  }', newText: '    const k = 3.14;\n    return k * r * r;\n  }' }, ctx);
    assert.match(out.content, /^Edited src\/geo\.ts: replaced lines 2-3 \(now lines 2-4\) \(matched ignoring indentation; newText was re-indented to the file's style\)\./);
    assert.equal(changes.get('src/geo.ts')!.newContent, 'export function area(r) {\n  const k = 3.14;\n  return k * r * r;\n}\n');
  });

  test('sees its own earlier edits (edits chain through the overlay)', async () => {
    const { ctx, changes } = createTestToolContext({ files: { 'a.txt': 'one\ntwo\n' } });
    await registry.run('edit_file', { filePath: 'a.txt', oldText: 'one', newText: 'uno' }, ctx);
    const second = await registry.run('edit_file', { filePath: 'a.txt', oldText: 'uno\ntwo', newText: 'uno\ndos' }, ctx);
    assert.equal(second.isError, undefined, second.content);
    assert.equal(changes.get('a.txt')!.newContent, 'uno\ndos\n');
  });

  test('refusals are is_error results with line numbers, and nothing is written', async () => {
    const { ctx, changes } = createTestToolContext({ files: { 'a.txt': 'x = 1\ny = 2\nx = 1\n' } });
    const ambiguous = await registry.run('edit_file', { filePath: 'a.txt', oldText: 'x = 1', newText: 'x = 2' }, ctx);
    assert.equal(ambiguous.isError, true);
    assert.match(ambiguous.content, /^edit_file failed for a\.txt: oldText matches 2 places \(starting at lines 1, 3\)/);
    assert.equal(ambiguous.details?.reason, 'ambiguous');
    const missing = await registry.run('edit_file', { filePath: 'a.txt', oldText: 'z = 3', newText: 'z = 4' }, ctx);
    assert.match(missing.content, /oldText was not found/);
    assert.equal(changes.files().length, 0);
  });

  test('missing file points to create_file; binary files are refused', async () => {
    const { ctx } = createTestToolContext({ files: { 'b.bin': new Uint8Array([0, 1, 2, 0]) } });
    assert.match((await registry.run('edit_file', { filePath: 'new.ts', oldText: 'a', newText: 'b' }, ctx)).content, /File not found: new\.ts\. Use create_file/);
    assert.match((await registry.run('edit_file', { filePath: 'b.bin', oldText: 'a', newText: 'b' }, ctx)).content, /binary file/);
  });

  test('replaceAll reports every place', async () => {
    const { ctx } = createTestToolContext({ files: { 'a.txt': 'foo()\nbar()\nfoo()\n' } });
    const out = await registry.run('edit_file', { filePath: 'a.txt', oldText: 'foo()', newText: 'baz()', replaceAll: true }, ctx);
    assert.match(out.content, /^Edited a\.txt: 2 places \(now at lines 1, 3\)\./);
  });
});

describe('create_file and delete_file', () => {
  test('create_file proposes a new file and refuses existing ones', async () => {
    const { ctx, fs, changes } = createTestToolContext({ files: { 'a.txt': 'a\n' } });
    const out = await registry.run('create_file', { filePath: 'src/new/util.ts', content: 'export const x = 1;\nexport const y = 2;\n' }, ctx);
    assert.equal(out.content, 'Created src/new/util.ts (2 lines, 40 bytes).');
    assert.equal(changes.get('src/new/util.ts')!.kind, 'create');
    assert.equal(fs.has('src/new/util.ts'), false);
    const again = await registry.run('create_file', { filePath: 'a.txt', content: 'b' }, ctx);
    assert.equal(again.isError, true);
    assert.match(again.content, /a\.txt already exists\. Use edit_file to change it, or delete_file first/);
  });

  test('delete_file proposes a deletion; later reads no longer see the file', async () => {
    const { ctx, fs, changes } = createTestToolContext({ files: { 'old.ts': 'x\n', 'src/keep.ts': 'k' } });
    const out = await registry.run('delete_file', { filePath: 'old.ts' }, ctx);
    assert.equal(out.content, 'Deleted old.ts (proposed).');
    assert.equal(changes.get('old.ts')!.kind, 'delete');
    assert.equal(fs.has('old.ts'), true);
    assert.match((await registry.run('delete_file', { filePath: 'old.ts' }, ctx)).content, /File not found: old\.ts/);
    assert.match((await registry.run('delete_file', { filePath: 'src' }, ctx)).content, /is a folder/);
  });

  test('delete then create replaces a file wholesale', async () => {
    const { ctx, changes } = createTestToolContext({ files: { 'cfg.json': '{"a":1}\n' } });
    await registry.run('delete_file', { filePath: 'cfg.json' }, ctx);
    const out = await registry.run('create_file', { filePath: 'cfg.json', content: '{"b":2}\n' }, ctx);
    assert.equal(out.isError, undefined, out.content);
    assert.equal(changes.get('cfg.json')!.newContent, '{"b":2}\n');
  });
});

describe('finish and give_up', () => {
  test('return control for the loop', async () => {
    const { ctx } = createTestToolContext();
    assert.deepEqual((await registry.run('finish', { summary: 'Fixed the parser.' }, ctx)).control, { kind: 'finish', summary: 'Fixed the parser.' });
    assert.deepEqual((await registry.run('give_up', { reason: 'No access.' }, ctx)).control, { kind: 'give_up', reason: 'No access.' });
    assert.equal((await registry.run('finish', {}, ctx)).control, undefined);
  });
});
