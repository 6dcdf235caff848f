import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * playwright-core lives in the harness package (installed by setup.sh into a
 * cache folder), not in the extension's dependencies, so the repo typechecks
 * on a clean clone. These are the few parts of its API the suite uses,
 * written after playwright-core 1.65's types/types.d.ts; the module itself
 * is loaded at run time from the harness folder.
 */

export interface WaitOptions {
  timeout?: number;
  state?: 'attached' | 'detached' | 'visible' | 'hidden';
}

export interface Locator {
  click(options?: { timeout?: number; force?: boolean; button?: 'left' | 'right' | 'middle' }): Promise<void>;
  dblclick(options?: { timeout?: number }): Promise<void>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  press(key: string, options?: { timeout?: number }): Promise<void>;
  hover(options?: { timeout?: number }): Promise<void>;
  focus(options?: { timeout?: number }): Promise<void>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  innerText(options?: { timeout?: number }): Promise<string>;
  inputValue(options?: { timeout?: number }): Promise<string>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  isVisible(): Promise<boolean>;
  isEnabled(options?: { timeout?: number }): Promise<boolean>;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  waitFor(options?: WaitOptions): Promise<void>;
  first(): Locator;
  last(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  filter(options: { hasText?: string | RegExp; has?: Locator }): Locator;
  screenshot(options?: { path?: string }): Promise<Buffer>;
}

export interface Frame {
  url(): string;
  name(): string;
  locator(selector: string): Locator;
  evaluate<R>(fn: () => R): Promise<R>;
  isDetached(): boolean;
}

export interface Keyboard {
  press(key: string, options?: { delay?: number }): Promise<void>;
  type(text: string, options?: { delay?: number }): Promise<void>;
  insertText(text: string): Promise<void>;
}

export interface ConsoleMessage {
  type(): string;
  text(): string;
}

export interface Page {
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit'; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  waitForSelector(selector: string, options?: WaitOptions): Promise<unknown>;
  frames(): Frame[];
  keyboard: Keyboard;
  screenshot(options?: { path?: string; fullPage?: boolean }): Promise<Buffer>;
  evaluate<R>(fn: () => R): Promise<R>;
  waitForTimeout(ms: number): Promise<void>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): Page;
  on(event: 'pageerror', listener: (error: Error) => void): Page;
  setDefaultTimeout(ms: number): void;
  exposeFunction(name: string, callback: (...args: never[]) => unknown): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Browser {
  newContext(options?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
  process?(): { pid?: number } | null;
}

export interface BrowserType {
  launch(options: { executablePath?: string; args?: string[]; headless?: boolean; timeout?: number; handleSIGINT?: boolean; handleSIGTERM?: boolean }): Promise<Browser>;
}

/** Loads playwright-core from the harness folder (FOREMAN_E2E_HARNESS, set by run.sh). */
export function loadChromium(harnessDir: string): BrowserType {
  const require = createRequire(join(harnessDir, 'package.json'));
  const playwright = require('playwright-core') as { chromium: BrowserType };
  return playwright.chromium;
}
