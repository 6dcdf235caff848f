import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsSearch } from '../../../src/core/workspace/js-search';
import { FileNotFoundError, WorkspacePathError, type Search, type SearchQuery } from '../../../src/core/workspace/ports';
import { RipgrepSearch } from '../../../src/core/workspace/rg-search';
import { createSearch, findRipgrepOnPath } from '../../../src/core/workspace/search-factory';
import { InvalidSearchQueryError } from '../../../src/core/workspace/search-query';
import { createTempRepo, type TempRepo } from '../../support/temp-repo';

const rgPath = findRipgrepOnPath();

function fixtureFiles(): Record<string, string | Uint8Array> {
  return {
    '.gitignore': 'node_modules/\n*.log\n',
    'src/alpha.ts': 'const needle = 1;\nconst Needle = 2;\n// NEEDLE shouting\n',
    'src/beta.ts': 'export function find(a.b) { return "a.b("; }\n',
    'src/unicode.ts': 'const é€ = "x needle";\n',
    'src/many.ts': Array.from({ length: 50 }, (_, i) => `line ${i} needle`).join('\n') + '\n',
    'docs/guide.md': '# Needle in docs\n',
    'scripts/tool.py': 'needle = True\n',
    '.github/workflows/ci.yml': 'name: needle-ci\n',
    'bin/data.bin': Buffer.from([0x6e, 0x65, 0x65, 0x64, 0x6c, 0x65, 0x00, 0x01]),
    'crlf.txt': 'first\r\nneedle crlf\r\n',
  };
}

const engines: { name: 'ripgrep' | 'js'; make: (root: string) => Search }[] = [
  { name: 'js', make: (root) => new JsSearch(root) },
];
if (rgPath) engines.unshift({ name: 'ripgrep', make: (root) => new RipgrepSearch(root, { rgPath }) });

for (const engine of engines) {
  describe(`search engine: ${engine.name}`, () => {
    let repo: TempRepo;
    let outside: string;
    let search: Search;
    const run = (query: SearchQuery) => search.search(query);
    const where = async (query: SearchQuery) => (await run(query)).matches.map((m) => `${m.path}:${m.line}:${m.column}`);

    before(() => {
      repo = createTempRepo({ git: true, files: fixtureFiles() });
      repo.write('node_modules/pkg/index.js', 'needle in ignored\n');
      repo.write('debug.log', 'needle in ignored log\n');
      repo.write('untracked.ts', 'needle untracked\n');
      repo.git(['commit', '-q', '--allow-empty', '-m', 'needle in a commit message']);
      outside = mkdtempSync(path.join(tmpdir(), 'foreman-outside-'));
      writeFileSync(path.join(outside, 'secret.txt'), 'needle outside\n');
      symlinkSync(path.join(outside, 'secret.txt'), path.join(repo.root, 'src', 'link.txt'));
      symlinkSync(outside, path.join(repo.root, 'linkdir'));
      search = engine.make(repo.root);
    });
    after(() => {
      repo.cleanup();
      rmSync(outside, { recursive: true, force: true });
    });

    test('literal, case-insensitive by default; ignored, binary, .git and symlinked files are not searched', async () => {
      const result = await run({ query: 'needle' });
      assert.equal(result.engine, engine.name);
      const paths = [...new Set(result.matches.map((m) => m.path))];
      assert.deepEqual(paths, [
        '.github/workflows/ci.yml',
        'crlf.txt',
        'docs/guide.md',
        'scripts/tool.py',
        'src/alpha.ts',
        'src/many.ts',
        'src/unicode.ts',
        'untracked.ts',
      ]);
      assert.equal(result.matches.filter((m) => m.path === 'src/alpha.ts').length, 3);
      assert.equal(result.omitted, 0);
    });

    test('case-sensitive, columns in characters, CR stripped from text', async () => {
      assert.deepEqual(await where({ query: 'Needle', caseSensitive: true }), ['docs/guide.md:1:3', 'src/alpha.ts:2:7']);
      const unicode = (await run({ query: 'needle', path: 'src/unicode.ts' })).matches;
      assert.deepEqual(unicode, [{ path: 'src/unicode.ts', line: 1, column: 15, text: 'const é€ = "x needle";' }]);
      const crlf = (await run({ query: 'needle', path: 'crlf.txt' })).matches;
      assert.deepEqual(crlf, [{ path: 'crlf.txt', line: 2, column: 1, text: 'needle crlf' }]);
    });

    test('literal queries treat regex characters literally; regex queries do not', async () => {
      assert.deepEqual(await where({ query: 'a.b(' }), ['src/beta.ts:1:37']);
      assert.deepEqual(await where({ query: 'line \\d+ needle', regex: true, maxResults: 2 }), ['src/many.ts:1:1', 'src/many.ts:2:1']);
      assert.deepEqual(await where({ query: '^const N', regex: true, caseSensitive: true }), ['src/alpha.ts:2:1']);
    });

    test('file types and sub-paths', async () => {
      assert.deepEqual(await where({ query: 'needle', fileTypes: ['md'] }), ['docs/guide.md:1:3']);
      assert.deepEqual(await where({ query: 'needle', fileTypes: ['python'] }), ['scripts/tool.py:1:1']);
      assert.deepEqual(await where({ query: 'needle', fileTypes: ['.yml', 'md'] }), ['.github/workflows/ci.yml:1:7', 'docs/guide.md:1:3']);
      assert.deepEqual(await where({ query: 'needle', path: 'docs' }), ['docs/guide.md:1:3']);
      assert.deepEqual(await where({ query: 'needle', path: 'src', fileTypes: ['ts'], caseSensitive: true, maxResults: 1 }), ['src/alpha.ts:1:7']);
    });

    test('caps results and counts what was cut', async () => {
      const result = await run({ query: 'needle', path: 'src/many.ts', maxResults: 10 });
      assert.equal(result.matches.length, 10);
      assert.equal(result.omitted, 40);
      assert.deepEqual(result.matches.map((m) => m.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    test('stops early on a flood of matches and reports a lower bound', async () => {
      const flood = createTempRepo({
        // 25,000 matches: more than ripgrep's unsorted cap (20,000), so it too must stop early.
        files: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${String(i).padStart(3, '0')}.txt`, 'hit\n'.repeat(250)])),
      });
      try {
        const result = await engine.make(flood.root).search({ query: 'hit', maxResults: 5 });
        assert.equal(result.matches.length, 5);
        assert.deepEqual(result.matches.map((m) => `${m.path}:${m.line}`), ['f000.txt:1', 'f000.txt:2', 'f000.txt:3', 'f000.txt:4', 'f000.txt:5']);
        assert.ok(result.omitted >= 1995 && result.omitted < 25_000 - 5, `omitted ${result.omitted}`);
        assert.equal(result.stoppedEarly, true);
      } finally {
        flood.cleanup();
      }
    });

    test('refuses bad queries and paths with clear errors', async () => {
      await assert.rejects(run({ query: '(unclosed', regex: true }), InvalidSearchQueryError);
      await assert.rejects(run({ query: '' }), InvalidSearchQueryError);
      await assert.rejects(run({ query: 'x', maxResults: 0 }), InvalidSearchQueryError);
      await assert.rejects(run({ query: 'needle', path: 'missing' }), FileNotFoundError);
      await assert.rejects(run({ query: 'needle', path: '..' }), WorkspacePathError);
      await assert.rejects(run({ query: 'needle', path: '.git' }), WorkspacePathError);
      await assert.rejects(run({ query: 'needle', path: 'linkdir' }), WorkspacePathError);
    });

    test('an aborted signal rejects', async () => {
      await assert.rejects(run({ query: 'needle', signal: AbortSignal.abort() }), { name: 'AbortError' });
    });

    test('honours .gitignore outside git repositories too', async () => {
      const plain = createTempRepo({ files: { '.gitignore': 'out/\n', 'a.txt': 'needle\n', 'out/b.txt': 'needle\n' } });
      try {
        assert.deepEqual((await engine.make(plain.root).search({ query: 'needle' })).matches.map((m) => m.path), ['a.txt']);
      } finally {
        plain.cleanup();
      }
    });
  });
}

describe('createSearch', () => {
  let repo: TempRepo;
  before(() => {
    repo = createTempRepo({ files: { 'a.txt': 'needle\n' } });
  });
  after(() => repo.cleanup());

  test('uses ripgrep from PATH when present, JS when told not to or when none is found', async () => {
    if (rgPath) assert.equal((await createSearch({ root: repo.root }).search({ query: 'needle' })).engine, 'ripgrep');
    assert.equal((await createSearch({ root: repo.root, rgPath: null }).search({ query: 'needle' })).engine, 'js');
    assert.equal((await createSearch({ root: repo.root, envPath: '' }).search({ query: 'needle' })).engine, 'js');
  });

  test('aborting a running search kills rg and rejects at once', async () => {
    const slowRg = repo.write('bin/slow-rg', `#!/bin/sh\necho $$ > ${repo.root}/slow-rg.pid\nexec sleep 30\n`);
    chmodSync(slowRg, 0o755);
    const controller = new AbortController();
    const started = Date.now();
    const running = new RipgrepSearch(repo.root, { rgPath: slowRg }).search({ query: 'needle', signal: controller.signal });
    for (let i = 0; i < 100 && !existsSync(path.join(repo.root, 'slow-rg.pid')); i++) await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    await assert.rejects(running, { name: 'AbortError' });
    assert.ok(Date.now() - started < 3000);
    const pid = Number(readFileSync(path.join(repo.root, 'slow-rg.pid'), 'utf8'));
    await new Promise((r) => setTimeout(r, 50));
    let gone = false;
    try {
      process.kill(pid, 0);
      gone = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
    } catch {
      gone = true;
    }
    assert.ok(gone, 'rg was killed');
  });

  test('aborting the JS engine between slices rejects', async () => {
    const many = createTempRepo({ files: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}.txt`, 'x\n'])) });
    try {
      const controller = new AbortController();
      const running = new JsSearch(many.root, { sliceMs: 0 }).search({ query: 'x', signal: controller.signal });
      setImmediate(() => controller.abort());
      await assert.rejects(running, { name: 'AbortError' });
      // And with room to finish, the same search completes.
      assert.equal((await new JsSearch(many.root, { sliceMs: 0 }).search({ query: 'x', maxResults: 500 })).matches.length, 200);
    } finally {
      many.cleanup();
    }
  });

  test('falls back to JS when the given rg cannot start', async () => {
    const broken = repo.write('bin/rg', '#!/nonexistent/interpreter\n');
    chmodSync(broken, 0o755);
    const search = createSearch({ root: repo.root, rgPath: broken, envPath: '' });
    const result = await search.search({ query: 'needle' });
    assert.equal(result.engine, 'js');
    assert.deepEqual(result.matches.map((m) => m.path), ['a.txt']);
  });
});

describe('ripgrep without --sort path', () => {
  test('gives the same ordered answer as the sorted pass, and an exact count under the cap', async () => {
    const repo = createTempRepo({
      files: Object.fromEntries(
        Array.from({ length: 60 }, (_, i) => [`d${i % 7}/sub${i % 3}/f${String(59 - i).padStart(2, '0')}.ts`, 'x\nneedle\ny\nneedle\n']),
      ),
    });
    try {
      const search = new RipgrepSearch(repo.root, { rgPath: 'rg' });
      const result = await search.search({ query: 'needle', maxResults: 25 });
      const sorted = spawnSync('rg', ['--json', '--no-config', '--sort', 'path', '--fixed-strings', 'needle', '.'], { cwd: repo.root, encoding: 'utf8' });
      const expected = sorted.stdout
        .split('\n')
        .filter((l) => l.startsWith('{"type":"match"'))
        .map((l) => JSON.parse(l) as { data: { path: { text: string }; line_number: number } })
        .map((m) => `${m.data.path.text.replace(/^\.\//, '')}:${m.data.line_number}`);
      assert.equal(expected.length, 120);
      assert.deepEqual(result.matches.map((m) => `${m.path}:${m.line}`), expected.slice(0, 25));
      assert.equal(result.omitted, 95, 'under the cap the count of what was cut is exact');
      assert.equal(result.stoppedEarly, undefined);
    } finally {
      repo.cleanup();
    }
  });
});
