import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* filesUnder(full);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) yield full;
  }
}

// Matches static imports, re-exports, dynamic imports and require() of 'vscode'.
const VSCODE_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;

test('no file under src/core imports vscode', () => {
  const offenders = [...filesUnder(join(root, 'src', 'core'))]
    .filter((file) => VSCODE_IMPORT.test(readFileSync(file, 'utf8')))
    .map((file) => relative(root, file));
  assert.deepEqual(offenders, [], `src/core must stay free of vscode: ${offenders.join(', ')}`);
});

test('the purity check recognises every import form', () => {
  for (const source of [
    "import * as vscode from 'vscode';",
    'import { window } from "vscode";',
    "const vscode = require('vscode');",
    "await import('vscode');",
    "import 'vscode';",
    "export { Uri } from 'vscode';",
  ]) {
    assert.ok(VSCODE_IMPORT.test(source), source);
  }
  assert.ok(!VSCODE_IMPORT.test("import { z } from 'zod'; // vscode"), 'a comment is not an import');
});
