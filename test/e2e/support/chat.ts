import type { Frame, Locator } from './playwright';
import type { Workbench } from './workbench';

/**
 * Foreman's chat view (the webview in the Foreman activity-bar container),
 * addressed by its `data-testid`s. The frame is looked up again when the
 * webview was re-created (VS Code disposes hidden webviews).
 */
export class Chat {
  private frame: Frame | undefined;

  constructor(readonly wb: Workbench) {}

  /**
   * Opens the Foreman container and waits for the chat's input; returns how
   * long that took. `revealedWithinMs`: a command is about to reveal the view
   * itself, so wait that long for it before clicking the activity bar.
   */
  async open(timeoutMs = 60_000, revealedWithinMs = 0): Promise<number> {
    const t = performance.now();
    if (revealedWithinMs > 0) await this.wb.until('the chat to be revealed', () => this.wb.sideBarShows('Foreman'), revealedWithinMs).catch(() => undefined);
    await this.wb.openActivity('Foreman', timeoutMs);
    this.frame = await this.wb.frameWith('[data-testid="chat-input"]', timeoutMs);
    await this.frame.locator('[data-testid="chat-input"]').waitFor({ state: 'visible', timeout: timeoutMs });
    return performance.now() - t;
  }

  private async f(): Promise<Frame> {
    if (!this.frame || this.frame.isDetached()) this.frame = await this.wb.frameWith('[data-testid="chat-input"]');
    return this.frame;
  }

  async get(testId: string): Promise<Locator> {
    return (await this.f()).locator(`[data-testid="${testId}"]`);
  }

  /** The whole chat's visible text (for assertions and failure messages). */
  async text(): Promise<string> {
    return (await this.f()).locator('body').innerText();
  }

  async send(text: string): Promise<void> {
    const input = await this.get('chat-input');
    await input.fill(text);
    await (await this.get('chat-send')).click();
  }

  async click(testId: string, timeoutMs = 15_000): Promise<void> {
    const el = (await this.get(testId)).first();
    await el.waitFor({ state: 'visible', timeout: timeoutMs });
    await el.click();
  }

  /** Waits until the chat's text matches; the error shows the chat as it was. */
  async waitForText(what: RegExp, timeoutMs: number): Promise<void> {
    await this.wb.until(`chat text ${what}`, async () => what.test(await this.text()), timeoutMs, () => this.text());
  }

  /** Waits until `testId` exists `count` times or more. */
  async waitForCount(testId: string, count: number, timeoutMs: number): Promise<void> {
    await this.wb.until(`${count}× ${testId} in the chat`, async () => (await (await this.get(testId)).count()) >= count, timeoutMs, () => this.text());
  }
}
