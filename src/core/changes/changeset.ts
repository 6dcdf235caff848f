import { FileNotFoundError, type FileSystem } from '../workspace/ports';
import type { ChangeSink, FileChange, FileDiff, PendingPath, Provenance, WorkspaceView } from './types';
import { attributeEdit, hunkOwners, remapAttribution, type Attribution } from './attribution';
import { attributionLimits, newEntry, provenanceIndex, type Base, type Entry } from './changeset-entry';
import { entriesFromJson, entriesToJson, type ChangeSetJson } from './changeset-json';
import { computeRawDiff, DEFAULT_DIFF_LIMITS, toFileDiff, type DiffLimits, type RawFileDiff } from './diff';
import { BinaryFileError, FileExistsError, NotAFileError } from './errors';
import { mergeLayerFile } from './layer-merge';
import { combinePendingPaths } from './pending-paths';
import { checkPath } from './path-guard';
import { decodeText, isConsistentlyCrlf, looksBinary, sha256Hex, toCrlf } from './text';
import { formatGitPatch } from './unified-patch';

/**
 * The overlay of proposed edits. Tools write here and read through it; the
 * user's files are never touched. Each file keeps the base it was first
 * touched against (content + sha256), its proposed content, who proposed it
 * and a line attribution that gives every hunk its own provenance.
 *
 * Only net changes are kept: a file edited back to its base disappears.
 * Parallel workers each get a `layer()`; `mergeLayer()` brings a layer's
 * changes back with a three-way merge and reports overlaps as conflicts.
 *
 * Every mutation loads what it needs (await) and then changes state in one
 * synchronous step, so concurrent calls cannot interleave half-way.
 */

export interface ChangeSetOptions {
  limits?: Partial<DiffLimits>;
}

export interface ChangeSetEvent {
  /** Paths whose proposal changed (or was discarded, or merged in). */
  paths: string[];
}

export interface MergeConflict {
  path: string;
  /** Workers on both sides: those whose changes are already in the parent, then the layer's. */
  workers: string[];
  message: string;
}

export interface MergeReport {
  merged: string[];
  conflicts: MergeConflict[];
}

export class ChangeSet implements WorkspaceView, ChangeSink {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(event: ChangeSetEvent) => void>();
  private readonly limits: DiffLimits;
  private parent: ChangeSet | undefined;
  private revisionCount = 0;

  constructor(
    readonly fs: FileSystem,
    private readonly options: ChangeSetOptions = {},
  ) {
    this.limits = { ...DEFAULT_DIFF_LIMITS, ...options.limits };
  }

  /** Bumped on every change; lets a UI refuse stale requests. */
  get revision(): number {
    return this.revisionCount;
  }

  // ---- WorkspaceView ----

  async readText(path: string): Promise<string> {
    checkPath(path);
    const content = await this.viewContent(path);
    if (content === undefined) throw new FileNotFoundError(path);
    return content;
  }

  /** True for a file or directory in the view (a directory also when only pending files live in it). */
  async exists(path: string): Promise<boolean> {
    if (path !== '') checkPath(path);
    const entry = this.entries.get(path);
    if (entry) return entry.current !== undefined;
    if (this.hasPendingUnder(path)) return true;
    if (this.parent) return this.parent.exists(path);
    return (await this.fs.stat(path)) !== undefined;
  }

  // ---- ChangeSink ----

  /** Replaces (or creates) a file. In a CRLF file, lone LF line breaks of the new content become CRLF. */
  async write(path: string, content: string, provenance: Provenance): Promise<void> {
    checkPath(path);
    if (looksBinary(content)) throw new BinaryFileError(path);
    await this.mutate(path, provenance, (entry) =>
      entry.base !== undefined && isConsistentlyCrlf(entry.base) ? toCrlf(content) : content,
    );
  }

  /** Creates a file; an error when it already exists in the view. */
  async create(path: string, content: string, provenance: Provenance): Promise<void> {
    checkPath(path);
    if (looksBinary(content)) throw new BinaryFileError(path);
    await this.mutate(path, provenance, (entry) => {
      if (entry.current !== undefined || this.hasPendingUnder(path)) throw new FileExistsError(path);
      return content;
    });
  }

  /** Deletes a file; an error when it does not exist in the view. */
  async remove(path: string, provenance: Provenance): Promise<void> {
    checkPath(path);
    await this.mutate(path, provenance, (entry) => {
      if (entry.current === undefined) throw new FileNotFoundError(path);
      return undefined;
    });
  }

  // ---- The proposals ----

  /** Net changes, sorted by path. */
  files(): FileChange[] {
    return [...this.entries.keys()].sort().map((path) => this.toFileChange(path, this.entries.get(path)!));
  }

  /** Paths whose content in this view differs from the disk (own and parents' proposals). */
  pendingPaths(): PendingPath[] {
    return combinePendingPaths(this.parent?.pendingPaths() ?? [], this.files());
  }

  get(path: string): FileChange | undefined {
    const entry = this.entries.get(path);
    return entry && this.toFileChange(path, entry);
  }

  /** Drops the proposal for a path; true when there was one. */
  discard(path: string): boolean {
    const had = this.entries.delete(path);
    if (had) this.emit([path]);
    return had;
  }

  /** The diff of one file with hunk provenance; an empty modify diff when the path has no change. */
  diff(path: string): FileDiff {
    const entry = this.entries.get(path);
    if (!entry) return { path, kind: 'modify', hunks: [], binary: false, wholeFile: false };
    const cache = this.rawDiff(path, entry);
    cache.diff ??= toFileDiff(
      cache.raw,
      (hunk) => {
        const owners = hunkOwners(entry.attribution, hunk);
        return owners.length > 0 ? owners.map((o) => ({ ...entry.provenance[o]! })) : entry.provenance.map((p) => ({ ...p }));
      },
      this.limits,
    );
    return cache.diff;
  }

  diffs(): FileDiff[] {
    return [...this.entries.keys()].sort().map((path) => this.diff(path));
  }

  /** The whole set as a git-style unified diff (`git apply` / `patch -p1`); '' when empty. */
  unifiedPatch(): string {
    return formatGitPatch([...this.entries.keys()].sort().map((path) => this.rawDiff(path, this.entries.get(path)!).raw));
  }

  onDidChange(listener: (event: ChangeSetEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- Layers ----

  /** A child overlay for one worker: its reads fall through to this set, its writes stay in it. */
  layer(): ChangeSet {
    const child = new ChangeSet(this.fs, this.options);
    child.parent = this;
    return child;
  }

  /**
   * Brings a layer's net changes into this set. Each file is three-way merged
   * (what the layer saw / this set now / the layer's proposal): changes apart
   * from what landed meanwhile both stay; overlapping ones are a conflict, and
   * that file's change is left out of this set (the layer keeps it) and reported.
   */
  async mergeLayer(child: ChangeSet): Promise<MergeReport> {
    if (child.parent !== this) throw new Error('mergeLayer: the change set is not a layer of this one');
    const report: MergeReport = { merged: [], conflicts: [] };
    for (const path of [...child.entries.keys()].sort()) {
      const base = this.entries.has(path) ? undefined : await this.loadBase(path);
      // From here on synchronous: this file merges atomically.
      const childEntry = child.entries.get(path);
      if (!childEntry) continue;
      const entry = this.entries.get(path) ?? newEntry(base!);
      const provenance = [...entry.provenance];
      const childOwner = childEntry.provenance.map((p) => provenanceIndex(provenance, p));
      const outcome = mergeLayerFile({
        childBase: childEntry.base,
        childNow: childEntry.current,
        childAttribution: remapAttribution(childEntry.attribution, (o) => childOwner[o]!),
        parentNow: entry.current,
        parentAttribution: entry.attribution,
        limits: this.limits,
      });
      if (outcome.kind === 'noop') {
        report.merged.push(path);
      } else if (outcome.kind === 'apply') {
        entry.provenance = provenance;
        this.store(path, entry, outcome.content, outcome.attribution);
        report.merged.push(path);
      } else {
        const names = (owners: number[], fallback: readonly Provenance[]): string[] =>
          (owners.length > 0 ? owners.map((o) => provenance[o]!) : fallback).map((p) => p.workerId);
        const parentWorkers = names(outcome.parentOwners, entry.provenance);
        const childWorkers = names(outcome.childOwners, childEntry.provenance);
        const workers = [...new Set([...parentWorkers, ...childWorkers])];
        report.conflicts.push({
          path,
          workers,
          message:
            `${path}: ${outcome.reason}; ${list(childWorkers)} conflicts with ${list(parentWorkers) || 'the current state'}. ` +
            `The change of ${list(childWorkers)} to this file was left out.`,
        });
      }
    }
    if (report.merged.length > 0) this.emit(report.merged);
    return report;
  }

  // ---- Durable state ----

  toJSON(): ChangeSetJson {
    return entriesToJson(this.entries);
  }

  /** Rebuilds a (root) change set from `toJSON()` output; throws a readable error on invalid input. */
  static fromJSON(fs: FileSystem, json: unknown, options?: ChangeSetOptions): ChangeSet {
    const set = new ChangeSet(fs, options);
    for (const [path, entry] of entriesFromJson(json)) set.entries.set(path, entry);
    return set;
  }

  // ---- Internals ----

  /** Content in this view: own proposal, else the parent's view, else the disk. */
  private async viewContent(path: string): Promise<string | undefined> {
    const entry = this.entries.get(path);
    if (entry) return entry.current;
    if (this.parent) return this.parent.viewContent(path);
    return (await this.loadBase(path)).content;
  }

  private async loadBase(path: string): Promise<Base> {
    if (this.parent) {
      const content = await this.parent.viewContent(path);
      return { content, hash: content === undefined ? '' : sha256Hex(content) };
    }
    const stat = await this.fs.stat(path);
    if (!stat) return { content: undefined, hash: '' };
    if (stat.type === 'directory') throw new NotAFileError(path);
    let bytes: Uint8Array;
    try {
      bytes = await this.fs.readFile(path);
    } catch (error) {
      if (error instanceof FileNotFoundError) return { content: undefined, hash: '' };
      throw error;
    }
    const content = decodeText(bytes);
    if (content === undefined) throw new BinaryFileError(path);
    return { content, hash: sha256Hex(bytes) };
  }

  private async mutate(
    path: string,
    provenance: Provenance,
    next: (entry: Entry) => string | undefined,
  ): Promise<void> {
    const base = this.entries.has(path) ? undefined : await this.loadBase(path);
    // Synchronous from here: no other call can change this entry in between.
    const entry = this.entries.get(path) ?? newEntry(base!);
    const content = next(entry);
    if (content === entry.current) return;
    const owner = provenanceIndex(entry.provenance, provenance);
    const attribution = attributeEdit(entry.attribution, entry.current, content, owner, attributionLimits(this.limits));
    this.store(path, entry, content, attribution);
    this.emit([path]);
  }

  /** Sets the proposal, keeping only net changes. */
  private store(path: string, entry: Entry, content: string | undefined, attribution: Attribution): void {
    entry.current = content;
    entry.attribution = attribution;
    entry.cache = undefined;
    if (entry.current === entry.base) this.entries.delete(path);
    else this.entries.set(path, entry);
  }

  private rawDiff(path: string, entry: Entry): NonNullable<Entry['cache']> {
    entry.cache ??= { raw: computeRawDiff(path, entry.base, entry.current, this.limits) };
    return entry.cache;
  }

  private hasPendingUnder(path: string): boolean {
    const prefix = path === '' ? '' : `${path}/`;
    for (const [other, entry] of this.entries) if (other.startsWith(prefix) && entry.current !== undefined) return true;
    return false;
  }

  private toFileChange(path: string, entry: Entry): FileChange {
    const kind = entry.base === undefined ? 'create' : entry.current === undefined ? 'delete' : 'modify';
    return {
      path,
      kind,
      baseContent: entry.base,
      baseHash: entry.baseHash,
      newContent: entry.current,
      provenance: entry.provenance.map((p) => ({ ...p })),
    };
  }

  private emit(paths: string[]): void {
    this.revisionCount++;
    const event = { paths: [...paths] };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener is a UI notification: its failure must not undo or block an edit.
      }
    }
  }
}

function list(names: readonly string[]): string {
  return [...new Set(names)].join(', ');
}
