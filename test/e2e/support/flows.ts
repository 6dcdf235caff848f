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

/** Whether the command palette lists a command titled `title` (then closes the palette). */
export async function paletteOffers(wb: Session['wb'], title: string): Promise<boolean> {
  await wb.page.keyboard.press('F1');
  await wb.quickInput.waitFor({ state: 'visible', timeout: 5_000 });
  await wb.quickInput.fill(`>${title}`);
  // The list filters as one types; give it a moment to settle before counting.
  await new Promise((r) => setTimeout(r, 500));
  const rows = wb.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title });
  const offered = (await rows.count()) > 0;
  await wb.page.keyboard.press('Escape');
  await wb.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
  return offered;
}

/** "Notifications: Clear All Notifications", so the next toast is the one looked for. */
export async function clearNotifications(wb: Session['wb']): Promise<void> {
  await wb.runCommand('Notifications: Clear All Notifications', 10_000);
  await wb.until('no notification toasts', async () => (await wb.page.locator('.notification-toast').count()) === 0, 5_000);
}

/**
 * "Foreman: Solve Issue" with `ref`, expected to be refused: waits for the
 * toast matching `message` and for the same message in the chat's timeline;
 * returns the toast's text.
 */
export async function refusedFromPalette(s: Session, chat: Chat, ref: string, message: RegExp): Promise<string> {
  await solveFromPalette(s, ref);
  const toast = s.wb.notification(message).first();
  await toast.waitFor({ state: 'visible', timeout: 20_000 });
  await chat.waitForText(message, 10_000);
  return (await toast.innerText()).trim();
}
