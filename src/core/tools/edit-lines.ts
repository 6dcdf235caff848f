/**
 * Line model used by edit matching: a file as lines that remember their own
 * line ending, so an edit can rewrite a region and keep the file's endings.
 */

export type Eol = '\r\n' | '\n' | '';

export interface Line {
  text: string;
  /** The ending that follows this line ('' only for the last line). */
  eol: Eol;
}

/** Splits on LF, keeping CR of CRLF as part of the ending, never of the text. */
export function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = content.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ text: content.slice(start), eol: '' });
      return lines;
    }
    const crlf = nl > start && content.charCodeAt(nl - 1) === 13;
    lines.push({ text: content.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
}

export function joinLines(lines: readonly Line[]): string {
  let out = '';
  for (const line of lines) out += line.text + line.eol;
  return out;
}

/** The ending most lines use; LF for files without any. */
export function dominantEol(lines: readonly Line[]): '\r\n' | '\n' {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === '\r\n') crlf++;
    else if (line.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Text with any CRLF turned into LF (how oldText/newText are compared). */
export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function leadingWhitespace(text: string): string {
  const match = /^[ \t]*/.exec(text);
  return match ? match[0] : '';
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** 1-based line number of a character offset. */
export function lineOfOffset(content: string, offset: number): number {
  let line = 1;
  for (let i = content.indexOf('\n'); i >= 0 && i < offset; i = content.indexOf('\n', i + 1)) line++;
  return line;
}
