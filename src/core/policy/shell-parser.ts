/**
 * A small POSIX-shell parser, just deep enough to judge a command line: it
 * splits it into simple commands across `|`, `&&`, `||`, `;`, `&`, newlines,
 * subshells `( )`, command substitutions `$( )` and backticks (also inside
 * double quotes, and the string of `sh -c` / `eval`), and notes redirects and
 * which words are not plain literals. Anything it does not understand (here
 * documents, arithmetic, process substitution, unbalanced quotes) is an error:
 * the policy then asks the user instead of guessing.
 */

export interface ShellWord {
  /** The word with quotes removed (expansions left as written). */
  text: string;
  /** False when the word contains an expansion ($VAR, $(...), `...`, ~): its value is unknown. */
  literal: boolean;
}

export interface ShellRedirect {
  /** '>', '>>', '>|', '&>', '&>>', '<', '<>', '>&', '<&', '<<<'. */
  op: string;
  /** File descriptor written before the operator ('2' in `2>err`), if any. */
  fd?: string;
  target: ShellWord;
}

export interface SimpleCommand {
  /** Leading NAME=value words. */
  assignments: ShellWord[];
  argv: ShellWord[];
  redirects: ShellRedirect[];
}

export interface ParsedShell {
  /** Every simple command, including those nested in subshells and substitutions. */
  commands: SimpleCommand[];
  /** Each pipeline as the ordered list of the simple commands in its stages. */
  pipelines: SimpleCommand[][];
}

export class ShellParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellParseError';
  }
}

const METACHARS = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);
const MAX_DEPTH = 8;

/** Commands whose string argument is itself a command line. */
const STRING_RUNNERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);

export function parseShell(source: string): ParsedShell {
  const out: ParsedShell = { commands: [], pipelines: [] };
  new Parser(source, out, 0).parseAll();
  return out;
}

class Parser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly out: ParsedShell,
    private readonly depth: number,
  ) {
    if (depth > MAX_DEPTH) throw new ShellParseError('command nests too deeply');
  }

  parseAll(): void {
    this.parseList(undefined);
    if (this.pos < this.src.length) throw new ShellParseError(`unexpected '${this.src[this.pos]}'`);
  }

  /** A list of pipelines joined by ; & && || and newlines, up to `closer` or the end. */
  private parseList(closer: ')' | undefined): void {
    for (;;) {
      this.skipBlanks(true);
      if (this.atEnd() || (closer && this.peek() === closer)) return;
      this.parsePipeline(closer);
      this.skipBlanks(false);
      if (this.atEnd() || (closer && this.peek() === closer)) return;
      if (this.take('&&') || this.take('||')) {
        this.skipBlanks(true);
        if (this.atEnd() || (closer && this.peek() === closer)) throw new ShellParseError('command expected after && or ||');
        continue;
      }
      if (this.take(';;')) throw new ShellParseError("unsupported ';;'");
      if (this.take(';') || this.take('&') || this.take('\n')) continue;
      throw new ShellParseError(`unexpected '${this.peek()}'`);
    }
  }

  private parsePipeline(closer: ')' | undefined): void {
    const stages: SimpleCommand[] = [];
    for (;;) {
      this.skipBlanks(false);
      if (this.peek() === '(') {
        this.pos++;
        const before = this.out.commands.length;
        this.parseList(')');
        if (!this.take(')')) throw new ShellParseError("missing ')'");
        stages.push(...this.out.commands.slice(before));
        this.parseTrailingRedirects(stages);
      } else {
        const command = this.parseSimpleCommand(closer);
        if (!command) throw new ShellParseError(`command expected at '${this.src.slice(this.pos, this.pos + 10) || 'end'}'`);
        stages.push(command);
      }
      this.skipBlanks(false);
      if (this.src.startsWith('||', this.pos)) break;
      if (this.take('|&') || this.take('|')) continue;
      break;
    }
    this.out.pipelines.push(stages);
  }

  /** Redirects after a subshell apply to all its commands: note them on the last one. */
  private parseTrailingRedirects(stages: SimpleCommand[]): void {
    const holder: SimpleCommand = { assignments: [], argv: [], redirects: [] };
    for (;;) {
      this.skipBlanks(false);
      if (!this.tryRedirect(holder)) break;
    }
    if (holder.redirects.length > 0) {
      const last = stages.at(-1);
      if (last) last.redirects.push(...holder.redirects);
    }
  }

  private parseSimpleCommand(closer: ')' | undefined): SimpleCommand | undefined {
    const command: SimpleCommand = { assignments: [], argv: [], redirects: [] };
    for (;;) {
      this.skipBlanks(false);
      if (this.atEnd()) break;
      const c = this.peek();
      if (c === '#') {
        this.skipComment();
        break;
      }
      if (closer && c === closer) break;
      if (this.tryRedirect(command)) continue;
      if (c === '(') throw new ShellParseError("unexpected '(' (functions and process substitution are not supported)");
      if (METACHARS.has(c)) break;
      const word = this.readWord();
      if (command.argv.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) command.assignments.push(word);
      else command.argv.push(word);
    }
    if (command.argv.length === 0 && command.assignments.length === 0 && command.redirects.length === 0) return undefined;
    this.out.commands.push(command);
    this.expandStringRunner(command);
    return command;
  }

  /** `sh -c 'a; b'` and `eval 'a; b'`: the string is a command line too; parse it. */
  private expandStringRunner(command: SimpleCommand): void {
    const [name, ...args] = command.argv;
    if (!name?.literal) return;
    const base = name.text.split('/').pop() ?? '';
    let script: ShellWord | undefined;
    if (base === 'eval') {
      if (args.length === 0) return;
      script = { text: args.map((a) => a.text).join(' '), literal: args.every((a) => a.literal) };
    } else if (STRING_RUNNERS.has(base)) {
      const flagIndex = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.text));
      if (flagIndex < 0) return;
      script = args[flagIndex + 1];
    }
    if (!script) return;
    if (!script.literal) throw new ShellParseError(`${base} runs a command line that is only known at run time`);
    new Parser(script.text, this.out, this.depth + 1).parseAll();
  }

  private tryRedirect(command: SimpleCommand): boolean {
    const match = /^(\d*)(&>>|&>|>>|>\||>&|<<<|<<-?|<>|<&|>|<)/.exec(this.src.slice(this.pos));
    if (!match) return false;
    const fd = match[1] ?? '';
    const op = match[2] ?? '';
    // `2>` only counts as a redirect when the digits start a word.
    if (fd && this.pos > 0 && !METACHARS.has(this.src[this.pos - 1] ?? ' ')) return false;
    if (op === '<<' || op === '<<-') throw new ShellParseError('here-documents are not supported');
    if (this.src.startsWith('(', this.pos + match[0].length)) throw new ShellParseError('process substitution is not supported');
    this.pos += match[0].length;
    this.skipBlanks(false);
    if (this.atEnd() || METACHARS.has(this.peek())) throw new ShellParseError(`redirect '${op}' without a target`);
    const target = this.readWord();
    command.redirects.push({ op, ...(fd ? { fd } : {}), target });
    return true;
  }

  private readWord(): ShellWord {
    let text = '';
    let literal = true;
    const start = this.pos;
    while (!this.atEnd()) {
      const c = this.peek();
      if (METACHARS.has(c)) break;
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === undefined) throw new ShellParseError('trailing backslash');
        this.pos += 2;
        if (next !== '\n') text += next;
        continue;
      }
      if (c === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellParseError('unbalanced single quote');
        text += this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        this.pos++;
        const inner = this.readDoubleQuoted();
        text += inner.text;
        literal &&= inner.literal;
        continue;
      }
      if (c === '$' || c === '`') {
        text += this.readExpansion();
        literal = false;
        continue;
      }
      if (c === '~' && this.pos === start) literal = false;
      text += c;
      this.pos++;
    }
    return { text, literal };
  }

  private readDoubleQuoted(): ShellWord {
    let text = '';
    let literal = true;
    for (;;) {
      if (this.atEnd()) throw new ShellParseError('unbalanced double quote');
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return { text, literal };
      }
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === undefined) throw new ShellParseError('unbalanced double quote');
        this.pos += 2;
        if ('$`"\\'.includes(next)) text += next;
        else if (next !== '\n') text += `\\${next}`;
        continue;
      }
      if (c === '$' || c === '`') {
        text += this.readExpansion();
        literal = false;
        continue;
      }
      text += c;
      this.pos++;
    }
  }

  /** $VAR, ${...}, $(...), `...`: substitutions are parsed as commands of their own. */
  private readExpansion(): string {
    const start = this.pos;
    const c = this.peek();
    if (c === '`') {
      let inner = '';
      this.pos++;
      for (;;) {
        if (this.atEnd()) throw new ShellParseError('unbalanced backtick');
        const ch = this.peek();
        if (ch === '`') break;
        if (ch === '\\' && '`$\\'.includes(this.src[this.pos + 1] ?? '')) {
          inner += this.src[this.pos + 1];
          this.pos += 2;
          continue;
        }
        inner += ch;
        this.pos++;
      }
      this.pos++;
      new Parser(inner, this.out, this.depth + 1).parseAll();
      return this.src.slice(start, this.pos);
    }
    // c === '$'
    const next = this.src[this.pos + 1];
    if (next === '(') {
      if (this.src[this.pos + 2] === '(') throw new ShellParseError('arithmetic expansion is not supported');
      const sub = new Parser(this.src, this.out, this.depth + 1);
      sub.pos = this.pos + 2;
      sub.parseList(')');
      if (sub.src[sub.pos] !== ')') throw new ShellParseError("missing ')' of $(");
      this.pos = sub.pos + 1;
      return this.src.slice(start, this.pos);
    }
    if (next === '{') {
      const end = this.src.indexOf('}', this.pos + 2);
      if (end < 0) throw new ShellParseError('unbalanced ${');
      const body = this.src.slice(this.pos + 2, end);
      if (/[`$(]/.test(body)) throw new ShellParseError('nested expansion in ${...} is not supported');
      this.pos = end + 1;
      return this.src.slice(start, this.pos);
    }
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(this.src.slice(this.pos));
    if (name) {
      this.pos += name[0].length;
      return name[0];
    }
    if (next === "'" || next === '"') throw new ShellParseError('$-quoted strings are not supported');
    // A lone '$' is a literal dollar.
    this.pos++;
    return '$';
  }

  private skipComment(): void {
    while (!this.atEnd() && this.peek() !== '\n') this.pos++;
  }

  private skipBlanks(newlines: boolean): void {
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || (newlines && c === '\n')) this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (newlines && c === '#') this.skipComment();
      else break;
    }
  }

  private take(token: string): boolean {
    if (!this.src.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }
}
