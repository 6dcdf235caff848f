/**
 * The tool registry: API specs derived from the zod schemas, and one `run`
 * that validates input and turns every model mistake or tool failure into a
 * readable is_error result. It never throws for the model's input.
 */
import { z } from 'zod';
import type { ToolSpec } from '../model/types';
import { FileNotFoundError, WorkspacePathError } from '../workspace/ports';
import { describeIssue, signatureOf } from './input-errors';
import { errorMessage } from './output-text';
import type { Tool, ToolContext, ToolOutput } from './tool';

/** Arguments larger than this (as JSON) are refused before parsing. */
export const MAX_INPUT_CHARS = 1_000_000;
/** Safety net on what any tool sends back. */
export const MAX_RESULT_CHARS = 200_000;

export type ToolErrorKind =
  | 'unknown_tool'
  | 'invalid_input'
  | 'input_too_large'
  | 'path_refused'
  | 'not_found'
  | 'cancelled'
  | 'failed';

export interface ToolRegistry {
  readonly tools: readonly Tool[];
  names(): string[];
  specs(): ToolSpec[];
  get(name: string): Tool | undefined;
  run(name: string, rawInput: unknown, ctx: ToolContext): Promise<ToolOutput>;
}

/** JSON schema for the API: no `$schema`, no safe-integer bounds zod adds to every int. */
export function inputSchemaOf(tool: Tool): ToolSpec['input_schema'] {
  const schema = z.toJSONSchema(tool.input, { io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  const clean = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(clean);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.maximum === Number.MAX_SAFE_INTEGER) delete record.maximum;
    if (record.minimum === Number.MIN_SAFE_INTEGER) delete record.minimum;
    Object.values(record).forEach(clean);
  };
  clean(schema);
  if (schema.type !== 'object') throw new Error(`Tool ${tool.name}: the input schema must be an object schema.`);
  return schema as ToolSpec['input_schema'];
}

function failure(kind: ToolErrorKind, content: string, extra: Record<string, unknown> = {}): ToolOutput {
  return { content, isError: true, details: { errorKind: kind, ...extra } };
}

function capResult(output: ToolOutput): ToolOutput {
  if (output.content.length <= MAX_RESULT_CHARS) return output;
  const cut = output.content.length - MAX_RESULT_CHARS;
  return { ...output, content: `${output.content.slice(0, MAX_RESULT_CHARS)}\n… [${cut} more characters cut]` };
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

export function createToolRegistry(tools: readonly Tool[]): ToolRegistry {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (byName.has(tool.name)) throw new Error(`Duplicate tool name: ${tool.name}`);
    byName.set(tool.name, tool);
  }
  const specs: ToolSpec[] = tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: inputSchemaOf(tool),
  }));
  const specByName = new Map(specs.map((s) => [s.name, s]));

  return {
    tools,
    names: () => [...byName.keys()],
    specs: () => specs.map((s) => structuredClone(s)),
    get: (name) => byName.get(name),
    async run(name, rawInput, ctx) {
      const tool = byName.get(name);
      if (!tool) {
        return failure('unknown_tool', `Unknown tool "${name}". Available tools: ${[...byName.keys()].join(', ')}.`);
      }
      let input = rawInput;
      // Some callers hand over the JSON text rather than the parsed object.
      if (typeof input === 'string') {
        try {
          input = JSON.parse(input);
        } catch {
          /* reported below as "must be a JSON object" */
        }
      }
      if (input === undefined) input = {};
      let size: number;
      try {
        size = JSON.stringify(input)?.length ?? 0;
      } catch {
        return failure('invalid_input', `The arguments for ${name} could not be read as JSON.`);
      }
      if (size > MAX_INPUT_CHARS) {
        return failure(
          'input_too_large',
          `The arguments for ${name} are too large (${size} characters; the limit is ${MAX_INPUT_CHARS}). ` +
            'Split the work: create a file in parts (create_file, then edit_file to add more), or make smaller edits.',
        );
      }
      const parsed = tool.input.safeParse(input);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `- ${describeIssue(issue, input)}`);
        const signature = signatureOf(name, specByName.get(name)!.input_schema);
        return failure(
          'invalid_input',
          `Invalid arguments for ${name}:\n${problems.join('\n')}\nExpected: ${signature}. Fix the arguments and call ${name} again.`,
          { issues: parsed.error.issues.map((i) => ({ code: i.code, path: i.path.map(String) })) },
        );
      }
      if (ctx.signal.aborted) return failure('cancelled', `Cancelled before ${name} ran.`);
      try {
        return capResult(await tool.run(parsed.data, ctx));
      } catch (error) {
        if (error instanceof WorkspacePathError) return failure('path_refused', `Path refused: ${error.message}`, { path: error.path });
        if (error instanceof FileNotFoundError) return failure('not_found', `File not found: ${error.path}`, { path: error.path });
        if (isAbort(error, ctx.signal)) return failure('cancelled', `Cancelled while ${name} was running.`);
        return failure('failed', `${name} failed: ${errorMessage(error)}`);
      }
    },
  };
}
