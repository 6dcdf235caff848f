/**
 * Headless runner on the same core: `foreman solve ...`.
 * Exit codes: 0 solved, 1 stopped without a solution, 2 bad input.
 */
import { parseCliArgs, USAGE } from './args';
import { BadInputError, EXIT_BAD_INPUT, EXIT_NOT_SOLVED } from './errors';
import { askYesNo, isInteractive } from './prompt';
import { solveCommand } from './solve';

declare const FOREMAN_VERSION: string | undefined;

export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nstopping… (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const command = parseCliArgs(argv);
    if (command.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command.command === 'version') {
      process.stdout.write(`foreman ${typeof FOREMAN_VERSION === 'string' ? FOREMAN_VERSION : 'dev'}\n`);
      return 0;
    }
    const interactive = isInteractive();
    return await solveCommand(command.args, {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      env: process.env,
      cwd: process.cwd(),
      ...(interactive ? { ask: (question: string) => askYesNo(question, controller.signal) } : {}),
      signal: controller.signal,
    });
  } catch (error) {
    if (error instanceof BadInputError) {
      process.stderr.write(`foreman: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`foreman: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_NOT_SOLVED;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`foreman: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT_NOT_SOLVED;
    },
  );
}
