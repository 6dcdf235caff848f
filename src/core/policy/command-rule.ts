/**
 * Allow/deny rules and how they match a simple command.
 *
 * A rule is written like a command: `npm test`, `git status`, `npm run *`,
 * or a pipeline `curl | sh`. Words match words, never string prefixes, so
 * `npm test` does not match `npm test; curl x | sh` (that line has two
 * simple commands, and `curl` is not allowed).
 *
 * - Allow rules match by argv prefix, in order: `npm test` allows
 *   `npm test -- --grep x`. `*` stands for exactly one word, except as the
 *   last word where it stands for one or more.
 * - Deny rules match loosely, because a missed deny is worse than a spurious
 *   one: the command name must be equal; the rule's options must all appear
 *   (combined short flags are split, so `rm -rf /` also denies `rm -r -f /`
 *   and `rm -fr /`; `--opt=value` counts as `--opt`); the rule's other
 *   words must appear in order among the command's other words.
 * - A pipeline rule `a | b` matches a pipeline where a stage matching `a`
 *   comes before a stage matching `b`.
 */
import { parseShell, type ShellWord, type SimpleCommand } from './shell-parser';

export interface CommandRule {
  /** The rule as written. */
  source: string;
  /** One word list per pipeline stage (one entry for a plain rule). */
  stages: string[][];
}

export function parseRule(source: string): CommandRule | undefined {
  try {
    const parsed = parseShell(source.trim());
    const [pipeline, ...rest] = parsed.pipelines;
    if (!pipeline || rest.length > 0 || parsed.commands.length !== pipeline.length) return undefined;
    const stages = pipeline.map((c) => [...c.assignments, ...c.argv].map((w) => w.text));
    if (stages.some((s) => s.length === 0)) return undefined;
    return { source, stages };
  } catch {
    return undefined;
  }
}

/** The command's name without its directory: `/usr/bin/git` is `git`. */
export function commandName(word: ShellWord | undefined): string {
  return word ? (word.text.split('/').pop() ?? word.text) : '';
}

export function allowMatches(ruleWords: string[], command: SimpleCommand): boolean {
  const argv = command.argv;
  const [ruleName, ...ruleArgs] = ruleWords;
  if (!ruleName || !argv[0] || !argv[0].literal) return false;
  // A bare name rule (`ls`) matches `ls` and `/bin/ls`; a path rule must match exactly.
  const nameOk = ruleName.includes('/') ? argv[0].text === ruleName : commandName(argv[0]) === ruleName && !argv[0].text.includes('/');
  if (!nameOk) return false;
  for (let i = 0; i < ruleArgs.length; i++) {
    const want = ruleArgs[i];
    const got = argv[i + 1];
    if (!got) return false;
    if (want === '*') continue;
    if (!got.literal || got.text !== want) return false;
  }
  return true;
}

function splitOptions(words: string[]): { options: Set<string>; others: string[] } {
  const options = new Set<string>();
  const others: string[] = [];
  let afterDashDash = false;
  for (const word of words) {
    if (afterDashDash || word === '-' || !word.startsWith('-')) {
      others.push(word);
    } else if (word === '--') {
      afterDashDash = true;
    } else if (word.startsWith('--')) {
      options.add(word.split('=')[0] ?? word);
    } else {
      for (const letter of word.slice(1)) options.add(`-${letter}`);
    }
  }
  return { options, others };
}

export function denyMatches(ruleWords: string[], argvWords: string[]): boolean {
  const [ruleName, ...ruleArgs] = ruleWords;
  const [name, ...args] = argvWords;
  if (!ruleName || !name) return false;
  if ((name.split('/').pop() ?? name) !== ruleName && name !== ruleName) return false;
  const rule = splitOptions(ruleArgs);
  const actual = splitOptions(args);
  for (const option of rule.options) if (!actual.options.has(option)) return false;
  let at = 0;
  for (const want of rule.others) {
    while (at < actual.others.length && want !== '*' && actual.others[at] !== want) at++;
    if (at >= actual.others.length) return false;
    at++;
  }
  return true;
}
