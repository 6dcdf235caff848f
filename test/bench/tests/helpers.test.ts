import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { findActivation } from '../extension.bench';
import { criticalPathMs, DAGS } from '../orchestration.bench';
import { checkAgainstRg, parseRgOutput, parseToolOutput, rgArgs } from '../search.bench';
import { zipEntries } from '../vsix-entries';

/** A zip with stored (uncompressed) entries: enough for the central-directory reader. */
function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('bench helpers', () => {
  test('zipEntries lists names and sizes from the central directory', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'foreman-bench-zip-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'x.vsix');
    writeFileSync(file, storedZip({ 'extension/package.json': '{}', 'extension/dist/extension.js': 'x'.repeat(1234) }));
    assert.deepEqual(zipEntries(file), [
      { name: 'extension/package.json', size: 2, compressedSize: 2 },
      { name: 'extension/dist/extension.js', size: 1234, compressedSize: 1234 },
    ]);
    writeFileSync(join(dir, 'bad.vsix'), 'not a zip at all, just some text that is long enough');
    assert.throws(() => zipEntries(join(dir, 'bad.vsix')), /not a zip/);
  });

  test('findActivation takes the newest artifact with the figure, as a line or a JSON field', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'foreman-bench-artifacts-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    assert.equal(findActivation(join(dir, 'missing')), undefined);
    mkdirSync(join(dir, 'activation'));
    writeFileSync(join(dir, 'activation', 'code-server.log'), 'nothing here\n');
    assert.equal(findActivation(dir), undefined);
    const old = join(dir, 'activation', 'run.log');
    writeFileSync(old, '# Subtest: 7\n# extension.activation_ms: 812 ms\nok 1\n');
    utimesSync(old, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    assert.equal(findActivation(dir)?.ms, 812);
    writeFileSync(join(dir, 'result.json'), JSON.stringify({ 'extension.activation_ms': 640.5, other: true }));
    const found = findActivation(dir);
    assert.equal(found?.ms, 640.5);
    assert.equal(found?.file, join(dir, 'result.json'));
  });

  test('the critical path counts the planner, the longest chain of workers and the synthesis', () => {
    assert.equal(criticalPathMs(DAGS[1]!, 3, 300), 5 * 300);
    assert.equal(criticalPathMs(DAGS[3]!, 3, 300), 8 * 300);
    assert.equal(criticalPathMs(DAGS[8]!, 3, 300), 11 * 300);
    assert.equal(criticalPathMs([{ id: 'a', dependsOn: [] }, { id: 'b', dependsOn: ['a'] }, { id: 'c', dependsOn: [] }], 2, 100), (1 + 4 + 1) * 100);
  });

  test('search answers are compared with rg in path order, shown matches and count', () => {
    assert.deepEqual(rgArgs({ query: 'a.b', fileTypes: ['go'] }), ['--line-number', '--no-heading', '--color', 'never', '--ignore-case', '--fixed-strings', '--glob', '*.go', '--regexp', 'a.b', '.']);
    const rg = parseRgOutput('./src/b.ts:3:x\n./src/a/z.ts:10:y\n./src/a/z.ts:2:y\n./src/a-b.ts:1:z\n');
    // Segment by segment, as rg --sort path orders: 'src/a/…' before 'src/a-b.ts'.
    assert.deepEqual(rg, [
      { path: 'src/a/z.ts', line: 2 },
      { path: 'src/a/z.ts', line: 10 },
      { path: 'src/a-b.ts', line: 1 },
      { path: 'src/b.ts', line: 3 },
    ]);
    const tool = parseToolOutput('4 matches for "y", in 3 files shown:\n\nsrc/a/z.ts\n  2: y\n  10: y\n\nsrc/a-b.ts\n  1: z\n\nsrc/b.ts\n  3: x');
    assert.deepEqual(tool, { total: 4, atLeast: false, hits: rg });
    assert.equal(checkAgainstRg('q', tool, rg), undefined);
    assert.match(checkAgainstRg('q', { ...tool, hits: tool.hits.slice(1) }, rg) ?? '', /differ from rg's/);
    assert.match(checkAgainstRg('q', { ...tool, total: 3 }, rg) ?? '', /counts 3 matches, rg finds 4/);
    assert.equal(checkAgainstRg('q', { ...tool, total: 3, atLeast: true }, rg), undefined);
    assert.deepEqual(parseToolOutput('No matches for "q".'), { total: 0, atLeast: false, hits: [] });
  });
});
