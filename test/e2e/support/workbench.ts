import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from './playwright';

/**
 * The VS Code workbench in the browser, driven the way a user drives it:
 * the command palette, quick inputs, notifications, the activity bar and the
 * webviews (whose content lives in nested iframes). Selectors are VS Code's
 * own DOM (1.139) plus the `data-testid`s of Foreman's webviews.
 */
export class Workbench {
  /** When `.monaco-workbench` appeared (performance.now() of the test process). */
  readyAt = 0;

  constructor(
    readonly page: Page,
    private readonly artifacts: string,
  ) {
    mkdirSync(artifacts, { recursive: true });
  }

  async open(url: string, timeoutMs = 60_000): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    this.readyAt = performance.now();
  }

  /** A screenshot of the whole window into the scenario's artifacts folder. */
  async shot(name: string): Promise<string> {
    const path = join(this.artifacts, `${name}.png`);
    await this.page.screenshot({ path }).catch(() => undefined);
    return path;
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget input');
  }

  /** Opens the palette, picks the command by its full title ("Foreman: Set API Key"). */
  async runCommand(title: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press('F1');
      await this.quickInput.waitFor({ state: 'visible', timeout: 5_000 });
      await this.quickInput.fill(`>${title}`);
      const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
      try {
        // Commands appear once the extension's contributions are registered; retry until then.
        await row.waitFor({ state: 'visible', timeout: 3_000 });
        await row.click();
        return;
      } catch (err) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette: ${(err as Error).message}`);
      }
    }
  }

  /** Types into the open quick input (input box or quick pick) and accepts with Enter. */
  async answerQuickInput(text: string, options: { title?: string; timeoutMs?: number } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await this.quickInput.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 10_000 });
    if (options.title) await widget.locator('.quick-input-title').filter({ hasText: options.title }).waitFor({ state: 'visible', timeout: options.timeoutMs ?? 10_000 });
    await this.quickInput.fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** A notification toast whose text contains `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast').filter({ hasText: text });
  }

  /** All notification toasts' text (for failure messages). */
  async notificationTexts(): Promise<string[]> {
    return this.page.locator('.notification-toast').allInnerTexts().catch(() => []);
  }

  /** Whether the primary side bar is showing the view container titled `label`. */
  async sideBarShows(label: string): Promise<boolean> {
    const bar = this.page.locator('.part.sidebar');
    if (!(await bar.isVisible().catch(() => false))) return false;
    const title = await bar.locator('.composite.title').first().innerText().catch(() => '');
    return title.toLowerCase().includes(label.toLowerCase());
  }

  /**
   * Shows the view container `label` (e.g. "Foreman") in the side bar by
   * clicking its activity bar entry, unless it is showing already (a click
   * on the active entry would hide the side bar).
   */
  async openActivity(label: string, timeoutMs = 30_000): Promise<void> {
    if (await this.sideBarShows(label)) return;
    const item = this.page.locator(`.activitybar .action-item a.action-label[aria-label^="${label}"], .activitybar .action-item[aria-label^="${label}"] .action-label`).first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    await item.click();
    await this.until(`the ${label} side bar`, () => this.sideBarShows(label), 10_000);
  }

  /**
   * The webview frame that contains `selector` (webviews are an iframe in an
   * iframe; the inner one holds the extension's page). Polls until found.
   */
  async frameWith(selector: string, timeoutMs = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame.isDetached()) continue;
        const count = await frame.locator(selector).count().catch(() => 0);
        if (count > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview frame shows ${selector} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The editor tabs' accessible names (VS Code: "cart.js", "cart.js, preview", …) of all groups. */
  async tabTitles(): Promise<string[]> {
    const tabs = this.page.locator('.tabs-container .tab');
    const n = await tabs.count();
    const names: string[] = [];
    for (let i = 0; i < n; i++) names.push((await tabs.nth(i).getAttribute('aria-label')) ?? '');
    return names;
  }

  /** Activates the editor tab whose accessible name starts with `prefix`. */
  async clickTab(prefix: string): Promise<void> {
    await this.page.locator(`.tabs-container .tab[aria-label^="${prefix}"]`).first().click();
  }

  /** The visible text of the active editor (Monaco renders spaces as U+00A0). */
  async editorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Polls `check` until it returns true; the failure names what was awaited and what was seen. */
  async until(what: string, check: () => Promise<boolean>, timeoutMs: number, seen?: () => Promise<string>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) {
        const detail = seen ? await seen().catch((e: unknown) => `(could not read: ${String(e)})`) : '';
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\nseen: ${detail}` : ''}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
