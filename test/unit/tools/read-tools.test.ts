import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { defaultTools } from '../../../src/core/tools/default-tools';
import { createToolRegistry } from '../../../src/core/tools/registry';
import { createTempRepo } from '../../support/temp-repo';
import { createTestToolContext } from '../../support/tool-context';

const registry = createToolRegistry(defaultTools());
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('read_file', () => {
  test('numbered lines; a short file is shown whole without a note', async () => {
    const { ctx } = createTestToolContext({ files: { 'src/a.ts': 'const a = 1;\nexport { a };\n' } });
    const out = await registry.run('read_file', { filePath: 'src/a.ts' }, ctx);
    assert.equal(out.content, '   1\tconst a = 1;\n   2\texport { a };');
  });

  test('large files are paged with a note on how to continue', async () => {
    const { ctx } = createTestToolContext({ files: { 'big.txt': numbered(1000) }, limits: { readMaxLines: 400 } });
    const first = await registry.run('read_file', { filePath: 'big.txt' }, ctx);
    assert.match(first.content, /^   1\tline 1\n/);
    assert.match(first.content, / 400\tline 400\n\n\(showing lines 1-400 of 1000; call again with startLine=401 to read on\)$/);
    const range = await registry.run('read_file', { filePath: 'big.txt', startLine: 990, endLine: 5000 }, ctx);
    assert.match(range.content, /^ 990\tline 990\n/);
    assert.match(range.content, /\(showing lines 990-1000 of 1000\)$/);
    const past = await registry.run('read_file', { filePath: 'big.txt', startLine: 2000 }, ctx);
    assert.match(past.content, /has 1000 lines; startLine 2000 is past the end/);
  });

  test('very long lines are cut with a marker', async () => {
    const { ctx } = createTestToolContext({ files: { 'min.js': 'x'.repeat(5000) + '\nshort\n' } });
    const out = await registry.run('read_file', { filePath: 'min.js' }, ctx);
    assert.match(out.content, /x{2000} … \[line cut: 3000 more characters\]\n   2\tshort/);
  });

  test('reads through the overlay: pending edits are visible, pending deletes are gone', async () => {
    const { ctx, changes } = createTestToolContext({ files: { 'a.txt': 'old\n', 'b.txt': 'bye\n' } });
    await changes.write('a.txt', 'new\n', ctx.provenance);
    await changes.remove('b.txt', ctx.provenance);
    assert.equal((await registry.run('read_file', { filePath: 'a.txt' }, ctx)).content, '   1\tnew');
    const gone = await registry.run('read_file', { filePath: 'b.txt' }, ctx);
    assert.equal(gone.isError, true);
    assert.match(gone.content, /File not found: b\.txt/);
  });

  test('binary files, folders and missing files are refused with a hint', async () => {
    const { ctx } = createTestToolContext({ files: { 'img.png': new Uint8Array([137, 80, 78, 71, 0, 0, 1]), 'src/a.ts': 'x' } });
    assert.match((await registry.run('read_file', { filePath: 'img.png' }, ctx)).content, /looks like a binary file/);
    assert.match((await registry.run('read_file', { filePath: 'src' }, ctx)).content, /is a directory: use list_files/);
    assert.match((await registry.run('read_file', { filePath: 'nope.ts' }, ctx)).content, /File not found: nope\.ts\. Use list_files or search_codebase/);
  });

  test('an empty file says so', async () => {
    const { ctx } = createTestToolContext({ files: { 'empty.txt': '' } });
    assert.match((await registry.run('read_file', { filePath: 'empty.txt' }, ctx)).content, /empty\.txt is empty/);
  });
});

describe('paths are checked for every tool', () => {
  const repo = createTempRepo({ files: { 'inside.txt': 'ok\n' } });
  after(() => repo.cleanup());
  const outside = createTempRepo({ files: { 'secret.txt': 'secret\n' } });
  after(() => outside.cleanup());
  symlinkSync(outside.root, `${repo.root}/link`);

  test('escapes, absolute paths outside, .git/ and symlinks leading out are refused', async () => {
    const { ctx } = createTestToolContext({ root: repo.root, files: { 'inside.txt': 'ok\n' } });
    const attempts: Array<[string, Record<string, unknown>, RegExp]> = [
      ['read_file', { filePath: '../secret.txt' }, /escapes the workspace/],
      ['read_file', { filePath: `${outside.root}/secret.txt` }, /outside the workspace/],
      ['read_file', { filePath: '.git/config' }, /inside \.git/],
      ['read_file', { filePath: 'link/secret.txt' }, /through a symlink/],
      ['create_file', { filePath: 'link/new.txt', content: 'x' }, /through a symlink/],
      ['edit_file', { filePath: '../x', oldText: 'a', newText: 'b' }, /escapes the workspace/],
      ['delete_file', { filePath: '.git/HEAD' }, /inside \.git/],
      ['list_files', { path: '..' }, /escapes the workspace/],
      ['search_codebase', { query: 'x', path: '../' }, /escapes the workspace/],
      ['run_command', { command: 'ls', cwd: '../..' }, /escapes the workspace/],
    ];
    for (const [tool, input, message] of attempts) {
      const out = await registry.run(tool, input, ctx);
      assert.equal(out.isError, true, `${tool} ${JSON.stringify(input)}`);
      assert.match(out.content, /^Path refused: /, `${tool} ${JSON.stringify(input)}`);
      assert.match(out.content, message, `${tool} ${JSON.stringify(input)}`);
    }
  });

  test('absolute paths inside the workspace are accepted', async () => {
    const { ctx } = createTestToolContext({ root: repo.root, files: { 'inside.txt': 'ok\n' } });
    const out = await registry.run('read_file', { filePath: `${repo.root}/inside.txt` }, ctx);
    assert.equal(out.content, '   1\tok');
  });
});

describe('list_files', () => {
  const files = { 'README.md': '#', 'src/a.ts': 'a', 'src/b.ts': 'b', 'src/lib/c.ts': 'c', 'docs/guide.md': 'g' };

  test('direct children, folders first, with a count', async () => {
    const { ctx } = createTestToolContext({ files });
    const out = await registry.run('list_files', {}, ctx);
    assert.equal(out.content, 'Workspace root: 3 entries\ndocs/\nsrc/\nREADME.md');
  });

  test('recursive with a pattern, relative to the listed folder', async () => {
    const { ctx } = createTestToolContext({ files });
    const out = await registry.run('list_files', { path: 'src', recursive: true, pattern: '*.ts' }, ctx);
    assert.equal(out.content, "src/ (recursive) matching '*.ts': 3 entries\na.ts\nb.ts\nlib/c.ts");
  });

  test('pending creates appear (with new folders), pending deletes disappear', async () => {
    const { ctx, changes } = createTestToolContext({ files });
    await changes.create('src/new.ts', 'n', ctx.provenance);
    await changes.create('tools/gen.ts', 'g', ctx.provenance);
    await changes.remove('src/b.ts', ctx.provenance);
    const root = await registry.run('list_files', {}, ctx);
    assert.equal(root.content, 'Workspace root: 4 entries\ndocs/\nsrc/\ntools/  (new)\nREADME.md');
    const src = await registry.run('list_files', { path: 'src' }, ctx);
    assert.equal(src.content, 'src/: 3 entries\nlib/\na.ts\nnew.ts  (new)');
    const created = await registry.run('list_files', { path: 'tools' }, ctx);
    assert.equal(created.content, 'tools/: 1 entry\ngen.ts  (new)');
  });

  test('long listings are capped with the count of the rest', async () => {
    const many = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`gen/f${String(i).padStart(3, '0')}.txt`, 'x']));
    const { ctx } = createTestToolContext({ files: many });
    const out = await registry.run('list_files', { path: 'gen' }, ctx);
    assert.match(out.content, /^gen\/: 450 entries\n/);
    assert.match(out.content, /\n… 50 more not shown; narrow with path or pattern\.$/);
    assert.equal(out.details?.shown, 400);
  });

  test('a file or a missing folder is an error', async () => {
    const { ctx } = createTestToolContext({ files });
    assert.match((await registry.run('list_files', { path: 'README.md' }, ctx)).content, /is a file, not a folder/);
    assert.match((await registry.run('list_files', { path: 'nope' }, ctx)).content, /Folder not found: nope/);
  });
});

describe('search_codebase', () => {
  const files = {
    'src/a.ts': 'export function parseConfig() {}\nconst x = parseConfig();\n',
    'src/b.js': 'parseconfig();\n',
    'docs/notes.md': 'Call parseConfig early.\n',
  };

  test('groups matches by file with line numbers; case-insensitive by default', async () => {
    const { ctx } = createTestToolContext({ files });
    const out = await registry.run('search_codebase', { query: 'parseConfig' }, ctx);
    assert.equal(
      out.content,
      [
        '4 matches for "parseConfig", in 3 files shown:',
        '',
        'docs/notes.md',
        '  1: Call parseConfig early.',
        '',
        'src/a.ts',
        '  1: export function parseConfig() {}',
        '  2: const x = parseConfig();',
        '',
        'src/b.js',
        '  1: parseconfig();',
      ].join('\n'),
    );
  });

  test('passes regex, case, path and file types to the search port', async () => {
    const { ctx } = createTestToolContext({ files });
    const out = await registry.run('search_codebase', { query: 'parse\\w+\\(\\)', regex: true, caseSensitive: true, path: 'src', fileTypes: ['.ts'] }, ctx);
    assert.match(out.content, /^2 matches for \/parse\\w\+\\\(\\\)\/ in src, in 1 file shown:/);
    const query = (ctx.search as unknown as { queries: Array<Record<string, unknown>> }).queries[0]!;
    assert.deepEqual([query.regex, query.caseSensitive, query.path, query.fileTypes], [true, true, 'src', ['ts']]);
  });

  test('caps results and says how many more exist', async () => {
    const many = { 'log.txt': Array.from({ length: 30 }, (_, i) => `hit ${i}`).join('\n') };
    const { ctx } = createTestToolContext({ files: many });
    const out = await registry.run('search_codebase', { query: 'hit', maxResults: 10 }, ctx);
    assert.match(out.content, /^30 matches \(at least\)/);
    assert.match(out.content, /… 20 more not shown; narrow with path, fileTypes or a more specific query, or raise maxResults \(up to 500\)\.$/);
    assert.equal((await registry.run('search_codebase', { query: 'hit', maxResults: 501 }, ctx)).details?.errorKind, 'invalid_input');
  });

  test('searches pending content instead of the stale disk copy', async () => {
    const { ctx, changes } = createTestToolContext({ files });
    await changes.write('src/a.ts', 'export function loadConfig() {}\n', ctx.provenance);
    await changes.create('src/c.ts', 'parseConfig(1);\n', ctx.provenance);
    const out = await registry.run('search_codebase', { query: 'parseConfig', fileTypes: ['ts'] }, ctx);
    assert.match(out.content, /^1 match for "parseConfig", in 1 file shown:\n\nsrc\/c\.ts\n  1: parseConfig\(1\);$/);
  });

  test('no matches is a plain answer, not an error', async () => {
    const { ctx } = createTestToolContext({ files });
    const out = await registry.run('search_codebase', { query: 'nothing-here' }, ctx);
    assert.equal(out.isError, undefined);
    assert.equal(out.content, 'No matches for "nothing-here".');
  });
});
