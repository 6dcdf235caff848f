import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { resolveWorkspacePath } from '../workspace/paths';
import { WorkspacePathError, type CommandResult } from '../workspace/ports';
import { tailText } from './output-text';
import { shownPath, toWorkspacePath } from './path-arg';
import { defineTool, type ToolContext, type ToolOutput } from './tool';

/** No command runs longer than this, whatever the model asks (or the default, if larger). */
export const RUN_MAX_TIMEOUT_MS = 10 * 60_000;

const input = z
  .object({
    command: z.string().min(1).describe('Shell command line, e.g. "npm test -- --grep parser".'),
    cwd: z.string().optional().describe('Folder to run in, workspace-relative. Default: the workspace root.'),
    timeoutMs: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(`Stop the command after this many milliseconds. Default from settings; at most ${RUN_MAX_TIMEOUT_MS}.`),
  })
  .strict();

export const runCommandTool = defineTool({
  name: 'run_command',
  description: [
    'Run a shell command (tests, build, linters, scripts) in a sandbox: a scratch copy of the workspace that includes all your pending edits.',
    "The user's files are never touched; files the command writes stay in the sandbox and are not proposals.",
    'The user may be asked to approve the command first; if they deny it, the result says so and gives their reason: adapt instead of retrying the same command.',
    'Returns the exit code and the tail of stdout and stderr (long output is cut from the start). Non-interactive only: no prompts, no servers that never exit.',
    'A command that runs past timeoutMs is stopped and reported as timed out.',
  ].join('\n'),
  input,
  risk: 'execute',
  async run({ command, cwd, timeoutMs }, ctx): Promise<ToolOutput> {
    let rel: string | undefined;
    let deferred: WorkspacePathError | undefined;
    try {
      rel = (await toWorkspacePath(ctx, cwd ?? '')).rel;
    } catch (e) {
      // An absolute path may name a folder of the sandbox itself (seen in earlier output).
      if (!(e instanceof WorkspacePathError) || !cwd || !path.isAbsolute(cwd)) throw e;
      deferred = e;
    }
    const shownCwd = rel === undefined ? cwd! : shownPath(rel);
    const approval = await ctx.approveCommand({ command, cwd: shownCwd, reason: 'the agent asked to run this command in the sandbox' });
    if (approval.decision === 'deny') {
      const given = approval.reason?.trim().replace(/[.!]+$/, '');
      const why = given ? `: ${given}` : ' (no reason given)';
      return {
        content: `The user did not allow running \`${command}\`${why}. Do not retry it as is; adapt your approach or explain why it is needed.`,
        isError: true,
        details: { command, cwd: shownCwd, denied: true, reason: approval.reason },
      };
    }
    const sandboxRoot = await ctx.sandbox();
    if (rel === undefined) {
      try {
        rel = (await resolveWorkspacePath(sandboxRoot, cwd!)).rel;
      } catch {
        throw deferred!;
      }
    }
    const { abs } = await resolveWorkspacePath(sandboxRoot, rel === '' ? '.' : rel);
    const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
    if (!isDir) return { content: `cwd ${shownPath(rel)} is not a folder in the workspace.`, isError: true };

    const limit = Math.max(ctx.limits.commandTimeoutMs, RUN_MAX_TIMEOUT_MS);
    const timeout = Math.min(timeoutMs ?? ctx.limits.commandTimeoutMs, limit);
    const result = await ctx.runner.run({
      command,
      cwd: abs,
      sandboxRoot,
      timeoutMs: timeout,
      maxOutputBytes: ctx.limits.maxOutputChars * 4,
      signal: ctx.signal,
      onOutput: ctx.onOutput ? (chunk) => ctx.onOutput!(chunk) : undefined,
    });
    const clamped = timeoutMs !== undefined && timeoutMs > limit;
    return formatResult(command, shownPath(rel), timeout, clamped, result, ctx);
  },
});

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** Splits the character budget: each stream gets what it needs, stderr at least a quarter when both overflow. */
function budgets(stdoutLength: number, stderrLength: number, max: number): [number, number] {
  if (stdoutLength + stderrLength <= max) return [stdoutLength, stderrLength];
  const err = Math.min(stderrLength, Math.max(Math.floor(max / 4), max - stdoutLength));
  return [max - err, err];
}

function formatResult(
  command: string,
  cwd: string,
  timeout: number,
  clamped: boolean,
  result: CommandResult,
  ctx: ToolContext,
): ToolOutput {
  const [outMax, errMax] = budgets(result.stdout.length, result.stderr.length, ctx.limits.maxOutputChars);
  const stdout = tailText(result.stdout, outMax);
  const stderr = tailText(result.stderr, errMax);
  const status = result.cancelled
    ? 'cancelled'
    : result.timedOut
      ? `timed out after ${seconds(timeout)} and was stopped`
      : result.exitCode !== null
        ? `exit code ${result.exitCode}`
        : `killed by signal ${result.signal ?? 'unknown'}`;
  const lines = [`$ ${command}`, `(cwd: ${cwd}, in the sandbox; ${status}; ${seconds(result.durationMs)})`];
  if (result.notice) lines.push(result.notice);
  if (clamped) lines.push(`Note: timeoutMs was lowered to the maximum of ${timeout} ms.`);
  const section = (name: string, part: { text: string; dropped: number }, full: string) => {
    if (full === '') return;
    lines.push(part.dropped > 0 ? `--- ${name} (last ${part.text.length} of ${full.length} characters) ---` : `--- ${name} ---`);
    lines.push(part.text.trimEnd());
  };
  section('stdout', stdout, result.stdout);
  section('stderr', stderr, result.stderr);
  if (result.stdout === '' && result.stderr === '') lines.push('(no output)');
  if (result.droppedBytes > 0) lines.push(`(${result.droppedBytes} earlier bytes of output were not kept)`);
  return {
    content: lines.join('\n'),
    isError: result.cancelled ? true : undefined,
    details: {
      command,
      cwd,
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      cancelled: result.cancelled,
      durationMs: result.durationMs,
      stdoutTail: stdout.text,
      stderrTail: stderr.text,
      droppedChars: stdout.dropped + stderr.dropped,
      droppedBytes: result.droppedBytes,
      ...(result.notice ? { notice: result.notice } : {}),
    },
  };
}
