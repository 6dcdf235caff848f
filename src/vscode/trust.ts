import * as vscode from 'vscode';

export const UNTRUSTED_MESSAGE =
  'Foreman does not run the agent or any command in an untrusted workspace: the agent reads your files and runs their tests and builds. Trust this folder (Manage Workspace Trust) to use Foreman here.';

/** True when the workspace is trusted; otherwise tells the user why nothing runs. */
export function ensureTrusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
