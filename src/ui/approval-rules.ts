import { parseShell } from '../core/policy';

/**
 * "Always for this workspace": the allow rules that let this exact command run
 * next time. One rule per simple command (the policy checks every part of a
 * line, so `npm test && npm run lint` needs both). Undefined when a part has
 * words whose value is unknown ($VAR, $(…)), since a rule cannot pin those:
 * the approval then counts for this run only.
 */
export function allowRulesFor(command: string): string[] | undefined {
  let commands;
  try {
    commands = parseShell(command).commands;
  } catch {
    return undefined;
  }
  if (commands.length === 0) return undefined;
  const rules: string[] = [];
  for (const simple of commands) {
    const words = [...simple.assignments, ...simple.argv];
    if (words.length === 0 || words.some((w) => !w.literal)) return undefined;
    const rule = words.map((w) => quoteWord(w.text)).join(' ');
    if (!rules.includes(rule)) rules.push(rule);
  }
  return rules;
}

/** Quotes a word for a rule so the policy's parser reads it back as the same single word. */
export function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
