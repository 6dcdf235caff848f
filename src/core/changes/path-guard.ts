import { WorkspacePathError } from '../workspace/ports';

/** Paths reach the overlay already validated; this guards the invariants the overlay relies on. */
export function checkPath(path: string): void {
  const bad =
    path === '' ||
    path.startsWith('/') ||
    path.includes('\\') ||
    path.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    path === '.git' ||
    path.startsWith('.git/');
  if (bad) throw new WorkspacePathError(`Not a normalized workspace-relative file path: ${JSON.stringify(path)}`, path);
}
