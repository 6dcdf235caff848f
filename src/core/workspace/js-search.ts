/**
 * Search without ripgrep. Searches exactly the files the FileSystem lists
 * (same .gitignore rules), skips binary files (a NUL byte, as rg does), does
 * not follow symlinks out of the workspace, and returns matches in path
 * order like rg --sort path.
 *
 * Speed: files are read synchronously in short slices (sliceMs, default
 * 8 ms) between which the event loop runs; a case-sensitive literal query is
 * first looked for in the raw bytes (Buffer.indexOf), so most files are never
 * decoded; otherwise one global multiline RegExp runs over the whole file
 * text rather than line by line.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeGlobs } from './file-types';
import { compileGlob } from './glob';
import type { Search, SearchMatch, SearchQuery, SearchResult } from './ports';
import {
  EXTRA_COUNT,
  InvalidSearchQueryError,
  assertQueryText,
  maxResultsOf,
  previewLine,
  resolveSearchTarget,
} from './search-query';
import { WorkspaceFiles } from './workspace-files';

export interface JsSearchOptions {
  files?: WorkspaceFiles;
  /** Longest stretch of synchronous reading before yielding to the event loop. */
  sliceMs?: number;
  /** Larger files are skipped (rg has no limit; we keep memory bounded). */
  maxFileBytes?: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function buildMatcher(query: SearchQuery): (text: string) => Omit<SearchMatch, 'path'>[] {
  let regex: RegExp;
  try {
    regex = new RegExp(query.regex ? query.query : escapeRegExp(query.query), query.caseSensitive ? 'gm' : 'gim');
  } catch (error) {
    throw new InvalidSearchQueryError(`Invalid regular expression: ${(error as Error).message}`);
  }
  return (text) => {
    const found: Omit<SearchMatch, 'path'>[] = [];
    regex.lastIndex = 0;
    let line = 1;
    let counted = 0; // text position up to which newlines are counted into `line`
    for (;;) {
      const match = regex.exec(text);
      if (!match) break;
      const at = match.index;
      for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) line++;
      counted = at;
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      let lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = text.length;
      const column = at - lineStart + 1;
      found.push({ line, column, text: previewLine(text.slice(lineStart, lineEnd), column) });
      // One match per line, like rg's line-oriented output; also steps past empty matches.
      regex.lastIndex = lineEnd + 1;
      if (lineEnd >= text.length) break;
    }
    return found;
  };
}

export class JsSearch implements Search {
  readonly files: WorkspaceFiles;
  private realRoot: Promise<string> | undefined;

  constructor(
    readonly root: string,
    private readonly options: JsSearchOptions = {},
  ) {
    this.files = options.files ?? new WorkspaceFiles(root);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    assertQueryText(query);
    const maxResults = maxResultsOf(query);
    const signal = query.signal;
    signal?.throwIfAborted();
    const target = await resolveSearchTarget(this.root, query.path);
    const find = buildMatcher(query);
    const literalBytes = !query.regex && query.caseSensitive ? Buffer.from(query.query, 'utf8') : undefined;

    let candidates: readonly string[];
    if (target.kind === 'file') {
      candidates = [target.rel]; // an explicitly named file is searched even if ignored, like rg
    } else {
      const prefix = target.rel === '' ? '' : `${target.rel}/`;
      const globs = fileTypeGlobs(query.fileTypes).map((glob) => compileGlob(glob));
      candidates = (await this.files.list(signal)).filter(
        (file) => file.startsWith(prefix) && (globs.length === 0 || globs.some((matches) => matches(file))),
      );
    }

    const matches: SearchMatch[] = [];
    let omitted = 0;
    let index = 0;
    const realRoot = await (this.realRoot ??= realpath(this.root));
    const safeDirs = new Map<string, boolean>();
    const sliceMs = this.options.sliceMs ?? 8;

    while (index < candidates.length) {
      // Yield between slices so other work (and an abort) gets its turn.
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      const sliceEnd = performance.now() + sliceMs;
      // At least one file per slice, however small sliceMs is.
      for (let first = true; index < candidates.length && (first || performance.now() < sliceEnd); index++, first = false) {
        const rel = candidates[index]!;
        if (!this.dirIsSafe(rel, realRoot, safeDirs)) continue;
        const content = this.readContent(rel);
        if (!content) continue;
        if (literalBytes && content.indexOf(literalBytes) < 0) continue;
        for (const match of find(content.toString('utf8'))) {
          if (matches.length < maxResults) matches.push({ path: rel, ...match });
          else omitted++;
        }
        if (omitted >= EXTRA_COUNT) {
          index++;
          return { matches, omitted, engine: 'js', ...(index < candidates.length ? { stoppedEarly: true } : {}) };
        }
      }
    }
    return { matches, omitted, engine: 'js' };
  }

  /** A listed file's folder could have been swapped for a symlink to elsewhere. */
  private dirIsSafe(rel: string, realRoot: string, cache: Map<string, boolean>): boolean {
    const dir = path.posix.dirname(rel);
    if (dir === '.') return true;
    let safe = cache.get(dir);
    if (safe === undefined) {
      try {
        safe = realpathSync(path.join(this.root, dir)).startsWith(realRoot + path.sep);
      } catch {
        safe = false;
      }
      cache.set(dir, safe);
    }
    return safe;
  }

  /**
   * The file's bytes, or undefined for symlinks, non-regular, huge or binary
   * files. Synchronous on purpose: a sync open/read/close is about four times
   * faster than the promise round trips through libuv's thread pool, and the
   * caller bounds how long it blocks (sliceMs).
   */
  private readContent(rel: string): Buffer | undefined {
    let fd: number;
    try {
      fd = openSync(path.join(this.root, rel), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return undefined; // ELOOP for a symlink, or vanished meanwhile
    }
    try {
      const info = fstatSync(fd);
      if (!info.isFile() || info.size > (this.options.maxFileBytes ?? 16 * 1024 * 1024)) return undefined;
      const buffer = Buffer.allocUnsafe(info.size);
      let filled = 0;
      while (filled < info.size) {
        const bytesRead = readSync(fd, buffer, filled, info.size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      const content = filled === info.size ? buffer : buffer.subarray(0, filled);
      return content.indexOf(0) >= 0 ? undefined : content;
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}
