/**
 * FileSystem on Node's fs: reads go through resolveWorkspacePath (so every
 * escape is refused), listings come from WorkspaceFiles (so .gitignore is
 * honoured and .git/ never appears).
 */
import { readFile, stat } from 'node:fs/promises';
import { compileGlob } from './glob';
import { resolveWorkspacePath } from './paths';
import {
  FileNotFoundError,
  type FileStat,
  type FileSystem,
  type ListEntry,
  type ListOptions,
  type ListResult,
} from './ports';
import { WorkspaceFiles } from './workspace-files';

export interface NodeFileSystemOptions {
  /** Share one listing cache with the JS search and others. */
  files?: WorkspaceFiles;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class NodeFileSystem implements FileSystem {
  readonly files: WorkspaceFiles;

  constructor(
    readonly root: string,
    options: NodeFileSystemOptions = {},
  ) {
    this.files = options.files ?? new WorkspaceFiles(root);
  }

  async readFile(input: string): Promise<Uint8Array> {
    const { abs, rel } = await resolveWorkspacePath(this.root, input);
    try {
      return await readFile(abs);
    } catch (error) {
      if (isMissing(error)) throw new FileNotFoundError(rel);
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new Error(`Is a directory, not a file: ${rel}`);
      throw error;
    }
  }

  async stat(input: string): Promise<FileStat | undefined> {
    const { abs } = await resolveWorkspacePath(this.root, input);
    try {
      // Follows symlinks: resolveWorkspacePath has checked that the target is inside.
      const info = await stat(abs);
      return {
        type: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other',
        size: info.size,
        mtimeMs: info.mtimeMs,
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /**
   * Non-recursive: the folder's files and subfolders, folders first.
   * Recursive: every file below, by path. `pattern` is matched against the
   * path relative to the listed folder and against the workspace-relative
   * path (either may match); without '/' it matches the file name.
   */
  async list(input: string, options: ListOptions = {}): Promise<ListResult> {
    const { rel } = await resolveWorkspacePath(this.root, input);
    const info = await this.stat(rel);
    if (!info) throw new FileNotFoundError(rel === '' ? '.' : rel);
    const all = await this.files.list(options.signal);
    if (info.type === 'file') {
      return { entries: all.includes(rel) ? [{ path: rel, type: 'file' }] : [], omitted: 0 };
    }

    const prefix = rel === '' ? '' : `${rel}/`;
    const matches = options.pattern ? compileGlob(options.pattern) : undefined;
    const accept = (path: string): boolean =>
      !matches || matches(path.slice(prefix.length)) || (prefix !== '' && matches(path));

    let entries: ListEntry[];
    if (options.recursive) {
      entries = [];
      for (const file of all) {
        if (file.startsWith(prefix) && accept(file)) entries.push({ path: file, type: 'file' });
      }
    } else {
      const dirs = new Set<string>();
      const files: ListEntry[] = [];
      for (const file of all) {
        if (!file.startsWith(prefix)) continue;
        const slash = file.indexOf('/', prefix.length);
        if (slash < 0) {
          if (accept(file)) files.push({ path: file, type: 'file' });
        } else {
          dirs.add(file.slice(0, slash));
        }
      }
      const dirEntries = [...dirs].filter(accept).map((path): ListEntry => ({ path, type: 'directory' }));
      entries = [...dirEntries, ...files];
    }

    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (entries.length <= limit) return { entries, omitted: 0 };
    return { entries: entries.slice(0, limit), omitted: entries.length - limit };
  }
}
