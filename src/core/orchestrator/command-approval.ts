import { DEFAULT_ALLOW, DEFAULT_DENY, evaluateCommand } from '../policy';
import type { EventSink } from '../run/bus';
import type { CommandApproval, CommandApprovalRequest } from '../tools/tool';

export interface CommandPolicySettings {
  allow: readonly string[];
  deny: readonly string[];
}

/** The rules in force: the user's allow list (or the built-in one), and the built-in deny list plus the user's. */
export function effectiveRules(policy: CommandPolicySettings): { allow: readonly string[]; deny: readonly string[] } {
  return {
    allow: policy.allow.length > 0 ? policy.allow : DEFAULT_ALLOW,
    deny: [...DEFAULT_DENY, ...policy.deny],
  };
}

/** Decides one command; `events` (a worker's sink) tags the approval events with the worker. */
export type CommandApprover = (request: CommandApprovalRequest, events?: EventSink) => Promise<CommandApproval>;

/**
 * The one gate every command passes: the policy first (deny → refused
 * without asking; allow → runs), else the host's UI. Nothing the model or
 * the issue says reaches this decision: it reads only the command and the
 * settings. 'always' answers are remembered for the rest of the run, and so
 * are denials: the same command is not asked about again (a retried worker
 * would otherwise ask the user the same question twice).
 */
export function createCommandApprover(options: {
  policy: CommandPolicySettings;
  ask: (request: CommandApprovalRequest) => Promise<CommandApproval>;
  events: EventSink;
}): CommandApprover {
  const rules = effectiveRules(options.policy);
  const alwaysAllowed = new Set<string>();
  const denied = new Map<string, string | undefined>();
  let seq = 0;
  return async (request, events = options.events) => {
    const approvalId = `approval-${++seq}`;
    const verdict = evaluateCommand(request.command, rules);
    if (verdict.decision === 'deny') {
      events.emit({ type: 'approval_decided', approvalId, decision: 'auto_deny', reason: verdict.reason });
      return { decision: 'deny', reason: `refused by the command policy: ${verdict.reason}` };
    }
    if (verdict.decision === 'allow' || alwaysAllowed.has(request.command)) {
      events.emit({ type: 'approval_decided', approvalId, decision: 'auto_allow', reason: verdict.decision === 'allow' ? verdict.reason : 'allowed earlier in this run' });
      return { decision: 'run_once' };
    }
    if (denied.has(request.command)) {
      const why = denied.get(request.command);
      const message = `denied by the user earlier in this run${why ? `: ${why}` : ''}`;
      events.emit({ type: 'approval_decided', approvalId, decision: 'auto_deny', reason: message });
      return { decision: 'deny', reason: message };
    }
    const reason = request.reason ? `${request.reason}; ${verdict.reason}` : verdict.reason;
    const requested = events.emit({ type: 'approval_requested', approvalId, command: request.command, reason });
    let answer: CommandApproval;
    try {
      answer = await options.ask({ ...request, reason });
    } catch (error) {
      answer = { decision: 'deny', reason: `approval failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (answer.decision === 'always') alwaysAllowed.add(request.command);
    if (answer.decision === 'deny') denied.set(request.command, answer.reason);
    events.emit({
      type: 'approval_decided',
      causeId: requested.id,
      approvalId,
      decision: answer.decision,
      ...(answer.decision === 'deny' && answer.reason ? { reason: answer.reason } : {}),
    });
    return answer;
  };
}
