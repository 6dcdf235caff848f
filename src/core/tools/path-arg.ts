/**
 * Path arguments of tools: workspace-relative or absolute inside the
 * workspace. All checks (escapes, .git/, symlinks that lead out) live in
 * workspace/paths.ts; this is the one place tools call it.
 */
import { resolveWorkspacePath, type ResolvedPath } from '../workspace/paths';
import type { ToolContext } from './tool';

export type { ResolvedPath } from '../workspace/paths';

export function toWorkspacePath(ctx: Pick<ToolContext, 'fs'>, input: string): Promise<ResolvedPath> {
  return resolveWorkspacePath(ctx.fs.root, input.trim() === '' ? '.' : input.trim());
}

/** How a relative path is shown to the model ('.' for the root). */
export function shownPath(rel: string): string {
  return rel === '' ? '.' : rel;
}
