/**
 * zod issues rendered as sentences a model can act on: which argument, what
 * was expected, what arrived, and the tool's signature to compare against.
 */
import type { z } from 'zod';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `${value}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
};

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function pathLabel(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return `\`${out}\``;
}

function bound(issue: { minimum?: unknown; maximum?: unknown; origin?: string; inclusive?: boolean }, kind: 'min' | 'max'): string {
  const n = Number(kind === 'min' ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const word = kind === 'min' ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (issue.origin) {
    case 'string':
      return n === 1 && kind === 'min' ? 'must not be empty' : `must be ${word} ${n} characters long`;
    case 'array':
      return `must have ${word} ${n} items`;
    default:
      return `must be ${word} ${n}`;
  }
}

export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const label = pathLabel(issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (issue.path.length === 0) return `The arguments must be a JSON object, got ${describeValue(input)}.`;
      if (value === undefined) return `Missing required argument ${label} (${expected}).`;
      return `${label} must be ${expected}, got ${describeValue(value)}.`;
    }
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `Unknown argument \`${issue.keys[0]}\`.`
        : `Unknown arguments ${issue.keys.map((k) => `\`${k}\``).join(', ')}.`;
    case 'too_small':
      return `${label} ${bound(issue, 'min')}, got ${describeValue(value)}.`;
    case 'too_big':
      return `${label} ${bound(issue, 'max')}, got ${describeValue(value)}.`;
    case 'invalid_value':
      return `${label} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}.`;
    default:
      return `${issue.path.length ? `${label}: ` : ''}${issue.message}.`;
  }
}

/** "read_file {filePath: string, startLine?: integer, endLine?: integer}" from the JSON schema. */
export function signatureOf(name: string, schema: Record<string, unknown>): string {
  const properties = (schema.properties ?? {}) as Record<string, { type?: unknown; items?: { type?: unknown } }>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const parts = Object.entries(properties).map(([key, prop]) => {
    const type = prop.type === 'array' ? `${String(prop.items?.type ?? 'any')}[]` : String(prop.type ?? 'any');
    return `${key}${required.has(key) ? '' : '?'}: ${type}`;
  });
  return `${name} {${parts.join(', ')}}`;
}
