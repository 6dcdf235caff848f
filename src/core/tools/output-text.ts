/** Small text helpers shared by tools that bound what goes back to the model. */

/** Cuts a line longer than max characters, saying how much was cut. */
export function cutLine(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)} … [line cut: ${text.length - max} more characters]`;
}

/** The last `max` characters, starting at a line boundary when one is near. */
export function tailText(text: string, max: number): { text: string; dropped: number } {
  if (text.length <= max) return { text, dropped: 0 };
  let start = text.length - max;
  const nl = text.indexOf('\n', start);
  if (nl >= 0 && nl - start < 200) start = nl + 1;
  return { text: text.slice(start), dropped: start };
}

/** True when text looks binary: NUL bytes or many replacement characters in its head. */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8000);
  if (head.includes('\0')) return true;
  let replacement = 0;
  for (const ch of head) if (ch === '\uFFFD') replacement++;
  return head.length > 0 && replacement / head.length > 0.1;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Extracts a readable message from anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
