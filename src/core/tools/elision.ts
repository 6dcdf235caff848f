/**
 * Placeholders models write instead of real code ("// ... existing code ...",
 * "# rest unchanged"). In oldText they cannot match; in newText they would
 * replace real code with a comment, so edit_file refuses them.
 */

const COMMENT_OPENER = /^(?:\/\/+|#+|\/\*+|\*+|<!--|--|;+|%+|'|rem\b)\s*/i;
const COMMENT_CLOSER = /\s*(?:\*+\/|-->)$/;
const DOTS = /^(?:\.{3,}|…|(?:\. ){2,}\.)$/;
const EDGE_DOTS = /^(?:\.{3,}|…)|(?:\.{3,}|…)$/;
const ELISION_WORDS =
  /\b(?:existing|rest|remaining|unchanged|omitted|same|previous|other|more|elided|skipped|as before|etc)\b/i;
const ELISION_PHRASE =
  /^\(?(?:rest of (?:the )?(?:code|file|function|class|method|implementation|body)|existing (?:code|implementation|methods?|imports?)|(?:code|lines?|everything|body|implementation) (?:unchanged|omitted|elided|stays the same)|unchanged(?: code| lines)?|remaining (?:code|lines|methods|cases)|other (?:code|methods|cases|fields)|same as (?:before|above))\)?\.?$/i;

export type ElisionKind = 'bare' | 'comment';

/** Kind of placeholder on this line, if any. `bare` is a line of just dots (valid Python!). */
export function elisionKind(line: string): ElisionKind | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (DOTS.test(trimmed)) return 'bare';
  if (!COMMENT_OPENER.test(trimmed)) return undefined;
  const body = trimmed.replace(COMMENT_OPENER, '').replace(COMMENT_CLOSER, '').trim();
  if (body.length > 80) return undefined;
  if (body === '' ) return undefined;
  if (DOTS.test(body)) return 'comment';
  if (EDGE_DOTS.test(body) && ELISION_WORDS.test(body)) return 'comment';
  const words = body.replace(/(?:\.{3,}|…)/g, ' ').trim();
  if (ELISION_PHRASE.test(words)) return 'comment';
  return undefined;
}

export interface ElisionLine {
  /** 0-based index in the text's lines. */
  index: number;
  text: string;
  kind: ElisionKind;
}

export function elisionLines(text: string): ElisionLine[] {
  const found: ElisionLine[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const kind = elisionKind(line);
    if (kind) found.push({ index, text: line.trim(), kind });
  });
  return found;
}
