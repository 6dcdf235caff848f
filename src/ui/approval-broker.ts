import type { CommandApproval, CommandApprovalRequest } from '../core/tools/tool';
import type { ApprovalDecision, ChatEvent } from '../webview/chat/chat-state';

export interface PendingApproval {
  approvalId: string;
  request: CommandApprovalRequest;
}

export interface ApprovalBrokerOptions {
  /** Shows the prompt (and later its outcome) in the chat. */
  emit: (event: ChatEvent) => void;
  /** "Always for this workspace": persists allow rules; returns false when the command cannot be pinned by rules. */
  persistAlways: (command: string) => Promise<boolean>;
  newId: () => string;
}

/**
 * Command approvals asked of the user in the chat. The run awaits
 * `request()`; the chat answers with `decide()`. A cancelled run resolves
 * every open prompt as a denial, so nothing waits forever. No vscode here.
 */
export class ApprovalBroker {
  private readonly open = new Map<string, { request: CommandApprovalRequest; resolve: (a: CommandApproval) => void; cleanup: () => void }>();

  constructor(private readonly options: ApprovalBrokerOptions) {}

  request(request: CommandApprovalRequest, signal?: AbortSignal): Promise<CommandApproval> {
    if (signal?.aborted) return Promise.resolve({ decision: 'deny', reason: 'the run was cancelled' });
    const approvalId = this.options.newId();
    return new Promise<CommandApproval>((resolve) => {
      const onAbort = () => this.settle(approvalId, { decision: 'deny', reason: 'the run was cancelled' }, 'deny');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.open.set(approvalId, { request, resolve, cleanup: () => signal?.removeEventListener('abort', onAbort) });
      this.options.emit({ kind: 'approval_pending', approvalId, command: request.command, cwd: request.cwd, reason: request.reason });
    });
  }

  /** The user's answer. False when the prompt is unknown or already answered (a stale button). */
  async decide(approvalId: string, decision: ApprovalDecision, reason?: string): Promise<boolean> {
    const entry = this.open.get(approvalId);
    if (!entry) return false;
    if (decision === 'deny') {
      const why = reason?.trim();
      return this.settle(approvalId, why ? { decision: 'deny', reason: why } : { decision: 'deny' }, 'deny', why);
    }
    if (decision === 'always') {
      let persisted = false;
      try {
        persisted = await this.options.persistAlways(entry.request.command);
      } catch {
        persisted = false;
      }
      if (!persisted) {
        this.options.emit({
          kind: 'notice',
          level: 'warn',
          text: 'This command cannot be saved as a rule (it has parts whose value is only known when it runs); allowed for this run only.',
        });
      }
    }
    return this.settle(approvalId, { decision }, decision);
  }

  pending(): PendingApproval[] {
    return [...this.open].map(([approvalId, { request }]) => ({ approvalId, request }));
  }

  /** Denies every open prompt (run stopped or the host shuts down). */
  cancelAll(reason: string): void {
    for (const approvalId of [...this.open.keys()]) this.settle(approvalId, { decision: 'deny', reason }, 'deny', reason);
  }

  private settle(approvalId: string, approval: CommandApproval, decision: ApprovalDecision, reason?: string): boolean {
    const entry = this.open.get(approvalId);
    if (!entry) return false;
    this.open.delete(approvalId);
    entry.cleanup();
    entry.resolve(approval);
    this.options.emit({ kind: 'approval_resolved', approvalId, decision, ...(reason ? { reason } : {}) });
    return true;
  }
}
