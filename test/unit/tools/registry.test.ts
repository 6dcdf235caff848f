import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { defaultTools, readOnlyTools } from '../../../src/core/tools/default-tools';
import { createToolRegistry, MAX_INPUT_CHARS } from '../../../src/core/tools/registry';
import { defineTool } from '../../../src/core/tools/tool';
import { FileNotFoundError, WorkspacePathError } from '../../../src/core/workspace/ports';
import { createTestToolContext } from '../../support/tool-context';

const registry = createToolRegistry(defaultTools());

describe('tool sets', () => {
  test('defaultTools has the nine public tools; readOnlyTools only read and control tools', () => {
    assert.deepEqual(
      defaultTools().map((t) => t.name),
      ['read_file', 'list_files', 'search_codebase', 'edit_file', 'create_file', 'delete_file', 'run_command', 'finish', 'give_up'],
    );
    assert.deepEqual(
      readOnlyTools().map((t) => t.name),
      ['read_file', 'list_files', 'search_codebase', 'finish', 'give_up'],
    );
  });

  test('duplicate names are a programming error', () => {
    assert.throws(() => createToolRegistry([...defaultTools(), defaultTools()[0]!]), /Duplicate tool name: read_file/);
  });
});

describe('specs', () => {
  test('are API-ready: object schemas without $schema or safe-integer bounds', () => {
    for (const spec of registry.specs()) {
      assert.equal(spec.input_schema.type, 'object', spec.name);
      assert.equal(spec.input_schema.additionalProperties, false, spec.name);
      const text = JSON.stringify(spec.input_schema);
      assert.ok(!text.includes('$schema'), spec.name);
      assert.ok(!text.includes(String(Number.MAX_SAFE_INTEGER)), spec.name);
      assert.ok(spec.description.length > 80, `${spec.name} has a real description`);
    }
  });

  test('callers get copies, so the registry cannot be changed from outside', () => {
    const first = registry.specs();
    (first[0]!.input_schema as Record<string, unknown>).type = 'changed';
    assert.equal(registry.specs()[0]!.input_schema.type, 'object');
  });
});

describe('run: model mistakes become readable is_error results', () => {
  const { ctx } = createTestToolContext({ files: { 'a.txt': 'hello\n' } });

  test('unknown tool lists the known ones', async () => {
    const out = await registry.run('read_files', { filePath: 'a.txt' }, ctx);
    assert.equal(out.isError, true);
    assert.match(out.content, /Unknown tool "read_files"\. Available tools: read_file, list_files, search_codebase/);
    assert.equal(out.details?.errorKind, 'unknown_tool');
  });

  test('missing, extra and mistyped arguments are plain sentences with the signature', async () => {
    const out = await registry.run('read_file', { path: 'a.txt', startLine: '3' }, ctx);
    assert.equal(out.isError, true);
    assert.match(out.content, /Missing required argument `filePath` \(a string\)\./);
    assert.match(out.content, /`startLine` must be a number, got the string "3"\./);
    assert.match(out.content, /Unknown argument `path`\./);
    assert.match(out.content, /Expected: read_file \{filePath: string, startLine\?: integer, endLine\?: integer\}/);
    assert.equal(out.details?.errorKind, 'invalid_input');
  });

  test('bounds and non-integers are explained', async () => {
    const out = await registry.run('read_file', { filePath: 'a.txt', startLine: 0, endLine: 2.5 }, ctx);
    assert.match(out.content, /`startLine` must be at least 1, got the number 0\./);
    assert.match(out.content, /`endLine` must be a whole number, got the number 2\.5\./);
    const empty = await registry.run('finish', { summary: '' }, ctx);
    assert.match(empty.content, /`summary` must not be empty/);
  });

  test('a non-object input is refused; a JSON string of an object is accepted', async () => {
    const bad = await registry.run('read_file', [1, 2], ctx);
    assert.match(bad.content, /The arguments must be a JSON object, got an array\./);
    const asText = await registry.run('read_file', JSON.stringify({ filePath: 'a.txt' }), ctx);
    assert.equal(asText.isError, undefined);
    assert.match(asText.content, /hello/);
  });

  test('huge arguments are refused before parsing', async () => {
    const out = await registry.run('create_file', { filePath: 'big.txt', content: 'x'.repeat(MAX_INPUT_CHARS + 1) }, ctx);
    assert.equal(out.isError, true);
    assert.equal(out.details?.errorKind, 'input_too_large');
    assert.match(out.content, /too large/);
  });

  test('tool exceptions become errors: path refused, not found, other failures', async () => {
    const throwing = (error: Error) =>
      defineTool({
        name: 'boom',
        description: 'test',
        input: z.object({}).strict(),
        risk: 'read',
        async run() {
          throw error;
        },
      });
    const cases: Array<[Error, string, RegExp]> = [
      [new WorkspacePathError('Path escapes the workspace', '../x'), 'path_refused', /^Path refused: Path escapes the workspace/],
      [new FileNotFoundError('gone.ts'), 'not_found', /^File not found: gone\.ts/],
      [new Error('disk on fire'), 'failed', /^boom failed: disk on fire/],
    ];
    for (const [error, kind, message] of cases) {
      const out = await createToolRegistry([throwing(error)]).run('boom', {}, ctx);
      assert.equal(out.isError, true);
      assert.equal(out.details?.errorKind, kind);
      assert.match(out.content, message);
    }
  });

  test('a cancelled run does not start the tool', async () => {
    const controller = new AbortController();
    controller.abort();
    const cancelled = createTestToolContext({ files: { 'a.txt': 'x' }, signal: controller.signal });
    const out = await registry.run('read_file', { filePath: 'a.txt' }, cancelled.ctx);
    assert.equal(out.details?.errorKind, 'cancelled');
  });

  test('oversized results are cut', async () => {
    const chatty = defineTool({
      name: 'chatty',
      description: 'test',
      input: z.object({}).strict(),
      risk: 'read',
      async run() {
        return { content: 'y'.repeat(300_000) };
      },
    });
    const out = await createToolRegistry([chatty]).run('chatty', {}, ctx);
    assert.ok(out.content.length < 201_000);
    assert.match(out.content, /more characters cut\]$/);
  });
});
