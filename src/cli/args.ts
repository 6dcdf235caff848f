/**
 * The CLI's arguments: a small argv tokenizer, then zod for types, ranges
 * and the rules between flags. The flags are a public contract.
 */
import { z } from 'zod';
import { BadInputError } from './errors';

export const USAGE = `Usage: foreman solve (<issue-ref> | --text "…" | --file F) [options]

  <issue-ref>        a GitHub issue URL, owner/repo#N, or #N (the repo's origin remote)
  --text "…"         the task as text
  --file F           the task from a Markdown file
  --repo DIR         the repository to work in (default: the current directory)
  --out PATCH        write the resulting unified diff to PATCH
  --apply            apply the result to the repository after a y/N prompt
  --yes              with --apply: do not ask
  --json             print events as JSON lines instead of readable lines
  --max-steps N      at most N model turns per agent worker (default 40)
  --budget-usd X     stop when the run has cost X dollars
  --max-minutes M    stop after M minutes (default 30)
  --model M          model id (default claude-sonnet-4-6)
  --verify CMD       a code/test worker's 'finish' counts only when CMD exits 0
                     in the sandbox (for subtasks whose plan names no command)
  --allow RULE       also run commands matching RULE without asking (repeatable)
  --runs-dir D       where run records go (default $XDG_DATA_HOME/foreman/runs)
  --confinement M    auto | required | off: confine sandbox commands with
                     bubblewrap (Linux; auto = when it works here; default auto)
  --network          let sandbox commands reach the network (default: off when confined)
  --demo             use the built-in demo model (no API key needed)

Environment: ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, GITHUB_TOKEN, GITHUB_API_URL.
Exit codes: 0 solved, 1 stopped without a solution, 2 bad input.`;

const positiveInt = (flag: string) =>
  z.coerce.number({ error: `${flag} needs a number` }).int(`${flag} needs a whole number`).positive(`${flag} must be at least 1`);
const positiveNumber = (flag: string) => z.coerce.number({ error: `${flag} needs a number` }).positive(`${flag} must be more than 0`);

export const SolveArgsSchema = z
  .object({
    issueRef: z.string().min(1).optional(),
    text: z.string().trim().min(1, '--text needs a task').optional(),
    file: z.string().min(1).optional(),
    repo: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    apply: z.boolean().default(false),
    yes: z.boolean().default(false),
    json: z.boolean().default(false),
    maxSteps: positiveInt('--max-steps').default(40),
    budgetUsd: positiveNumber('--budget-usd').optional(),
    maxMinutes: positiveNumber('--max-minutes').default(30),
    model: z.string().min(1).default('claude-sonnet-4-6'),
    verify: z.string().trim().min(1).optional(),
    allow: z.array(z.string().min(1)).default([]),
    runsDir: z.string().min(1).optional(),
    confinement: z.enum(['auto', 'required', 'off'], { error: '--confinement must be auto, required or off' }).default('auto'),
    network: z.boolean().default(false),
    demo: z.boolean().default(false),
  })
  .refine((a) => [a.issueRef, a.text, a.file].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one task: an issue reference, --text or --file',
  })
  .refine((a) => !a.yes || a.apply, { message: '--yes only makes sense with --apply' });
export type SolveArgs = z.infer<typeof SolveArgsSchema>;

export type CliCommand = { command: 'solve'; args: SolveArgs } | { command: 'help' } | { command: 'version' };

const BOOLEAN_FLAGS = new Set(['apply', 'yes', 'json', 'demo', 'network']);
const VALUE_FLAGS = new Set(['text', 'file', 'repo', 'out', 'max-steps', 'budget-usd', 'max-minutes', 'model', 'verify', 'allow', 'runs-dir', 'confinement']);
const REPEATABLE = new Set(['allow']);

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'version' || command === '--version') return { command: 'version' };
  if (command !== 'solve') throw new BadInputError(`unknown command "${command}" (try: foreman solve --help)`);
  if (rest.includes('--help') || rest.includes('-h')) return { command: 'help' };

  const raw: Record<string, unknown> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] ?? '';
    if (token === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (!token.startsWith('--') || token === '--') {
      positional.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const key = camel(name);
    if (BOOLEAN_FLAGS.has(name)) {
      if (eq >= 0) throw new BadInputError(`--${name} takes no value`);
      raw[key] = true;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new BadInputError(`unknown option --${name} (see foreman solve --help)`);
    let value: string | undefined;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined) throw new BadInputError(`--${name} needs a value`);
      i++;
    }
    if (REPEATABLE.has(name)) raw[key] = [...((raw[key] as string[] | undefined) ?? []), value];
    else if (raw[key] !== undefined) throw new BadInputError(`--${name} was given twice`);
    else raw[key] = value;
  }
  if (positional.length > 1) throw new BadInputError(`one issue reference at most, got: ${positional.join(' ')}`);
  if (positional[0] !== undefined) raw.issueRef = positional[0];

  const parsed = SolveArgsSchema.safeParse(raw);
  if (!parsed.success) throw new BadInputError(parsed.error.issues.map((issue) => issue.message).join('; '));
  return { command: 'solve', args: parsed.data };
}
