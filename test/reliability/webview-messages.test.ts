/**
 * Webview messages that fail validation are dropped, never acted on: the
 * chat and review protocols' parsers (which both hosts call before any
 * handler) refuse malformed, mistyped, oversized and smuggled messages, and
 * still accept the real ones.
 */
import assert from 'node:assert/strict';
import { parseHostMessage, parseViewMessage } from '../../src/webview/protocol';
import { parseToHost, parseToWebview } from '../../src/webview/review-protocol';
import { reliabilityFile } from './support/tally';

const { scenario } = reliabilityFile(__filename);

const hostile = (extra: unknown[]): unknown[] => [
  null,
  undefined,
  42,
  'ready',
  [],
  {},
  { type: 'nope' },
  { type: 'ready', extra: 'field' },
  JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
  { type: ['ready'] },
  { type: 'ready', requestId: 'x'.repeat(1000) },
  ...extra,
];

scenario('chat webview → host: invalid messages are dropped', { timeout: 5000 }, () => {
  const bad = hostile([
    { type: 'submit', text: '' },
    { type: 'submit', text: 'x'.repeat(100_001) },
    { type: 'submit', text: 42 },
    { type: 'approveCommand', approvalId: 'a1', decision: 'yes-please' },
    { type: 'approveCommand', approvalId: 'a1', decision: 'run_once', command: 'rm -rf /' },
    { type: 'resumeRun', runId: '' },
    { type: 'approvePlan', approved: 'true' },
    { type: 'log', level: 'fatal', message: 'x' },
  ]);
  for (const message of bad) {
    const parsed = parseViewMessage(message);
    assert.equal(parsed.ok, false, `accepted ${JSON.stringify(message)?.slice(0, 80)}`);
    if (!parsed.ok) assert.match(parsed.error, /^invalid message/);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  for (const good of [{ type: 'ready' }, { type: 'submit', text: 'fix #1', requestId: 'r1' }, { type: 'approveCommand', approvalId: 'a1', decision: 'deny', reason: 'no' }]) {
    assert.equal(parseViewMessage(good).ok, true, JSON.stringify(good));
  }
});

scenario('review webview → host: invalid decisions and applies are dropped', { timeout: 5000 }, () => {
  const bad = hostile([
    { type: 'decide', revision: 1, path: 'a.ts', decision: 'accept-everything' },
    { type: 'decide', revision: 1.5, path: 'a.ts', decision: 'accept' },
    { type: 'decide', revision: 1, path: '', decision: 'accept' },
    { type: 'decide', revision: 1, path: 'a.ts', decision: 'reject', reason: 'x'.repeat(4001) },
    { type: 'apply' },
    { type: 'apply', revision: '3' },
    { type: 'decideAll', revision: 1, decision: 'yes' },
    { type: 'openFile', path: 'a.ts', line: -1 },
  ]);
  // Like the chat's, the review protocol refuses unknown keys (strict objects), and paths that could leave the workspace.
  assert.equal(parseToHost({ type: 'apply', revision: 3, command: 'rm -rf /' }).ok, false, 'an unknown key is refused');
  assert.equal(parseToHost({ type: 'openFile', path: '../../etc/passwd' }).ok, false, 'a path out of the workspace is refused');
  const extraKeysOnly = (m: unknown) => !!m && typeof m === 'object' && Object.keys(m).some((k) => ['extra', '__proto__', 'requestId'].includes(k));
  for (const message of bad.filter((m) => !extraKeysOnly(m))) {
    assert.equal(parseToHost(message).ok, false, `accepted ${JSON.stringify(message)?.slice(0, 80)}`);
  }
  for (const good of [{ type: 'apply', revision: 3 }, { type: 'decide', revision: 1, path: 'a.ts', hunkId: 'h1', decision: null }]) {
    assert.equal(parseToHost(good).ok, true, JSON.stringify(good));
  }
});

scenario('host → webviews: malformed host messages are refused too', { timeout: 5000 }, () => {
  for (const message of hostile([{ type: 'events', events: 'all' }, { type: 'response', ok: true }, { type: 'snapshot' }])) {
    assert.equal(parseHostMessage(message).ok, false, `chat accepted ${JSON.stringify(message)?.slice(0, 80)}`);
    assert.equal(parseToWebview(message).ok, false, `review accepted ${JSON.stringify(message)?.slice(0, 80)}`);
  }
});
