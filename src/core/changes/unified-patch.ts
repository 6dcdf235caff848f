import type { RawFileDiff } from './diff';
import { unifiedStart } from './diff';
import { hasTerminator } from './text';

/**
 * A git-style unified diff of raw file diffs, for `git apply` (and `patch -p1`).
 * Lines are written byte for byte (CRLF kept); a last line without newline
 * gets git's '\ No newline at end of file' marker. Binary diffs are skipped
 * (the overlay refuses binary edits, so there are none from a ChangeSet).
 */
export function formatGitPatch(diffs: readonly RawFileDiff[]): string {
  const out: string[] = [];
  for (const diff of diffs) {
    if (diff.binary) continue;
    const a = quotePath(`a/${diff.path}`);
    const b = quotePath(`b/${diff.path}`);
    // git ends a name containing a space with a tab so parsers know where it stops.
    const tab = diff.path.includes(' ') && !a.startsWith('"') ? '\t' : '';
    out.push(`diff --git ${a} ${b}\n`);
    if (diff.kind === 'create') out.push('new file mode 100644\n');
    if (diff.kind === 'delete') out.push('deleted file mode 100644\n');
    if (diff.hunks.length === 0) continue; // empty file created or deleted: the header says it all
    out.push(`--- ${diff.kind === 'create' ? '/dev/null' : a + tab}\n`);
    out.push(`+++ ${diff.kind === 'delete' ? '/dev/null' : b + tab}\n`);
    for (const hunk of diff.hunks) {
      const oldStart = unifiedStart(hunk.oldStart, hunk.oldLines);
      const newStart = unifiedStart(hunk.newStart, hunk.newLines);
      out.push(`@@ -${oldStart},${hunk.oldLines} +${newStart},${hunk.newLines} @@\n`);
      for (const line of hunk.lines) {
        const sign = line.kind === 'add' ? '+' : line.kind === 'remove' ? '-' : ' ';
        out.push(sign + line.raw);
        if (!hasTerminator(line.raw)) out.push('\n\\ No newline at end of file\n');
      }
    }
  }
  return out.join('');
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\x07': '\\a' };

/** git's C-style quoting (core.quotePath): only when the name needs it; non-ASCII as octal UTF-8 bytes. */
export function quotePath(name: string): string {
  if (!/["\\\x00-\x1f\x7f-\uffff]/.test(name)) return name;
  let quoted = '"';
  for (const byte of new TextEncoder().encode(name)) {
    const ch = String.fromCharCode(byte);
    const escape = ESCAPES[ch];
    if (escape) quoted += escape;
    else if (byte < 0x20 || byte >= 0x7f) quoted += '\\' + byte.toString(8).padStart(3, '0');
    else quoted += ch;
  }
  return quoted + '"';
}
