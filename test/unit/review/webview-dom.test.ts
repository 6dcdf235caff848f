import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { ReviewModel, ToWebview } from '../../../src/webview/review-protocol';

/**
 * The review webview's real DOM code in a real (headless) Chromium: the
 * bundle is built from src, loaded in a page with a stub acquireVsCodeApi,
 * fed host messages, clicked and typed at; a script in the page writes what
 * it saw into the DOM, which Chromium dumps. Skipped where no Chromium is
 * installed (the e2e suite drives the real panel in code-server).
 */

const root = join(__dirname, '..', '..', '..');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'foreman-review-dom-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function hunkLines(i: number): ReviewModel['files'][number]['hunks'][number]['lines'] {
  return [
    { k: 'c', t: 'const a = 1;', o: 1, n: 1 },
    { k: 'r', t: `let x = ${i};`, o: 2, hl: [[8, 9]] },
    { k: 'a', t: `let x = ${i + 1}; <img src=x onerror="window.__pwned=1">`, n: 2, hl: [[8, 9]] },
  ];
}

function model(files: number): ReviewModel {
  return {
    runId: 'run-1',
    revision: 7,
    summary: 'Fixes <b>x</b>',
    files: Array.from({ length: files }, (_, f) => ({
      path: `src/f${f}.ts`,
      kind: 'modify' as const,
      binary: false,
      wholeFile: false,
      added: 2,
      removed: 2,
      provenance: [{ workerId: 'w1', role: 'code', reason: 'because' }],
      hunks: [0, 1].map((h) => ({
        id: `f${f}h${h}`,
        header: `@@ -${h * 10 + 1},2 +${h * 10 + 1},2 @@`,
        oldStart: h * 10 + 1,
        newStart: h * 10 + 1,
        added: 1,
        removed: 1,
        lines: hunkLines(h),
        provenance: [{ workerId: 'w1', role: 'code', reason: 'because <script>' }],
        criteria: ['x is incremented'],
      })),
    })),
    criteria: [{ criterion: 'x is incremented', met: true, evidence: 'test passes' }],
    evidence: [{ workerId: 'w2', command: 'npm test', before: '1 failing', after: '2 passing' }],
  };
}

/** 200 files × 10 hunks × (5 removed + 5 added) = 20,000 changed lines. */
function bigModel(): ReviewModel {
  const files = Array.from({ length: 200 }, (_, f) => ({
    path: `pkg${f}/file${f}.ts`,
    kind: 'modify' as const,
    binary: false,
    wholeFile: false,
    added: 50,
    removed: 50,
    provenance: [{ workerId: `w${f % 3}` }],
    hunks: Array.from({ length: 10 }, (_, h) => ({
      id: `b${f}h${h}`,
      header: `@@ -${h * 20 + 1},13 +${h * 20 + 1},13 @@`,
      oldStart: h * 20 + 1,
      newStart: h * 20 + 1,
      added: 5,
      removed: 5,
      lines: [
        ...Array.from({ length: 5 }, (_, i) => ({ k: 'r' as const, t: `  const v${i} = legacy(${h}, ${i});`, o: h * 20 + 1 + i, hl: [[12, 18]] as [number, number][] })),
        ...Array.from({ length: 5 }, (_, i) => ({ k: 'a' as const, t: `  const v${i} = compute(${h}, ${i});`, n: h * 20 + 1 + i, hl: [[12, 19]] as [number, number][] })),
      ],
      provenance: [{ workerId: `w${f % 3}` }],
      criteria: [],
    })),
  }));
  return { runId: 'big', revision: 9, files, criteria: [], evidence: [] };
}

const emptyDecisions = { hunks: {}, files: {}, counts: { hunks: 4, accepted: 0, rejected: 0, undecided: 4, withReason: 0 } };

/** Runs in the page after the bundle: drives it and records observations. */
function driver(small: ToWebview, large: ToWebview): string {
  return `
const out = {};
const posted = window.__posted;
const send = (m) => window.postMessage(m, '*');
const tick = () => new Promise((r) => setTimeout(r, 20));
(async () => {
  try {
    out.first = posted[0];
    send({ type: 'bogus' });
    send(${JSON.stringify(small)});
    await tick();
    out.files = document.querySelectorAll('[data-testid=file]').length;
    out.hunks = document.querySelectorAll('[data-testid=hunk]').length;
    out.imgs = document.querySelectorAll('img').length;
    out.pwned = !!window.__pwned;
    out.marks = document.querySelectorAll('mark.hl').length;
    out.provenance = document.querySelector('[data-testid=hunk-provenance]').textContent;
    out.criterion = document.querySelector('[data-testid=hunk-criterion]').textContent;
    out.evidenceBefore = document.querySelector('[data-testid=evidence-before] pre').textContent;
    out.applyDisabled = document.querySelector('[data-testid=apply]').disabled;
    document.querySelector('[data-testid=hunk][data-hunk-id=f0h1] [data-testid=hunk-accept]').click();
    out.afterClick = posted[posted.length - 1];
    send({ type: 'decisions', revision: 7, decisions: { hunks: { 'src/f0.ts': { f0h1: { decision: 'accept' } } }, files: {}, counts: { hunks: 4, accepted: 1, rejected: 0, undecided: 3, withReason: 0 } } });
    await tick();
    const h = document.querySelector('[data-hunk-id=f0h1]');
    out.decision = h.dataset.decision;
    out.pressed = h.querySelector('[data-testid=hunk-accept]').getAttribute('aria-pressed');
    out.applyText = document.querySelector('[data-testid=apply]').textContent;
    out.applyDisabledAfter = document.querySelector('[data-testid=apply]').disabled;
    send({ type: 'decisions', revision: 6, decisions: { hunks: {}, files: {}, counts: { hunks: 4, accepted: 0, rejected: 0, undecided: 4, withReason: 0 } } });
    await tick();
    out.staleIgnored = document.querySelector('[data-hunk-id=f0h1]').dataset.decision === 'accept';
    const first = document.querySelector('[data-hunk-id=f0h0]');
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true }));
    out.focusAfterJ = document.activeElement.dataset.hunkId;
    document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'r', bubbles: true }));
    out.afterKeyR = posted[posted.length - 1];
    document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'R', bubbles: true }));
    const input = document.activeElement;
    out.reasonFocused = input.dataset.testid;
    input.value = 'use a constant';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    out.afterReason = posted[posted.length - 1];
    document.querySelector('[data-testid=toggle-view]').click();
    await tick();
    out.splitTables = document.querySelectorAll('table.diff.split').length;
    out.state = JSON.parse(JSON.stringify(window.__state));
    document.querySelector('[data-testid=toggle-group]').click();
    await tick();
    out.workerGroups = [...document.querySelectorAll('[data-testid=worker-group]')].map((g) => g.dataset.worker);
    document.querySelector('[data-testid=toggle-group]').click();
    await tick();
    send({ type: 'applyResult', revision: 7, result: { ok: true, message: 'done', files: [
      { path: 'src/f0.ts', action: 'write', status: 'clean', hunksApplied: 1, hunksLeftOut: 1 },
      { path: 'src/f1.ts', action: 'none', status: 'conflict', message: 'you changed line 2', hunksApplied: 0, hunksLeftOut: 2 } ] } });
    await tick();
    out.applyRows = [...document.querySelectorAll('[data-testid=apply-file]')].map((li) => li.dataset.status + ':' + li.dataset.path);
    out.conflictBadge = document.querySelector('section.file[data-path="src/f1.ts"] [data-testid=file-apply-status]').textContent;
    send(${JSON.stringify(large)});
    await tick();
    out.largeFiles = document.querySelectorAll('[data-testid=file]').length;
    out.largeHunks = document.querySelectorAll('[data-testid=hunk]').length;
    document.querySelector('section.file[data-path="src/f3.ts"] [data-testid=file-toggle]').click();
    await tick();
    out.largeHunksAfterExpand = document.querySelectorAll('[data-testid=hunk]').length;
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(out);
  document.body.append(pre);
})();`;
}

test('the review webview renders, escapes, posts decisions and stays lazy (real Chromium)', { skip: chromium ? false : 'no Chromium installed' }, async () => {
  const bundle = await build({
    entryPoints: [join(root, 'src/webview/review/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  writeFileSync(join(dir, 'review.js'), bundle.outputFiles[0]!.text);
  writeFileSync(join(dir, 'driver.js'), driver({ type: 'model', model: model(2), decisions: emptyDecisions }, { type: 'model', model: model(40), decisions: emptyDecisions }));
  writeFileSync(join(dir, 'big.js'), `window.__big = ${JSON.stringify({ type: 'model', model: bigModel(), decisions: emptyDecisions })};`);
  writeFileSync(
    join(dir, 'stub.js'),
    `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: (s) => { window.__state = s; } });`,
  );
  writeFileSync(
    join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><link rel="stylesheet" href="${join(root, 'media/review.css')}"></head><body><script src="stub.js"></script><script src="review.js"></script><script src="driver.js"></script></body></html>`,
  );
  const run = spawnSync(
    chromium!,
    ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--virtual-time-budget=10000', '--dump-dom', `file://${join(dir, 'index.html')}`],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const match = /<pre id="result">([\s\S]*?)<\/pre>/.exec(run.stdout);
  assert.ok(match, `no result from Chromium: ${run.stderr.slice(-2000)}`);
  const out = JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  assert.equal(out.error, undefined);
  assert.deepEqual(out.first, { type: 'ready' });
  assert.equal(out.files, 2);
  assert.equal(out.hunks, 4, 'a small set is expanded');
  assert.equal(out.imgs, 0, 'model text is text, never markup');
  assert.equal(out.pwned, false);
  assert.equal(out.marks, 8, 'intra-line highlights');
  assert.equal(out.provenance, 'w1 (code) · because <script>');
  assert.equal(out.criterion, 'x is incremented');
  assert.equal(out.evidenceBefore, '1 failing');
  assert.equal(out.applyDisabled, true, 'nothing accepted, nothing to apply');
  assert.deepEqual(out.afterClick, { type: 'decide', revision: 7, path: 'src/f0.ts', hunkId: 'f0h1', decision: 'accept' });
  assert.equal(out.decision, 'accept');
  assert.equal(out.pressed, 'true');
  assert.equal(out.applyText, 'Apply 1 accepted hunk');
  assert.equal(out.applyDisabledAfter, false);
  assert.equal(out.staleIgnored, true, 'decisions of an older revision are ignored');
  assert.equal(out.focusAfterJ, 'f0h1');
  assert.deepEqual(out.afterKeyR, { type: 'decide', revision: 7, path: 'src/f0.ts', hunkId: 'f0h1', decision: 'reject' });
  assert.equal(out.reasonFocused, 'reason-input');
  assert.deepEqual(out.afterReason, { type: 'decide', revision: 7, path: 'src/f0.ts', hunkId: 'f0h1', decision: 'reject', reason: 'use a constant' });
  assert.equal(out.splitTables, 4);
  assert.equal(out.state.mode, 'split');
  assert.deepEqual(out.workerGroups, ['w1']);
  assert.deepEqual(out.applyRows, ['clean:src/f0.ts', 'conflict:src/f1.ts']);
  assert.equal(out.conflictBadge, 'conflict');
  assert.equal(out.largeFiles, 40);
  assert.equal(out.largeHunks, 0, 'a large set starts collapsed: no hunk is rendered');
  assert.equal(out.largeHunksAfterExpand, 2);
  assert.ok(readFileSync(join(dir, 'review.js'), 'utf8').length > 0);
});

/**
 * Rendering cost in real Chromium on 200 files / 20,000 changed lines. All
 * synchronous in the page (no virtual time, which would freeze the clock):
 * the model is dispatched as a message event, then every file is expanded.
 * Prints numbers; asserts only what was rendered.
 */
test('rendering 200 files / 20,000 changed lines (real Chromium, measured)', { skip: chromium ? false : 'no Chromium installed' }, async () => {
  const bundle = await build({ entryPoints: [join(root, 'src/webview/review/main.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent', minify: true });
  writeFileSync(join(dir, 'review.min.js'), bundle.outputFiles[0]!.text);
  writeFileSync(join(dir, 'big.js'), `window.__big = ${JSON.stringify({ type: 'model', model: bigModel(), decisions: emptyDecisions })};`);
  writeFileSync(join(dir, 'bench-stub.js'), `window.acquireVsCodeApi = () => ({ postMessage() {}, getState: () => undefined, setState() {} });`);
  writeFileSync(
    join(dir, 'bench.js'),
    `const out = {};
let t0 = performance.now();
window.dispatchEvent(new MessageEvent('message', { data: window.__big }));
out.initialMs = performance.now() - t0;
out.files = document.querySelectorAll('[data-testid=file]').length;
out.hunksBefore = document.querySelectorAll('[data-testid=hunk]').length;
t0 = performance.now();
for (const toggle of document.querySelectorAll('[data-testid=file-toggle]')) toggle.click();
out.buildMs = performance.now() - t0;
document.body.getBoundingClientRect();
out.expandAllMs = performance.now() - t0;
out.rows = document.querySelectorAll('tr.line.add, tr.line.remove').length;
document.querySelector('[data-testid=files]').replaceChildren();
const pre = document.createElement('pre'); pre.id = 'result'; pre.textContent = JSON.stringify(out); document.body.append(pre);`,
  );
  writeFileSync(
    join(dir, 'bench.html'),
    `<!DOCTYPE html><html><head><link rel="stylesheet" href="${join(root, 'media/review.css')}"></head><body><script src="bench-stub.js"></script><script src="big.js"></script><script src="review.min.js"></script><script src="bench.js"></script></body></html>`,
  );
  const run = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--dump-dom', `file://${join(dir, 'bench.html')}`], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const match = /<pre id="result">([\s\S]*?)<\/pre>/.exec(run.stdout);
  assert.ok(match, `no result from Chromium: ${run.stderr.slice(-2000)}`);
  const out = JSON.parse(match[1]!.replace(/&quot;/g, '"'));
  assert.equal(out.files, 200);
  assert.equal(out.hunksBefore, 0, 'collapsed: no hunk rendered up front');
  assert.equal(out.rows, 20_000, 'every changed line rendered after expanding all');
  console.log(`review.webview_render files=200 changed_lines=20000: first paint data (headers only) ${out.initialMs.toFixed(1)} ms; expand all files ${out.expandAllMs.toFixed(1)} ms (DOM building ${out.buildMs.toFixed(1)} ms, then layout of 20,000 changed rows)`);
});
