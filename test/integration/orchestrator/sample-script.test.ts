import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadIssue } from '../../../src/core/issue/load';
import { scenario } from './harness';

const SAMPLES = resolve(__dirname, '../../../samples');

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(dir, abs)] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('samples/orchestrated-script.json', () => {
  test('solves samples/demo-issue.md on samples/demo-repo: analyze, code and document in parallel, test, synthesis', async (t) => {
    const script = JSON.parse(readFileSync(join(SAMPLES, 'orchestrated-script.json'), 'utf8'));
    const issue = await loadIssue(join(SAMPLES, 'demo-issue.md'));
    const s = await scenario(script, { files: filesUnder(join(SAMPLES, 'demo-repo')), issue });
    t.after(() => s.cleanup());
    const out = await s.solve();
    assert.equal(out.stop.kind, 'done', out.stop.message);
    assert.equal(out.plan?.mode, 'orchestrated');
    assert.deepEqual(out.workers.map((w) => `${w.subtaskId}:${w.status}`).sort(), ['analyze-1:succeeded', 'docs:succeeded', 'fix-cart:succeeded', 'tests:succeeded']);
    // docs ran while fix-cart ran.
    const span = (id: string) => {
      const w = out.workers.find((x) => x.subtaskId === id)!;
      return [Date.parse(w.startedAt), Date.parse(w.finishedAt)] as const;
    };
    assert.ok(span('docs')[0] < span('fix-cart')[1], 'the document worker started before the code worker finished');
    const testResult = s.events.find((e) => e.type === 'worker_finished' && e.subtaskId === 'tests');
    assert.ok(testResult?.type === 'worker_finished');
    assert.match(JSON.stringify(testResult.result), /resultBefore.*fails without the fix/);
    assert.deepEqual(out.changes.files().map((f) => f.path).sort(), ['src/cart.js', 'test/cart-issue.test.js']);
    // Applied to the real repository, the tests pass.
    assert.equal(s.repo.git(['status', '--porcelain']), '');
    s.repo.write('../orchestrated.patch', out.changes.unifiedPatch());
    s.repo.git(['apply', '../orchestrated.patch']);
    execFileSync(process.execPath, ['--test', 'test/'], { cwd: s.repo.root, stdio: 'pipe' });
  });
});
