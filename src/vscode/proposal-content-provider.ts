import * as vscode from 'vscode';
import type { FileChange } from '../core/changes/types';

/**
 * Read-only virtual documents for the review: `foreman-proposal:/<path>` is
 * the proposed content of a file, `foreman-base:/<path>` the content the
 * proposal was made on (empty for a created file). The diff editor shows
 * them without ever writing a temporary file into the workspace.
 */

export const PROPOSAL_SCHEME = 'foreman-proposal';
export const BASE_SCHEME = 'foreman-base';

/** The run id rides in the query so two runs' proposals never share a cached document. */
export function proposalUri(path: string, runId: string, scheme: typeof PROPOSAL_SCHEME | typeof BASE_SCHEME = PROPOSAL_SCHEME): vscode.Uri {
  return vscode.Uri.from({ scheme, path: `/${path}`, query: `run=${encodeURIComponent(runId)}` });
}

/** The workspace-relative path a proposal/base URI stands for. */
export function pathOfProposalUri(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '');
}

export function isProposalUri(uri: vscode.Uri): boolean {
  return uri.scheme === PROPOSAL_SCHEME || uri.scheme === BASE_SCHEME;
}

export interface ProposalLookup {
  change(path: string): FileChange | undefined;
}

export class ProposalContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly lookup: ProposalLookup) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const change = this.lookup.change(pathOfProposalUri(uri));
    if (!change) return '';
    return (uri.scheme === BASE_SCHEME ? change.baseContent : change.newContent) ?? '';
  }

  /** Tells every open proposal/base document to re-read: the change set changed. */
  refresh(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (isProposalUri(doc.uri)) this.emitter.fire(doc.uri);
    }
  }

  /** Registers the provider on both schemes. */
  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.workspace.registerTextDocumentContentProvider(BASE_SCHEME, this),
      this,
    );
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
