/**
 * Snapshot of every tool's wire schema (name, description, input_schema):
 * anything the model sees changes only on purpose. Regenerate with
 *   UPDATE_SNAPSHOTS=1 node --import tsx --test test/unit/tools/tool-schemas.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPatch } from 'diff';
import { defaultTools } from '../../../src/core/tools/default-tools';
import { createToolRegistry } from '../../../src/core/tools/registry';

const SNAPSHOT = join(__dirname, '__snapshots__', 'tool-schemas.json');

test('tool schemas match the committed snapshot', () => {
  const actual = JSON.stringify(createToolRegistry(defaultTools()).specs(), null, 2) + '\n';
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(SNAPSHOT)) {
    writeFileSync(SNAPSHOT, actual);
    if (process.env.UPDATE_SNAPSHOTS !== '1') assert.fail(`Snapshot was missing; wrote ${SNAPSHOT}. Review and commit it.`);
    return;
  }
  const expected = readFileSync(SNAPSHOT, 'utf8');
  if (actual !== expected) {
    const patch = createPatch('tool-schemas.json', expected, actual, 'committed', 'current');
    assert.fail(`Tool schemas changed (the public contract). If intended, run with UPDATE_SNAPSHOTS=1 and add a CHANGELOG entry.\n${patch}`);
  }
});

test('the public tool names and arguments are exactly the documented ones', () => {
  const specs = createToolRegistry(defaultTools()).specs();
  const shape = Object.fromEntries(
    specs.map((s) => [s.name, Object.keys((s.input_schema.properties ?? {}) as object)]),
  );
  assert.deepEqual(shape, {
    read_file: ['filePath', 'startLine', 'endLine'],
    list_files: ['path', 'recursive', 'pattern'],
    search_codebase: ['query', 'regex', 'fileTypes', 'path', 'caseSensitive', 'maxResults'],
    edit_file: ['filePath', 'oldText', 'newText', 'replaceAll'],
    create_file: ['filePath', 'content'],
    delete_file: ['filePath'],
    run_command: ['command', 'cwd', 'timeoutMs'],
    finish: ['summary'],
    give_up: ['reason'],
  });
  const required = Object.fromEntries(specs.map((s) => [s.name, s.input_schema.required ?? []]));
  assert.deepEqual(required, {
    read_file: ['filePath'],
    list_files: [],
    search_codebase: ['query'],
    edit_file: ['filePath', 'oldText', 'newText'],
    create_file: ['filePath', 'content'],
    delete_file: ['filePath'],
    run_command: ['command'],
    finish: ['summary'],
    give_up: ['reason'],
  });
});
