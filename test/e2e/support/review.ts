import type { Frame, Locator } from './playwright';
import type { Workbench } from './workbench';

/** Foreman's review panel (a webview panel in the editor area), by its `data-testid`s. */
export class Review {
  private constructor(
    readonly wb: Workbench,
    private frame: Frame,
  ) {}

  /** Waits for the open review panel's content. */
  static async find(wb: Workbench, timeoutMs = 30_000): Promise<Review> {
    const frame = await wb.frameWith('[data-testid="review-title"]', timeoutMs);
    await frame.locator('[data-testid="file"]').first().waitFor({ state: 'visible', timeout: timeoutMs });
    return new Review(wb, frame);
  }

  get(testId: string): Locator {
    return this.frame.locator(`[data-testid="${testId}"]`);
  }

  file(path: string): Locator {
    return this.frame.locator(`[data-testid="file"][data-path="${path}"]`).first();
  }

  /** The n-th hunk (0-based) of `path`. */
  hunk(path: string, index: number): Locator {
    return this.frame.locator(`[data-testid="hunk"][data-path="${path}"]`).nth(index);
  }

  async hunkCount(path: string): Promise<number> {
    return this.frame.locator(`[data-testid="hunk"][data-path="${path}"]`).count();
  }

  async accept(path: string, index: number): Promise<void> {
    await this.hunk(path, index).locator('[data-testid="hunk-accept"]').click();
    await this.waitForDecision(path, index, /accepted/i);
  }

  async rejectWithReason(path: string, index: number, reason: string): Promise<void> {
    const hunk = this.hunk(path, index);
    await hunk.locator('[data-testid="hunk-reject-reason"]').click();
    const input = hunk.locator('[data-testid="reason-input"]');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill(reason);
    await hunk.locator('[data-testid="reason-submit"]').click();
    await this.waitForDecision(path, index, /rejected/i);
  }

  async decision(path: string, index: number): Promise<string> {
    return (await this.hunk(path, index).locator('[data-testid="hunk-decision"]').first().innerText()).trim();
  }

  private async waitForDecision(path: string, index: number, want: RegExp): Promise<void> {
    await this.wb.until(`hunk ${index + 1} of ${path} to be ${want}`, async () => want.test(await this.decision(path, index)), 10_000, () => this.decision(path, index));
  }

  async text(): Promise<string> {
    return this.frame.locator('body').innerText();
  }
}
