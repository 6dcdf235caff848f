/**
 * Ground truth over self-report: `finish` counts only when the verification
 * command exits 0 in the sandbox (with the agent's proposals in it). The
 * command goes through the same approval as any other command, because it
 * may come from model output (a plan's subtask).
 */
import type { ToolContext } from '../tools/tool';

export type VerifyResult =
  | { status: 'passed'; report: string }
  | { status: 'failed'; report: string; exitCode: number | null }
  | { status: 'not_run'; report: string };

const tail = (text: string, max: number): string => (text.length > max ? `[... ${text.length - max} chars cut]\n${text.slice(-max)}` : text);

export async function runVerification(
  command: string,
  ctx: Pick<ToolContext, 'sandbox' | 'runner' | 'approveCommand' | 'limits'>,
  signal: AbortSignal,
): Promise<VerifyResult> {
  const cwd = await ctx.sandbox();
  const approval = await ctx.approveCommand({ command, cwd, reason: 'verification command of this task' });
  if (approval.decision === 'deny') {
    return { status: 'not_run', report: `The verification command \`${command}\` was not run: denied${approval.reason ? ` (${approval.reason})` : ''}.` };
  }
  const result = await ctx.runner.run({
    command,
    cwd,
    sandboxRoot: cwd,
    timeoutMs: ctx.limits.commandTimeoutMs,
    maxOutputBytes: ctx.limits.maxOutputChars,
    signal,
  });
  const notice = result.notice ? `\n${result.notice}` : '';
  if (result.exitCode === 0 && !result.timedOut && !result.cancelled) {
    return { status: 'passed', report: `Verification passed: \`${command}\` exited with 0.${notice}` };
  }
  const why = result.timedOut ? `timed out after ${ctx.limits.commandTimeoutMs} ms` : result.cancelled ? 'was cancelled' : `exited with ${result.exitCode ?? result.signal}`;
  const half = Math.floor(ctx.limits.maxOutputChars / 2);
  const output = [result.stdout && `stdout:\n${tail(result.stdout, half)}`, result.stderr && `stderr:\n${tail(result.stderr, half)}`].filter(Boolean).join('\n');
  return {
    status: 'failed',
    exitCode: result.exitCode,
    report: `Not finished: the verification command \`${command}\` ${why}. Fix the cause and call finish again.${notice}\n${output}`,
  };
}
