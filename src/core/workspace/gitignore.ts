/**
 * A .gitignore matcher for folders that are not git repositories (inside a
 * repository we ask git itself). Follows gitignore(5): comments, escapes,
 * trailing-space rules, negation, directory-only rules, anchoring by a slash,
 * `**`; the last matching rule wins and deeper files override shallower ones.
 */
import { globToRegExpSource } from './glob';

interface Rule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function parseLine(rawLine: string): Rule | undefined {
  let line = rawLine.replace(/\r$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  // Trailing spaces are ignored unless escaped with a backslash.
  line = line.replace(/(?<!\\)\s+$/, '');
  if (line === '') return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let dirOnly = false;
  if (line.endsWith('/')) {
    dirOnly = true;
    line = line.replace(/\/+$/, '');
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  line = line.replace(/^\/+/, '');
  const source = globToRegExpSource(line, { braces: false });
  const regex = new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
  return { regex, negate, dirOnly };
}

/** Parses the text of one .gitignore file. */
export function parseGitignore(text: string): Rule[] {
  return text.split('\n').flatMap((line) => {
    const rule = parseLine(line);
    return rule ? [rule] : [];
  });
}

/**
 * The rules in force for one directory: its own .gitignore on top of its
 * parents'. Immutable, so a walker can hand each subdirectory its own chain.
 */
export class IgnoreRules {
  private constructor(
    private readonly parent: IgnoreRules | undefined,
    /** Directory of the .gitignore, workspace-relative ('' for the root). */
    private readonly base: string,
    private readonly rules: readonly Rule[],
  ) {}

  static empty(): IgnoreRules {
    return new IgnoreRules(undefined, '', []);
  }

  /** Rules for a subdirectory `dirRel` whose .gitignore has `text` (undefined: none). */
  child(dirRel: string, text: string | undefined): IgnoreRules {
    if (text === undefined) return this;
    const rules = parseGitignore(text);
    return rules.length === 0 ? this : new IgnoreRules(this, dirRel, rules);
  }

  /** Whether `rel` (workspace-relative) is ignored; the caller skips ignored parents itself. */
  ignores(rel: string, isDirectory: boolean): boolean {
    for (let scope: IgnoreRules | undefined = this; scope; scope = scope.parent) {
      if (scope.rules.length === 0) continue;
      const local = scope.base === '' ? rel : rel.slice(scope.base.length + 1);
      for (let i = scope.rules.length - 1; i >= 0; i--) {
        const rule = scope.rules[i]!;
        if (rule.dirOnly && !isDirectory) continue;
        if (rule.regex.test(local)) return !rule.negate;
      }
    }
    return false;
  }
}
