import type * as vscode from 'vscode';

/** Composition root: wires the core's ports to VS Code. Kept lazy: nothing heavy runs here. */
export function activate(_context: vscode.ExtensionContext): void {
  // Commands and views are registered as the extension grows.
}

export function deactivate(): void {}
