import type { CommandRequest, CommandResult, CommandRunner } from '../core/workspace/ports';

/** What the wrapper writes to: a VS Code OutputChannel fits this shape. */
export interface LogSink {
  append(text: string): void;
  appendLine(text: string): void;
}

/**
 * A CommandRunner that also shows every command and its output in the
 * "Foreman" output channel, so the user sees what ran in the sandbox and how
 * it ended. The inner runner still does the work (and the secret scrubbing).
 */
export class LoggedCommandRunner implements CommandRunner {
  constructor(
    private readonly inner: CommandRunner,
    private readonly log: LogSink,
  ) {}

  async run(request: CommandRequest): Promise<CommandResult> {
    this.log.appendLine(`$ ${request.command}    (in ${request.cwd})`);
    const onOutput = request.onOutput;
    try {
      const result = await this.inner.run({
        ...request,
        onOutput: (chunk, stream) => {
          this.log.append(chunk);
          onOutput?.(chunk, stream);
        },
      });
      this.log.appendLine(`\n[${describeEnd(result)} after ${result.durationMs} ms]`);
      return result;
    } catch (err) {
      this.log.appendLine(`\n[failed to run: ${err instanceof Error ? err.message : String(err)}]`);
      throw err;
    }
  }
}

export function describeEnd(result: CommandResult): string {
  if (result.cancelled) return 'cancelled';
  if (result.timedOut) return 'timed out';
  if (result.exitCode !== null) return `exit ${result.exitCode}`;
  return `killed by ${result.signal ?? 'signal'}`;
}
