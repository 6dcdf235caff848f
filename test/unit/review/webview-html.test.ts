import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newNonce, webviewHtml, type WebviewHtmlInput } from '../../../src/ui/webview-html';

const RESOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const review: WebviewHtmlInput = {
  cspSource: RESOURCE,
  nonce: 'abc123+/=',
  scriptUri: `${RESOURCE}/ext/dist/webview/review.js`,
  styleUri: `${RESOURCE}/ext/media/review.css`,
  title: 'Foreman: Review',
  bodyAttributes: { 'data-testid': 'review-panel' },
};
const chat: WebviewHtmlInput = {
  ...review,
  scriptUri: `${RESOURCE}/ext/dist/webview/chat.js`,
  styleUri: `${RESOURCE}/ext/media/chat.css`,
  title: 'Foreman',
  bodyAttributes: {},
  bodyHtml: '<main id="root" data-testid="foreman-chat" aria-label="Foreman chat"></main>',
};

for (const [name, input] of [['review', review], ['chat', chat]] as const) {
  test(`the ${name} shell has a strict CSP: our script by nonce, our stylesheet, nothing remote or inline`, () => {
    const html = webviewHtml(input);
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
    assert.ok(urls.every((u) => u.startsWith(`${RESOURCE}/`)), urls.join(', '));
    assert.match(html, new RegExp(`<title>${input.title}</title>`));
  });
}

test('body attributes and markup land in the body, before the script', () => {
  assert.match(webviewHtml(review), /<body data-testid="review-panel">\n<script /);
  assert.match(webviewHtml(chat), /<body>\n<main id="root" data-testid="foreman-chat" aria-label="Foreman chat"><\/main>\n<script /);
});

test('attribute values and the title are escaped', () => {
  const html = webviewHtml({ cspSource: 'x', nonce: 'n', scriptUri: 'a"><script>alert(1)</script>', styleUri: 's', title: '</title><script>', bodyAttributes: { 'data-x': '"><script>' } });
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});

test('nonces are fresh, 128 bits of base64', () => {
  const a = newNonce();
  assert.equal(Buffer.from(a, 'base64').length, 16);
  assert.notEqual(a, newNonce());
});
