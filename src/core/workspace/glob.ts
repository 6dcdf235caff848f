/**
 * A small glob → RegExp translator shared by list patterns, .gitignore rules
 * and search file types. Node 20's path.matchesGlob is experimental (it warns
 * on every process), so we keep our own: `*`, `?`, `[...]`, `**` as a whole
 * segment, `{a,b}` and backslash escapes.
 */

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates a character class starting at pattern[i] === '['; returns [source, nextIndex] or undefined if unclosed. */
function translateClass(pattern: string, i: number): [string, number] | undefined {
  let j = i + 1;
  let negate = false;
  if (pattern[j] === '!' || pattern[j] === '^') {
    negate = true;
    j++;
  }
  let body = '';
  // A ']' right after the opening (or the negation) is a literal.
  if (pattern[j] === ']') {
    body += '\\]';
    j++;
  }
  for (; j < pattern.length; j++) {
    const ch = pattern[j]!;
    if (ch === ']') return [`${negate ? '[^/' : '['}${body}]`, j + 1];
    if (ch === '\\' && j + 1 < pattern.length) {
      body += `\\${pattern[++j]}`;
    } else if (ch === '[' || ch === '^' || ch === '/') {
      body += `\\${ch}`;
    } else {
      body += ch;
    }
  }
  return undefined;
}

/** Splits a brace body at top-level commas. */
function splitBraceBody(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function findBraceEnd(pattern: string, i: number): number {
  let depth = 0;
  for (let j = i; j < pattern.length; j++) {
    const ch = pattern[j];
    if (ch === '\\') j++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return j;
  }
  return -1;
}

export interface GlobSourceOptions {
  /** Expand `{a,b}` alternatives (globs do, .gitignore does not). */
  braces?: boolean;
}

/** Regex source (no anchors) matching a whole relative path with forward slashes. */
export function globToRegExpSource(pattern: string, options: GlobSourceOptions = {}): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        let end = i + 2;
        while (pattern[end] === '*') end++;
        const atSegmentEnd = end === pattern.length || pattern[end] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (end === pattern.length) {
            // 'a/**' matches everything inside a; a lone '**' matches everything.
            out += '.*';
            i = end;
          } else {
            // '**/' matches zero or more whole directories.
            out += '(?:[^/]*/)*';
            i = end + 1;
          }
          continue;
        }
        out += '[^/]*';
        i = end;
        continue;
      }
      out += '[^/]*';
      i++;
    } else if (ch === '?') {
      out += '[^/]';
      i++;
    } else if (ch === '[') {
      const translated = translateClass(pattern, i);
      if (translated) {
        out += translated[0];
        i = translated[1];
      } else {
        out += '\\[';
        i++;
      }
    } else if (ch === '{' && options.braces) {
      const end = findBraceEnd(pattern, i);
      if (end < 0) {
        out += '\\{';
        i++;
        continue;
      }
      const alternatives = splitBraceBody(pattern.slice(i + 1, end)).map((part) =>
        globToRegExpSource(part, options),
      );
      out += `(?:${alternatives.join('|')})`;
      i = end + 1;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[i + 1]!);
      i += 2;
    } else {
      out += escapeRegExp(ch);
      i++;
    }
  }
  return out;
}

/**
 * A matcher for list/search patterns. A pattern without '/' matches the file
 * name at any depth ('*.ts' finds 'src/a.ts'), like ripgrep's -g and
 * .gitignore; a pattern with '/' matches the whole relative path.
 */
export function compileGlob(pattern: string, options: { caseInsensitive?: boolean } = {}): (relPath: string) => boolean {
  const trimmed = pattern.replace(/^\.\//, '').replace(/^\/+/, '');
  const source = globToRegExpSource(trimmed, { braces: true });
  const anywhere = !trimmed.includes('/');
  const regex = new RegExp(anywhere ? `(?:^|/)${source}$` : `^${source}$`, options.caseInsensitive ? 'i' : '');
  return (relPath) => regex.test(relPath);
}
