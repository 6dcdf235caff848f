/**
 * Picks the search engine: ripgrep when one can be found (the host's path,
 * e.g. the rg VS Code ships under vscode.env.appRoot, else `rg` on PATH),
 * the JS engine otherwise. If rg turns out not to start, the search falls
 * back to JS for good instead of failing the agent's tool call.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { JsSearch } from './js-search';
import type { Search, SearchQuery, SearchResult } from './ports';
import { RipgrepSearch, RipgrepUnavailableError } from './rg-search';
import { WorkspaceFiles } from './workspace-files';

export interface CreateSearchOptions {
  root: string;
  /** A path to rg; undefined: look on PATH; null: never use rg. */
  rgPath?: string | null;
  /** Listing shared with NodeFileSystem (used by the JS engine). */
  files?: WorkspaceFiles;
  /** PATH to look in (default process.env.PATH). */
  envPath?: string;
}

function isExecutableFile(candidate: string): boolean {
  try {
    if (!statSync(candidate).isFile()) return false;
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `rg` on PATH, or undefined. */
export function findRipgrepOnPath(envPath: string | undefined = process.env.PATH): string | undefined {
  const names = process.platform === 'win32' ? ['rg.exe', 'rg.cmd'] : ['rg'];
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Uses rg until it fails to start, then the JS engine. */
class FallbackSearch implements Search {
  private useRipgrep = true;

  constructor(
    private readonly ripgrep: RipgrepSearch,
    private readonly js: JsSearch,
  ) {}

  async search(query: SearchQuery): Promise<SearchResult> {
    if (this.useRipgrep) {
      try {
        return await this.ripgrep.search(query);
      } catch (error) {
        if (!(error instanceof RipgrepUnavailableError)) throw error;
        this.useRipgrep = false;
      }
    }
    return this.js.search(query);
  }
}

export function createSearch(options: CreateSearchOptions): Search {
  const files = options.files ?? new WorkspaceFiles(options.root);
  const js = new JsSearch(options.root, { files });
  if (options.rgPath === null) return js;
  const rgPath =
    options.rgPath !== undefined && isExecutableFile(options.rgPath) ? options.rgPath : findRipgrepOnPath(options.envPath);
  if (!rgPath) return js;
  return new FallbackSearch(new RipgrepSearch(options.root, { rgPath }), js);
}
