/**
 * An in-memory FileSystem port for unit tests: a map of workspace-relative
 * paths to bytes. Directories exist implicitly (a path with files under it;
 * '' is the root). It follows the port's rules: forward-slash relative paths,
 * FileNotFoundError for absent files, WorkspacePathError for paths that
 * escape the root or enter .git/, and .git/ is never listed.
 */
import {
  FileNotFoundError,
  WorkspacePathError,
  type FileStat,
  type FileSystem,
  type ListEntry,
  type ListOptions,
  type ListResult,
} from '../../src/core/workspace/ports';

export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, { bytes: Uint8Array; mtimeMs: number }>();
  private clock = 1_700_000_000_000;
  /** Paths passed to readFile, in order: lets a test check what was read from "disk". */
  readonly reads: string[] = [];

  constructor(
    files: Record<string, string | Uint8Array> = {},
    readonly root = '/memory-workspace',
  ) {
    for (const [path, content] of Object.entries(files)) this.writeFile(path, content);
  }

  async readFile(path: string): Promise<Uint8Array> {
    checkPath(path);
    this.reads.push(path);
    const file = this.files.get(path);
    if (!file) {
      if (this.isDirectory(path)) throw new Error(`EISDIR: ${path} is a directory`);
      throw new FileNotFoundError(path);
    }
    return file.bytes.slice();
  }

  async stat(path: string): Promise<FileStat | undefined> {
    checkPath(path, true);
    const file = this.files.get(path);
    if (file) return { type: 'file', size: file.bytes.length, mtimeMs: file.mtimeMs };
    if (this.isDirectory(path)) return { type: 'directory', size: 0, mtimeMs: this.clock };
    return undefined;
  }

  async list(path: string, options: ListOptions = {}): Promise<ListResult> {
    checkPath(path, true);
    options.signal?.throwIfAborted();
    if (path !== '' && !this.isDirectory(path)) throw new FileNotFoundError(path);
    const prefix = path === '' ? '' : `${path}/`;
    const found = new Map<string, ListEntry['type']>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix) || isGitPath(file)) continue;
      const parts = file.slice(prefix.length).split('/');
      const depth = options.recursive ? parts.length : 1;
      for (let d = 1; d <= depth; d++) {
        const entry = prefix + parts.slice(0, d).join('/');
        found.set(entry, d === parts.length ? 'file' : 'directory');
      }
    }
    const matcher = options.pattern === undefined ? undefined : globMatcher(options.pattern);
    const all = [...found]
      .filter(([entry]) => !matcher || matcher(entry))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([entryPath, type]) => ({ path: entryPath, type }));
    const limit = options.limit ?? Infinity;
    return { entries: all.slice(0, limit), omitted: Math.max(0, all.length - limit) };
  }

  // ---- Test helpers (not part of the port) ----

  /** Writes a file as the user would (outside the overlay); .git/ paths are allowed here. */
  writeFile(path: string, content: string | Uint8Array): void {
    checkPath(path, false, true);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
    this.files.set(path, { bytes, mtimeMs: ++this.clock });
  }

  deleteFile(path: string): boolean {
    return this.files.delete(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The file as UTF-8 text, or undefined when absent. */
  text(path: string): string | undefined {
    const file = this.files.get(path);
    return file && new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
  }

  /** Every file path, sorted. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  /** A copy of every file's bytes, for byte-identical comparisons. */
  snapshot(): Map<string, Uint8Array> {
    return new Map([...this.files].map(([path, file]) => [path, file.bytes.slice()]));
  }

  private isDirectory(path: string): boolean {
    if (path === '') return true;
    const prefix = `${path}/`;
    for (const file of this.files.keys()) if (file.startsWith(prefix)) return true;
    return false;
  }
}

function isGitPath(path: string): boolean {
  return path === '.git' || path.startsWith('.git/');
}

/** `allowGit`: test setup may place files in .git/ (like a real repo); the port methods may not reach them. */
function checkPath(path: string, allowRoot = false, allowGit = false): void {
  if (path === '' && allowRoot) return;
  const parts = path.split('/');
  if (path === '' || path.startsWith('/') || path.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new WorkspacePathError(`Path is outside the workspace or not normalized: ${JSON.stringify(path)}`, path);
  }
  if (isGitPath(path) && !allowGit) throw new WorkspacePathError(`Path is inside .git/: ${path}`, path);
}

/**
 * Glob on the relative path: '**' any depth, '*' and '?' within a segment,
 * '{a,b}' alternatives. A pattern without '/' also matches the base name
 * (like ripgrep's -g and .gitignore).
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  let source = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      braces++;
      source += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (ch === ',' && braces > 0) source += '|';
    else source += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  const baseNameToo = !pattern.includes('/');
  return (path) => regex.test(path) || (baseNameToo && regex.test(path.slice(path.lastIndexOf('/') + 1)));
}
