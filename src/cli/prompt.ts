import { createInterface } from 'node:readline/promises';

/** Asks a yes/no question on a terminal; anything but y/yes is no. */
export async function askYesNo(question: string, signal?: AbortSignal): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `, signal ? { signal } : {});
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    rl.close();
  }
}

export const isInteractive = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);
