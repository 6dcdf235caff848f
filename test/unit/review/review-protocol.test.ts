import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseToHost,
  parseToWebview,
  ToHostSchema,
  ToWebviewSchema,
  type DecisionsView,
  type ReviewModel,
  type ToHost,
  type ToWebview,
} from '../../../src/webview/review-protocol';

const decisions: DecisionsView = {
  hunks: { 'src/a.ts': { h1: { decision: 'reject', reason: 'no' } } },
  files: { 'logo.png': { decision: 'accept' } },
  counts: { hunks: 3, accepted: 1, rejected: 1, undecided: 1, withReason: 1 },
};

const model: ReviewModel = {
  runId: 'run-1',
  revision: 2,
  summary: 'Fixes the off-by-one',
  stop: 'done',
  files: [
    {
      path: 'src/a.ts',
      kind: 'modify',
      binary: false,
      wholeFile: false,
      added: 1,
      removed: 1,
      provenance: [{ workerId: 'w1', subtaskId: 's1', role: 'code', reason: 'fix', title: 'Fix loop' }],
      hunks: [
        {
          id: 'h1',
          header: '@@ -1,2 +1,2 @@',
          oldStart: 1,
          newStart: 1,
          added: 1,
          removed: 1,
          lines: [
            { k: 'c', t: 'a', o: 1, n: 1 },
            { k: 'r', t: 'for (i <= n)', o: 2, hl: [[5, 7]] },
            { k: 'a', t: 'for (i < n)', n: 2, hl: [[5, 6]], nonl: true },
          ],
          provenance: [{ workerId: 'w1' }],
          criteria: ['loop stops at n'],
        },
      ],
    },
  ],
  criteria: [{ criterion: 'loop stops at n', met: true, evidence: 'test passes' }],
  evidence: [{ workerId: 'w2', command: 'npm test', before: '1 failing', after: '3 passing', testsAdded: ['loop.test.js'] }],
};

const toHost: ToHost[] = [
  { type: 'ready' },
  { type: 'decide', revision: 1, path: 'src/a.ts', hunkId: 'h1', decision: 'accept' },
  { type: 'decide', revision: 1, path: 'src/a.ts', decision: 'reject', reason: 'too broad' },
  { type: 'decide', revision: 1, path: 'src/a.ts', hunkId: 'h1', decision: null },
  { type: 'decideAll', revision: 1, decision: 'reject' },
  { type: 'apply', revision: 1 },
  { type: 'sendFeedback', revision: 1 },
  { type: 'openDiff', path: 'src/a.ts' },
  { type: 'openFile', path: 'src/a.ts', line: 12 },
];

const toWebview: ToWebview[] = [
  { type: 'model', model, decisions },
  { type: 'model', model: null, decisions: { hunks: {}, files: {}, counts: { hunks: 0, accepted: 0, rejected: 0, undecided: 0, withReason: 0 } } },
  { type: 'decisions', revision: 2, decisions },
  { type: 'busy', busy: true, label: 'Applying…' },
  {
    type: 'applyResult',
    revision: 2,
    result: {
      ok: true,
      message: 'Applied 1 file',
      files: [{ path: 'src/a.ts', action: 'write', status: 'merged', message: 'merged', hunksApplied: 1, hunksLeftOut: 0 }],
    },
  },
  { type: 'notice', level: 'error', message: 'boom' },
  { type: 'focusHunk', path: 'src/a.ts', hunkId: 'h1' },
];

describe('review protocol', () => {
  test('every webview → host message round-trips through JSON', () => {
    const types = new Set<string>();
    for (const message of toHost) {
      const parsed = parseToHost(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed.ok, JSON.stringify(message));
      assert.deepEqual(parsed.message, message);
      types.add(message.type);
    }
    assert.deepEqual([...types].sort(), ToHostSchema.options.map((o) => o.shape.type.value).sort(), 'a sample for every message type');
  });

  test('every host → webview message round-trips through JSON', () => {
    const types = new Set<string>();
    for (const message of toWebview) {
      const parsed = parseToWebview(JSON.parse(JSON.stringify(message)));
      assert.ok(parsed.ok, JSON.stringify(message));
      assert.deepEqual(parsed.message, message);
      types.add(message.type);
    }
    assert.deepEqual([...types].sort(), ToWebviewSchema.options.map((o) => o.shape.type.value).sort());
  });

  const badToHost: Array<[string, unknown]> = [
    ['not an object', 'ready'],
    ['unknown type', { type: 'deleteEverything' }],
    ['ready with wrong type field', { type: 'Ready' }],
    ['decide without revision', { type: 'decide', path: 'a', decision: 'accept' }],
    ['decide with an unknown decision', { type: 'decide', revision: 1, path: 'a', decision: 'maybe' }],
    ['decide with an empty path', { type: 'decide', revision: 1, path: '', decision: 'accept' }],
    ['decide with an empty hunk id', { type: 'decide', revision: 1, path: 'a', hunkId: '', decision: 'accept' }],
    ['decide with a huge reason', { type: 'decide', revision: 1, path: 'a', decision: 'reject', reason: 'x'.repeat(5000) }],
    ['decideAll with a string revision', { type: 'decideAll', revision: '1', decision: 'accept' }],
    ['apply without revision', { type: 'apply' }],
    ['apply with a fractional revision', { type: 'apply', revision: 1.5 }],
    ['sendFeedback without revision', { type: 'sendFeedback' }],
    ['openDiff without path', { type: 'openDiff' }],
    ['openFile with line 0', { type: 'openFile', path: 'a', line: 0 }],
  ];
  for (const [name, raw] of badToHost) {
    test(`webview → host rejects: ${name}`, () => {
      const parsed = parseToHost(raw);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.ok(parsed.error.length > 0, 'a readable error');
    });
  }

  const badToWebview: Array<[string, unknown]> = [
    ['null', null],
    ['unknown type', { type: 'eval', code: 'alert(1)' }],
    ['model without decisions', { type: 'model', model }],
    ['model with a bad line kind', { type: 'model', decisions, model: { ...model, files: [{ ...model.files[0], hunks: [{ ...model.files[0]!.hunks[0], lines: [{ k: 'x', t: '' }] }] }] } }],
    ['model with a negative highlight', { type: 'model', decisions, model: { ...model, files: [{ ...model.files[0], hunks: [{ ...model.files[0]!.hunks[0], lines: [{ k: 'a', t: 'x', hl: [[-1, 2]] }] }] }] } }],
    ['decisions with a bad decision', { type: 'decisions', revision: 1, decisions: { ...decisions, files: { a: { decision: 'yes' } } } }],
    ['busy without flag', { type: 'busy' }],
    ['applyResult with an unknown status', { type: 'applyResult', revision: 1, result: { ok: true, message: '', files: [{ path: 'a', action: 'write', status: 'done', hunksApplied: 1, hunksLeftOut: 0 }] } }],
    ['notice with an unknown level', { type: 'notice', level: 'warn', message: 'x' }],
    ['focusHunk without path', { type: 'focusHunk', hunkId: 'h1' }],
  ];
  for (const [name, raw] of badToWebview) {
    test(`host → webview rejects: ${name}`, () => {
      assert.equal(parseToWebview(raw).ok, false);
    });
  }
});

test('paths that could leave the workspace, and unknown keys, are refused from the webview', () => {
  for (const path of ['../../etc/passwd', 'src/../../x', '/etc/passwd', 'C:/Windows/win.ini', 'src\\..\\x', 'a\0b']) {
    assert.equal(parseToHost({ type: 'openFile', path }).ok, false, path);
    assert.equal(parseToHost({ type: 'openDiff', path }).ok, false, path);
  }
  assert.equal(parseToHost({ type: 'openFile', path: 'src/cart.js', line: 3 }).ok, true);
  assert.equal(parseToHost({ type: 'openFile', path: 'src/..cart.js' }).ok, true, 'a name that merely starts with dots is fine');
  assert.equal(parseToHost({ type: 'apply', revision: 1, extra: true }).ok, false);
});
