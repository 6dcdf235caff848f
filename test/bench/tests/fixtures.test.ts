import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { diffInputs, scatterEdits } from '../fixtures/diff-inputs';
import { Random } from '../fixtures/prng';
import { sourceFile } from '../fixtures/source-code';
import { generateSourceTree, NEEDLE } from '../fixtures/source-tree';

function treeDigest(root: string): { hash: string; files: string[] } {
  const hash = createHash('sha256');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === '.git') continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else {
        const rel = relative(root, abs);
        files.push(rel);
        hash.update(rel).update('\0').update(readFileSync(abs));
      }
    }
  };
  walk(root);
  return { hash: hash.digest('hex'), files };
}

describe('bench fixtures', () => {
  test('the PRNG repeats for a seed and differs between seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(seqA, Array.from({ length: 20 }, () => b.next()));
    assert.notDeepEqual(seqA, Array.from({ length: 20 }, () => c.next()));
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
    const r = new Random(1);
    for (let i = 0; i < 200; i++) {
      const n = r.int(3, 5);
      assert.ok(n >= 3 && n <= 5 && Number.isInteger(n));
    }
  });

  test('source files look like their language and have about the asked length', () => {
    const ts = sourceFile(new Random(7), 'ts', 200);
    assert.match(ts, /^import \{ \w+, \w+ \} from '/);
    assert.match(ts, /export (async )?function \w+\(|export class \w+|export interface \w+/);
    const lines = ts.split('\n').length;
    assert.ok(lines >= 200 && lines < 260, `${lines} lines`);
    assert.match(sourceFile(new Random(7), 'go', 60), /^package \w+\n/);
    assert.match(sourceFile(new Random(7), 'py', 60), /^"""[^\n]*"""\nimport logging/);
    assert.doesNotThrow(() => JSON.parse(sourceFile(new Random(7), 'json', 30)));
  });

  test('the source tree is the same bytes for a seed, plants the needle where it says, and ignores node_modules', (t) => {
    const one = mkdtempSync(join(tmpdir(), 'foreman-bench-tree-'));
    const two = mkdtempSync(join(tmpdir(), 'foreman-bench-tree-'));
    t.after(() => {
      rmSync(one, { recursive: true, force: true });
      rmSync(two, { recursive: true, force: true });
    });
    const a = generateSourceTree(one, { files: 400, seed: 5, git: false });
    const b = generateSourceTree(two, { files: 400, seed: 5, git: false });
    const da = treeDigest(one);
    assert.equal(da.hash, treeDigest(two).hash);
    assert.deepEqual(a.needleFiles, b.needleFiles);
    assert.equal(a.files, 400);
    assert.ok(a.needleFiles.length >= 1);
    const searched = da.files.filter((f) => f.startsWith('packages/') && !f.endsWith('.png'));
    assert.equal(searched.length, a.files);
    const withNeedle = searched.filter((f) => readFileSync(join(one, f), 'utf8').includes(NEEDLE));
    assert.deepEqual(withNeedle.sort(), a.needleFiles);
    assert.ok(da.files.some((f) => f.startsWith('node_modules/') && readFileSync(join(one, f), 'utf8').includes(NEEDLE)));
    assert.equal(readFileSync(join(one, '.gitignore'), 'utf8').split('\n')[0], 'node_modules/');
  });

  test('scattered edits change a file in several places and repeat for a seed', () => {
    const text = sourceFile(new Random(3), 'ts', 1000);
    const edited = scatterEdits(text, 20, new Random(9));
    assert.equal(edited, scatterEdits(text, 20, new Random(9)));
    const oldLines = text.split('\n');
    const newLines = new Set(edited.split('\n'));
    const gone = oldLines.filter((l) => !newLines.has(l)).length;
    assert.ok(gone >= 5 && gone < 100, `${gone} lines changed or deleted`);
  });

  test('the diff inputs include the known pathological pairs and every pair differs', () => {
    const inputs = diffInputs();
    const ids = inputs.map((i) => i.id);
    for (const id of ['unrelated_10k', 'one_vs_13k', 'repetitive_xyz', 'dense_10k', 'large_100k']) assert.ok(ids.includes(id), id);
    assert.equal(new Set(ids).size, ids.length);
    for (const input of inputs) assert.notEqual(input.oldText, input.newText, input.id);
    const large = inputs.find((i) => i.id === 'large_100k')!;
    assert.ok(large.oldText.split('\n').length >= 100_000);
  });
});
