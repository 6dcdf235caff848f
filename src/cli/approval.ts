/**
 * Command approval for the headless CLI: the allow/deny policy decides;
 * what it would ask about is asked on the terminal when there is one, and
 * refused (with the reason, which goes back to the model) when there is not.
 */
import { evaluateCommand, type CommandPolicyRules } from '../core/policy/command-policy';
import type { EventSink } from '../core/run/bus';
import type { CommandApproval, CommandApprovalRequest } from '../core/tools/tool';

export interface CliApprovalOptions {
  rules: CommandPolicyRules;
  events: EventSink;
  /** Asks the user; undefined when there is no terminal. */
  ask?: (question: string) => Promise<boolean>;
}

export function cliCommandApproval(options: CliApprovalOptions): (request: CommandApprovalRequest) => Promise<CommandApproval> {
  const always = new Set<string>();
  let seq = 0;
  return async (request) => {
    const approvalId = `approval-${++seq}`;
    const verdict = evaluateCommand(request.command, options.rules);
    if (verdict.decision === 'allow' || always.has(request.command)) {
      options.events.emit({ type: 'approval_decided', approvalId, decision: 'auto_allow', reason: verdict.decision === 'allow' ? verdict.reason : 'approved before in this run' });
      return { decision: 'run_once' };
    }
    if (verdict.decision === 'deny') {
      options.events.emit({ type: 'approval_decided', approvalId, decision: 'auto_deny', reason: verdict.reason });
      return { decision: 'deny', reason: `denied by the command policy: ${verdict.reason}` };
    }
    options.events.emit({ type: 'approval_requested', approvalId, command: request.command, reason: verdict.reason });
    if (!options.ask) {
      const reason = `needs the user's approval (${verdict.reason}), and this run has no terminal to ask on; the user can allow it with --allow`;
      options.events.emit({ type: 'approval_decided', approvalId, decision: 'deny', reason });
      return { decision: 'deny', reason };
    }
    const yes = await options.ask(`Run \`${request.command}\` in the sandbox?`);
    options.events.emit({ type: 'approval_decided', approvalId, decision: yes ? 'run_once' : 'deny', ...(yes ? {} : { reason: 'the user said no' }) });
    return yes ? { decision: 'run_once' } : { decision: 'deny', reason: 'the user said no' };
  };
}
