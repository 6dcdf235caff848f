import { join } from 'node:path';
import { Chat } from './chat';
import type { Session } from './session';
import { repoRoot } from './workspace';

/** The orchestrated demo run over samples/demo-repo: plan, analyze/code/document, test, synthesis. */
export const ORCHESTRATED_SCRIPT = join(repoRoot, 'samples', 'orchestrated-script.json');

/** "Foreman: Solve Issue" from the palette with a reference typed into its quick pick. */
export async function solveFromPalette(s: Session, ref: string): Promise<void> {
  await s.wb.runCommand('Foreman: Solve Issue', 60_000);
  await s.wb.answerQuickInput(ref, { title: 'Foreman: Solve Issue' });
}

/** Waits for the run in the chat to end; returns the stop reason's text. */
export async function waitForRunEnd(chat: Chat, timeoutMs: number): Promise<string> {
  const reason = (await chat.get('chat-stop-reason')).first();
  await chat.wb.until('the run to end (a stop reason in the chat header)', async () => (await reason.count()) > 0, timeoutMs, () => chat.text());
  return (await reason.innerText()).trim();
}

/** Solves owner/repo#7 (the demo issue on the fake GitHub) and waits for the run's end. */
export async function solveDemoIssue(s: Session, timeoutMs = 120_000): Promise<{ chat: Chat; stop: string }> {
  const chat = new Chat(s.wb);
  await solveFromPalette(s, 'owner/repo#7');
  await chat.open(60_000, 20_000);
  const stop = await waitForRunEnd(chat, timeoutMs);
  return { chat, stop };
}
