/**
 * Decides whether a command the agent wants to run may run without asking:
 * 'allow' when every simple command in it matches an allow rule and touches
 * nothing outside the workspace, 'deny' when any part matches a deny rule or
 * writes outside the workspace (deny wins), 'ask' otherwise, and also when
 * the command cannot be parsed. Rules match the command's structure, never
 * its string prefix: see command-rule.ts.
 */
import { allowMatches, denyMatches, parseRule, type CommandRule } from './command-rule';
import { parseShell, ShellParseError, type ParsedShell, type ShellRedirect, type ShellWord, type SimpleCommand } from './shell-parser';

export type PolicyDecision = 'allow' | 'deny' | 'ask';

export interface CommandPolicyRules {
  allow: readonly string[];
  deny: readonly string[];
}

export interface PolicyVerdict {
  decision: PolicyDecision;
  /** A sentence for the user (and the model, when denied). */
  reason: string;
}

/** Variables that are harmless to set in front of an allowed command. */
const SAFE_ASSIGNMENTS = new Set(['CI', 'NODE_ENV', 'FORCE_COLOR', 'NO_COLOR', 'TERM', 'LANG', 'LC_ALL', 'TZ', 'DEBUG', 'RUST_BACKTRACE', 'PYTHONUNBUFFERED']);
/** Words that start compound commands: fine to look through for deny, never auto-allowed. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', 'in', 'function', 'select', '!', '{', '}', '[[', ']]']);
/** Commands that run the command after them: deny rules look through them. */
const WRAPPERS = new Set(['env', 'time', 'nice', 'nohup', 'timeout', 'xargs', 'command', 'builtin', 'exec', 'stdbuf', 'ionice', 'setsid', 'chroot', 'watch', 'strace', 'caffeinate']);
const WRITE_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);

export function evaluateCommand(command: string, rules: CommandPolicyRules): PolicyVerdict {
  if (command.trim() === '') return { decision: 'ask', reason: 'the command is empty' };
  let parsed: ParsedShell;
  try {
    parsed = parseShell(command);
  } catch (error) {
    const why = error instanceof ShellParseError ? error.message : String(error);
    return { decision: 'ask', reason: `could not be checked against the rules (${why})` };
  }
  if (parsed.commands.length === 0) return { decision: 'ask', reason: 'no command found' };

  const allow = compile(rules.allow);
  const deny = compile(rules.deny);

  const denied = findDenied(parsed, deny);
  if (denied) return { decision: 'deny', reason: denied };

  for (const simple of parsed.commands) {
    const why = notAllowed(simple, allow);
    if (why) return { decision: 'ask', reason: why };
  }
  return { decision: 'allow', reason: 'every part of the command is allowed by the rules' };
}

function compile(sources: readonly string[]): CommandRule[] {
  return sources.map(parseRule).filter((rule): rule is CommandRule => rule !== undefined);
}

const show = (simple: SimpleCommand): string =>
  [...simple.assignments, ...simple.argv].map((w) => w.text).join(' ') || simple.redirects.map((r) => `${r.op}${r.target.text}`).join(' ');

function findDenied(parsed: ParsedShell, deny: CommandRule[]): string | undefined {
  const single = deny.filter((r) => r.stages.length === 1);
  const piped = deny.filter((r) => r.stages.length > 1);
  for (const simple of parsed.commands) {
    for (const redirect of simple.redirects) {
      const why = redirectDenied(redirect);
      if (why) return `\`${show(simple)}\` ${why}`;
    }
    for (const argv of denyViews(simple)) {
      const rule = single.find((r) => denyMatches(r.stages[0] ?? [], argv));
      if (rule) return `\`${show(simple)}\` is denied by the rule \`${rule.source}\``;
    }
  }
  for (const pipeline of parsed.pipelines) {
    const views = pipeline.map(denyViews);
    for (const rule of piped) {
      if (matchesInOrder(rule.stages, views)) return `\`${pipeline.map(show).join(' | ')}\` is denied by the rule \`${rule.source}\``;
    }
  }
  return undefined;
}

function matchesInOrder(stages: string[][], views: string[][][]): boolean {
  let at = 0;
  for (const stage of stages) {
    while (at < views.length && !views[at]?.some((argv) => denyMatches(stage, argv))) at++;
    if (at >= views.length) return false;
    at++;
  }
  return true;
}

/** The argv as written, and with reserved words and wrappers (`env`, `timeout 5`, `xargs`) peeled off. */
function denyViews(simple: SimpleCommand): string[][] {
  const views: string[][] = [];
  let words = simple.argv.map((w) => w.text);
  for (let guard = 0; guard < 10 && words.length > 0; guard++) {
    views.push(words);
    const name = words[0]?.split('/').pop() ?? '';
    if (RESERVED.has(name)) {
      words = words.slice(1);
    } else if (WRAPPERS.has(name)) {
      let rest = words.slice(1);
      while (rest.length > 0 && (rest[0]?.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0] ?? ''))) {
        const option = rest[0] ?? '';
        rest = rest.slice(1);
        // Options that take a value as the next word.
        if (/^-(n|I|L|P|s|k|u|o|i|e|d)$/.test(option) && rest.length > 0) rest = rest.slice(1);
      }
      if (name === 'timeout' && /^\d/.test(rest[0] ?? '')) rest = rest.slice(1);
      words = rest;
    } else {
      break;
    }
  }
  return views;
}

function redirectDenied(redirect: ShellRedirect): string | undefined {
  if (!WRITE_REDIRECTS.has(redirect.op)) return undefined;
  const target = redirect.target;
  if (/^(~|\$HOME\b|\$\{HOME\})/.test(target.text)) return `writes to ${target.text}, outside the workspace`;
  if (!target.literal) return undefined; // unknown target: 'ask' (see notAllowed)
  if (isDevNull(target.text)) return undefined;
  if (leavesWorkspace(target.text)) return `writes to ${target.text}, outside the workspace`;
  if (touchesGitDir(target.text)) return `writes into ${target.text} (git internals)`;
  return undefined;
}

function notAllowed(simple: SimpleCommand, allow: CommandRule[]): string | undefined {
  const text = show(simple);
  const name = simple.argv[0];
  if (!name) return `\`${text}\` has no command to check`;
  if (!name.literal) return `\`${text}\` runs a command only known at run time`;
  if (RESERVED.has(name.text)) return `\`${text}\` is a compound command, which needs approval`;
  for (const assignment of simple.assignments) {
    const variable = assignment.text.split('=')[0] ?? '';
    if (!SAFE_ASSIGNMENTS.has(variable) || !assignment.literal) return `\`${text}\` sets ${variable}, which needs approval`;
  }
  for (const redirect of simple.redirects) {
    const why = redirectNeedsApproval(redirect);
    if (why) return `\`${text}\` ${why}`;
  }
  for (const word of simple.argv.slice(1)) {
    if (!word.literal) return `\`${text}\` has an argument only known at run time (${word.text})`;
    if (pointsOutside(word)) return `\`${text}\` refers to ${word.text}, outside the workspace`;
  }
  const matched = allow.find((rule) => rule.stages.length === 1 && allowMatches(rule.stages[0] ?? [], simple));
  if (!matched) return `\`${text}\` is not in the allow list`;
  return undefined;
}

function redirectNeedsApproval(redirect: ShellRedirect): string | undefined {
  const target = redirect.target;
  if (redirect.op === '>&' || redirect.op === '<&') {
    return /^(\d+|-)$/.test(target.text) ? undefined : `redirects to ${target.text}`;
  }
  if (redirect.op === '<<<') return undefined;
  if (!target.literal) return `redirects to ${target.text}, only known at run time`;
  if (isDevNull(target.text)) return undefined;
  if (leavesWorkspace(target.text)) return `reads ${target.text}, outside the workspace`;
  return undefined;
}

const isDevNull = (path: string): boolean => path === '/dev/null';

/** Absolute, home-relative, or climbing above the workspace root with `..`. */
function leavesWorkspace(path: string): boolean {
  if (path.startsWith('/') || path.startsWith('~')) return true;
  let depth = 0;
  for (const segment of path.split('/')) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}

const touchesGitDir = (path: string): boolean => /(^|\/)\.git(\/|$)/.test(path.replace(/^\.\//, ''));

/** An argument that names a path outside the workspace (also as `--opt=/abs` or `-I/abs`). */
function pointsOutside(word: ShellWord): boolean {
  const text = word.text;
  const candidates = [text];
  const eq = text.indexOf('=');
  if (text.startsWith('-') && eq > 0) candidates.push(text.slice(eq + 1));
  if (/^-[A-Za-z]\//.test(text)) candidates.push(text.slice(2));
  return candidates.some((c) => (c.startsWith('/') && !isDevNull(c)) || c.startsWith('~') || (c.includes('..') && leavesWorkspace(c)));
}

