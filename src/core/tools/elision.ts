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
// Whole phrases only ("rest of the code unchanged", "existing methods", "imports omitted"), so a
// real comment such as "other fields are optional" is not mistaken for a placeholder.
const SUBJECT = '(?:code|file|implementation|methods?|functions?|body|lines?|cases|fields|imports?|properties|members|content|logic|tests?|class|component)';
const VERDICT = '(?:unchanged|omitted|elided|skipped|stays the same|remains the same|as before|here|goes here)';
const ELISION_PHRASES = [
  new RegExp(`^(?:the\\s+)?(?:rest of|remaining|existing|other|previous)(?:\\s+[\\w-]+){0,2}?\\s+${SUBJECT}(?:\\s+(?:is\\s+|are\\s+)?${VERDICT})?$`, 'i'),
  new RegExp(`^(?:the\\s+)?(?:rest|remainder)(?:\\s+${VERDICT})?$`, 'i'),
  new RegExp(`^(?:[\\w-]+\\s+){0,2}${SUBJECT}\\s+(?:is\\s+|are\\s+)?${VERDICT}$`, 'i'),
  /^(?:unchanged|same as before|no changes?)$/i,
];

function isElisionPhrase(words: string): boolean {
  return ELISION_PHRASES.some((re) => re.test(words));
}

export type ElisionKind = 'bare' | 'comment';

/** Kind of placeholder on this line, if any. `bare` is a line of just dots (valid Python!). */
export function elisionKind(line: string): ElisionKind | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  if (DOTS.test(trimmed)) return 'bare';
  if (!COMMENT_OPENER.test(trimmed)) return undefined;
  const body = trimmed.replace(COMMENT_OPENER, '').replace(COMMENT_CLOSER, '').trim();
  if (body.length > 80) return undefined;
  if (body === '') return undefined;
  if (DOTS.test(body)) return 'comment';
  if (EDGE_DOTS.test(body) && ELISION_WORDS.test(body)) return 'comment';
  const words = body.replace(/(?:\.{3,}|…)/g, ' ').trim();
  if (isElisionPhrase(words.replace(/^\(|\)$/g, ''))) return 'comment';
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
