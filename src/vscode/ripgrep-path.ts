import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where VS Code ships ripgrep, relative to `vscode.env.appRoot`. Desktop builds
 * have used `@vscode/ripgrep/bin/rg`; code-server ships
 * `@vscode/ripgrep-universal/bin/<platform>-<arch>/rg`; packaged Electron apps
 * keep binaries in `node_modules.asar.unpacked`. No vscode import: the
 * caller passes appRoot, so this is tested in Node on a fake tree.
 */

export interface RipgrepLookup {
  appRoot: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** PATH value for the fallback. */
  pathEnv?: string;
  isExecutable?: (file: string) => boolean;
  listDir?: (dir: string) => string[];
}

export function ripgrepCandidates(appRoot: string, platform: NodeJS.Platform, arch: string, listDir: (dir: string) => string[]): string[] {
  const exe = platform === 'win32' ? 'rg.exe' : 'rg';
  const out: string[] = [];
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    out.push(join(appRoot, modules, '@vscode', 'ripgrep', 'bin', exe));
    const universal = join(appRoot, modules, '@vscode', 'ripgrep-universal', 'bin');
    out.push(join(universal, `${platform}-${arch}`, exe));
    // Other spellings of the platform folder (e.g. 'linux-x64-musl'): any folder for this platform.
    for (const name of safeList(listDir, universal).sort()) {
      if (name.startsWith(platform) && name !== `${platform}-${arch}` && name.includes(arch)) out.push(join(universal, name, exe));
    }
  }
  return out;
}

/** The first executable ripgrep, VS Code's own before PATH; undefined = use the JS search. */
export function findRipgrep(lookup: RipgrepLookup): string | undefined {
  const platform = lookup.platform ?? process.platform;
  const arch = lookup.arch ?? process.arch;
  const isExecutable = lookup.isExecutable ?? defaultIsExecutable;
  const listDir = lookup.listDir ?? defaultListDir;
  for (const candidate of ripgrepCandidates(lookup.appRoot, platform, arch, listDir)) {
    if (isExecutable(candidate)) return candidate;
  }
  const exe = platform === 'win32' ? 'rg.exe' : 'rg';
  for (const dir of (lookup.pathEnv ?? process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exe);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function safeList(listDir: (dir: string) => string[], dir: string): string[] {
  try {
    return listDir(dir);
  } catch {
    return [];
  }
}

function defaultIsExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultListDir(dir: string): string[] {
  return readdirSync(dir);
}
