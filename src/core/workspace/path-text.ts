/**
 * Lexical rules for paths that cross the workspace ports: what a path may
 * look like before we ever ask the disk about it. The realpath checks live in
 * paths.ts; these are the parts that need no I/O.
 */
import { WorkspacePathError } from './ports';

/** Longest single name most filesystems accept (ext4, APFS, NTFS: 255 bytes/units). */
export const MAX_SEGMENT_BYTES = 255;
/** Longest relative path we accept; PATH_MAX on Linux is 4096 including the root. */
export const MAX_PATH_BYTES = 4000;

// Control characters (C0, DEL, C1) and Unicode format characters (category Cf:
// bidi overrides and isolates, zero-width spaces and joiners, BOM, soft hyphen...).
// They make a path display differently from what it is.
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;
const INVISIBLE_GLOBAL = /[\p{Cc}\p{Cf}]/gu;

/** True for '.git' and the names Windows and macOS also treat as '.git' ('.GIT', '.git.', '.git '). */
export function isGitSegment(segment: string): boolean {
  return /^\.git[. ]*$/i.test(segment);
}

function describeInvisible(input: string): string {
  const found = [...new Set(input.match(INVISIBLE_GLOBAL) ?? [])]
    .map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
    .join(', ');
  return found;
}

/**
 * Checks the text of a path and returns it NFC-normalised with forward
 * slashes. Backslashes count as separators on every platform so a path means
 * the same thing wherever Foreman runs.
 */
export function normalisePathText(input: string): string {
  if (typeof input !== 'string') throw new WorkspacePathError('Path must be a string.', String(input));
  if (input.includes('\0')) throw new WorkspacePathError('Path contains a NUL byte.', input.replace(/\0/g, '\\0'));
  if (INVISIBLE.test(input)) {
    throw new WorkspacePathError(
      `Path contains control or invisible formatting characters (${describeInvisible(input)}); use the plain file name.`,
      input,
    );
  }
  const text = input.normalize('NFC').replace(/\\/g, '/');
  if (Buffer.byteLength(text, 'utf8') > MAX_PATH_BYTES) {
    throw new WorkspacePathError(`Path is longer than ${MAX_PATH_BYTES} bytes.`, text.slice(0, 200) + '…');
  }
  for (const segment of text.split('/')) {
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
      throw new WorkspacePathError(
        `Path has a name longer than ${MAX_SEGMENT_BYTES} bytes: ${segment.slice(0, 40)}…`,
        text.slice(0, 200),
      );
    }
  }
  return text;
}

/** Refuses '.git' anywhere in a relative path (forward slashes). */
export function assertNoGitSegment(rel: string, shown: string): void {
  if (rel.split('/').some(isGitSegment)) {
    throw new WorkspacePathError(`Path is inside .git/, which Foreman never reads or writes: ${shown}`, shown);
  }
}
