import { createHash } from 'node:crypto';

/**
 * Text helpers shared by the overlay, the diff, the merge and the apply plan.
 * Lines are handled as tokens that keep their own terminator ('\n', '\r\n' or
 * none for a last line without newline), so every operation reproduces bytes
 * exactly: CRLF files stay CRLF and a missing final newline stays missing.
 */

/** Splits text into lines, each keeping its terminator. '' has no lines. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    lines.push(text.slice(start, nl + 1));
    start = nl + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The line without its terminator. */
export function lineContent(line: string): string {
  if (line.endsWith('\r\n')) return line.slice(0, -2);
  if (line.endsWith('\n')) return line.slice(0, -1);
  return line;
}

export function hasTerminator(line: string): boolean {
  return line.endsWith('\n');
}

/** True when every line break is CRLF (and there is at least one). */
export function isConsistentlyCrlf(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== 13) return false;
    count++;
  }
  return count > 0;
}

/** Turns every lone '\n' into '\r\n' (existing CRLFs are kept). */
export function toCrlf(text: string): string {
  return text.replace(/(?<!\r)\n/g, '\r\n');
}

/** sha256 hex of the UTF-8 bytes of text (or of raw bytes). */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

// fatal: invalid UTF-8 is not text; ignoreBOM: keep a BOM so bytes round-trip (and hashes match).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;

/** Decodes UTF-8 text; undefined when the bytes are binary or not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  const sniff = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < sniff; i++) if (bytes[i] === 0) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Text that would be treated as binary (a NUL character) is refused for edits and not diffed. */
export function looksBinary(text: string): boolean {
  return text.includes('\0');
}

/** 'line 4', 'lines 4-6', or 'after line 3' for an insertion point; from a 0-based [start, end). */
export function describeLines(start: number, end: number): string {
  if (end <= start) return start === 0 ? 'the start of the file' : `after line ${start}`;
  return end - start === 1 ? `line ${start + 1}` : `lines ${start + 1}-${end}`;
}
