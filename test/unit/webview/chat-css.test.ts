import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The chat's stylesheet against a light-theme regression: a badge drawn on a
 * validation background (pale on light themes) with the badge's foreground
 * (white on light themes) was barely readable. Every rule that paints one of
 * those backgrounds must also set its text colour from the same family.
 */
const css = readFileSync(join(__dirname, '..', '..', '..', 'media', 'chat.css'), 'utf8');

function rules(text: string): Array<{ selector: string; body: string }> {
  const out: Array<{ selector: string; body: string }> = [];
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of withoutComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)) out.push({ selector: m[1]!.trim(), body: m[2]! });
  return out;
}

const declaration = (body: string, property: string): string | undefined =>
  new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`).exec(body)?.[1]?.trim();

test('a validation-coloured background always comes with its own foreground', () => {
  const painted = rules(css).filter((r) => /background\s*:\s*var\(--vscode-inputValidation-(warning|error|info)Background/.test(r.body));
  assert.ok(painted.length >= 2, `the stopped badge and the error badge use validation colours: ${painted.map((r) => r.selector).join(' | ')}`);
  for (const rule of painted) {
    const kind = /inputValidation-(warning|error|info)Background/.exec(rule.body)![1];
    const color = declaration(rule.body, 'color');
    assert.ok(color, `${rule.selector} sets no text colour`);
    assert.match(color, new RegExp(`^var\\(--vscode-inputValidation-${kind}Foreground, var\\(--vscode-foreground\\)\\)$`), rule.selector);
    assert.doesNotMatch(color, /badge-foreground/, rule.selector);
  }
});

test('the stopped and interrupted badges are among them', () => {
  const stopped = rules(css).find((r) => r.selector.split(',').map((s) => s.trim()).includes('.phase.stopped'));
  assert.ok(stopped, 'a rule styles .phase.stopped');
  assert.ok(stopped.selector.includes('.phase.interrupted'));
  assert.match(declaration(stopped.body, 'background') ?? '', /inputValidation-warningBackground/);
  assert.match(declaration(stopped.body, 'border-color') ?? '', /inputValidation-warningBorder/);
});

test('icon colours (testing pass/fail) colour icons only, never text', () => {
  for (const rule of rules(css)) {
    const color = declaration(rule.body, 'color');
    if (!color || !/--vscode-testing-icon/.test(color)) continue;
    assert.match(rule.selector, /\.state-icon$/, `${rule.selector} colours text with an icon colour`);
  }
});

test('the warning yellow marks edges, never text', () => {
  for (const rule of rules(css)) {
    assert.doesNotMatch(declaration(rule.body, 'color') ?? '', /editorWarning-foreground/, `${rule.selector} has warning-yellow text`);
  }
});
