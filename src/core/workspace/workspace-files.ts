/**
 * The list of files in the workspace that are not ignored: the base of
 * listing, the JS search and the sandbox copy. In a git repository git
 * answers (`ls-files --cached --others --exclude-standard`, minus files
 * deleted from the work tree), so the rules are exactly git's, including
 * .git/info/exclude and the global excludes file; elsewhere walk.ts applies
 * the .gitignore files itself.
 *
 * Caching: a listing is reused for `ttlMs` (default 2 s) and concurrent
 * callers share one in-flight listing. That is safe here because agents never
 * write to disk (their edits live in the overlay), so within a turn the list
 * only changes when the user creates or deletes files, and a stale list costs
 * at most one missed new file for two seconds. `invalidate()` drops it at once.
 */
import { abortable } from '../util/abortable';
import { gitTopLevel, runGit, splitNul } from './git';
import { isGitSegment } from './path-text';
import { walkWorkspace } from './walk';

export interface WorkspaceFilesOptions {
  ttlMs?: number;
  gitPath?: string;
  /** Clock for the cache (tests). */
  now?: () => number;
}

interface Listing {
  files: readonly string[];
  at: number;
}

/** Orders paths segment by segment (the order ripgrep's --sort path uses). */
export function comparePaths(a: string, b: string): number {
  // Code unit by code unit with '/' ranked lowest: the same order as comparing
  // the strings with '/' replaced by NUL, without allocating (listings sort 50k+ paths).
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    return (x === 47 ? 0 : x) < (y === 47 ? 0 : y) ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export class WorkspaceFiles {
  private cached: Listing | undefined;
  private inFlight: Promise<Listing> | undefined;
  private mode: Promise<'git' | 'walk'> | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    readonly root: string,
    private readonly options: WorkspaceFilesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** Whether git answers for this workspace ('git') or the .gitignore walker does. */
  listingMode(): Promise<'git' | 'walk'> {
    this.mode ??= gitTopLevel(this.root, { gitPath: this.options.gitPath }).then((top) => (top ? 'git' : 'walk'));
    return this.mode;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** Non-ignored files, workspace-relative with forward slashes, sorted by comparePaths. */
  async list(signal?: AbortSignal): Promise<readonly string[]> {
    signal?.throwIfAborted();
    if (this.cached && this.now() - this.cached.at <= this.ttlMs) return this.cached.files;
    // The shared listing is not tied to one caller's signal: it is cheap and others may wait on it.
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    const listing = await abortable(this.inFlight, signal);
    this.cached = listing;
    return listing.files;
  }

  private async load(): Promise<Listing> {
    const files = (await this.listingMode()) === 'git' ? await this.fromGit() : (await walkWorkspace(this.root)).files;
    const clean = files.filter((file) => !file.split('/').some(isGitSegment));
    clean.sort(comparePaths);
    return { files: clean, at: this.now() };
  }

  private async fromGit(): Promise<string[]> {
    const git = { cwd: this.root, gitPath: this.options.gitPath };
    const [listed, deleted] = await Promise.all([
      runGit(['ls-files', '--cached', '--others', '--exclude-standard', '--stage', '-z'], git),
      runGit(['ls-files', '--deleted', '-z'], git),
    ]);
    const gone = new Set(splitNul(deleted));
    const files = new Set<string>();
    for (const line of splitNul(listed)) {
      // Tracked entries come as '<mode> <sha> <stage>\t<path>', untracked ones as the bare path.
      const staged = /^(\d{6}) [0-9a-f]+ \d\t(.*)$/s.exec(line);
      if (staged) {
        if (staged[1] !== '160000') files.add(staged[2]!); // 160000: a submodule, not a file
      } else if (!line.endsWith('/')) {
        files.add(line); // 'dir/' is a nested repository git does not enter
      }
    }
    return [...files].filter((file) => !gone.has(file));
  }
}
