/**
 * Which ignored folders the sandbox links to instead of copying: dependency
 * and build-cache folders by name, and any other ignored folder with more
 * entries than a threshold. Linking makes a sandbox cheap; the price is that
 * commands in the sandbox (an `npm install`, a `cargo build`) write through
 * the link into the user's copy of that folder, which is ignored by git and
 * rebuildable by definition.
 */
import { opendir } from 'node:fs/promises';
import path from 'node:path';

/** Installed dependencies: linked, and read-only to confined commands (they must not be altered). */
export const DEPENDENCY_DIR_NAMES: readonly string[] = [
  'node_modules',
  'bower_components',
  '.pnpm-store',
  '.yarn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pypackages__',
  '.m2',
  'Pods',
  'vendor',
  '.bundle',
  '.terraform',
  'deps',
];

/** Build output and tool caches: linked, and writable to confined commands (rebuildable by definition). */
export const BUILD_OUTPUT_DIR_NAMES: readonly string[] = [
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'target',
  '.gradle',
  'build',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.cache',
  '.angular',
  '.svelte-kit',
  '.dart_tool',
  'elm-stuff',
  '_build',
  '.stack-work',
  'dist-newstyle',
  'zig-cache',
  '.zig-cache',
];

export const HEAVY_DIR_NAMES: readonly string[] = [...DEPENDENCY_DIR_NAMES, ...BUILD_OUTPUT_DIR_NAMES];

export const DEFAULT_HEAVY_ENTRY_THRESHOLD = 2000;

/** Counts entries below `dir`, stopping as soon as the count exceeds `limit`. */
export async function hasMoreEntriesThan(dir: string, limit: number): Promise<boolean> {
  let count = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let handle;
    try {
      handle = await opendir(current);
    } catch {
      continue;
    }
    try {
      for await (const entry of handle) {
        if (++count > limit) return true;
        if (entry.isDirectory()) pending.push(path.join(current, entry.name));
      }
    } catch {
      // unreadable midway: count what we saw
    }
  }
  return false;
}

export async function isHeavyDir(
  absDir: string,
  names: ReadonlySet<string>,
  threshold: number,
): Promise<boolean> {
  return names.has(path.basename(absDir)) || (await hasMoreEntriesThan(absDir, threshold));
}
