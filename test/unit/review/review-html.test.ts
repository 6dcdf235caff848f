import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewHtml } from '../../../src/ui/review/review-html';

test('the review shell has a strict CSP: our script by nonce, our stylesheet, nothing remote or inline', () => {
  const html = reviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123+/=',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/review.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/review.css',
  });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123\+\/='(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]!, /nonce="abc123\+\/="/);
  assert.match(scripts[0]!, /src="https:\/\/file\+\.vscode-resource/);
  assert.doesNotMatch(html, /style="|onload=|onclick=/, 'no inline style or handlers');
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(urls.every((u) => u.startsWith('https://file+.vscode-resource.vscode-cdn.net/')), urls.join(', '));
});

test('attribute values are escaped', () => {
  const html = reviewHtml({ cspSource: 'x', nonce: 'n', scriptUri: 'a"><script>alert(1)</script>', styleUri: 's' });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
