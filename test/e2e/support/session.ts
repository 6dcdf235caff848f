import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { startFakeAnthropic, type FakeAnthropic, type FakeScript } from '../../../src/fake-model';
import { startFakeGitHub, type FakeGitHub, type FakeIssue } from '../../support/fake-github';
import { createProfile, harnessPaths, installExtension, startCodeServer, writeSettings, type CodeServer, type Profile } from './code-server';
import { loadChromium, type Browser, type Page } from './playwright';
import { onAbruptExit } from './processes';
import { Workbench } from './workbench';
import { createDemoWorkspace, repoRoot } from './workspace';

/**
 * One scenario's world: the fake model and fake GitHub on loopback, a real
 * git repository as the workspace, a fresh code-server profile with the
 * packaged extension installed and Foreman's settings pointed at the fakes,
 * code-server on a free port and Chromium on its workbench. `stop()` takes
 * it all down in reverse order, each step on its own so one failure does not
 * leave the rest running.
 */

export const TEST_API_KEY = 'sk-ant-e2e-0123456789-not-a-real-key';
export const artifactsRoot = join(repoRoot, 'test', 'e2e', 'artifacts');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export interface SessionOptions {
  /** Short name: the artifacts folder and the temp folder are named after it. */
  name: string;
  /** The fake model's script (object or JSON file path). */
  script: FakeScript | string;
  /** Issues the fake GitHub serves (owner/repo#7 is the demo issue by default). */
  issues?: FakeIssue[];
  /** More `foreman.*` (or any) user settings. */
  settings?: Record<string, unknown>;
  /** Skip "Foreman: Set API Key" (the no-key scenario). */
  noApiKey?: boolean;
  /** Install the packaged foreman.vsix (default true). */
  installVsix?: boolean;
  /** Make the workspace in `dir` (default: the demo git repository). */
  createWorkspace?: (dir: string) => Promise<string> | string;
  /** More code-server arguments. */
  codeServerArgs?: string[];
  /** Open the workbench on the workspace (default true); false leaves it to the scenario. */
  open?: boolean;
}

export interface Session {
  name: string;
  dir: string;
  workspace: string;
  artifacts: string;
  profile: Profile;
  model: FakeAnthropic;
  github: FakeGitHub;
  server: CodeServer;
  browser: Browser;
  page: Page;
  wb: Workbench;
  /** Milliseconds each set-up step took (printed by the scenario). */
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export function demoIssue(number = 7): FakeIssue {
  const text = readFileSync(join(repoRoot, 'samples', 'demo-issue.md'), 'utf8');
  const [first, ...rest] = text.split('\n');
  return { owner: 'owner', repo: 'repo', number, title: (first ?? '').replace(/^#\s*/, ''), body: rest.join('\n').trim(), labels: ['bug'] };
}

export function vsixPath(): string {
  const vsix = process.env.FOREMAN_E2E_VSIX ?? join(repoRoot, 'foreman.vsix');
  if (!existsSync(vsix)) throw new Error(`no packaged extension at ${vsix}: run \`npm run package\` (run.sh does)`);
  return vsix;
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const timings: Record<string, number> = {};
  const mark = async <T>(step: string, fn: () => Promise<T> | T): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      timings[step] = Math.round(performance.now() - t);
    }
  };
  const artifacts = join(artifactsRoot, options.name);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `foreman-e2e-${options.name}-`)));
  const cleanups: { what: string; run: () => Promise<unknown> | unknown }[] = [];
  const stop = async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c.run();
      } catch (err) {
        appendFileSync(join(artifacts, 'teardown-errors.log'), `${c.what}: ${String(err)}\n`);
      }
    }
    cleanups.length = 0;
  };
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const abrupt = onAbruptExit(removeDir);
  cleanups.push({ what: 'remove temp dir', run: () => (abrupt.cancel(), removeDir()) });

  try {
    const harness = harnessPaths();
    const workspace = await (options.createWorkspace ?? createDemoWorkspace)(join(dir, 'workspace'));
    const model = await startFakeAnthropic({ script: options.script, logFile: join(artifacts, 'fake-model.jsonl') });
    cleanups.push({ what: 'fake model', run: () => model.close() });
    const github = await startFakeGitHub({ issues: options.issues ?? [demoIssue()] });
    cleanups.push({ what: 'fake github', run: () => github.close() });

    const profile = createProfile(join(dir, 'profile'));
    writeSettings(profile, { 'foreman.baseUrl': model.url, 'foreman.githubApiUrl': github.url, ...options.settings });
    if (options.installVsix !== false) await mark('install_extension_ms', () => installExtension(harness, profile, vsixPath()));
    const server = await mark('code_server_start_ms', () => startCodeServer(harness, profile, workspace, join(artifacts, 'code-server.log'), options.codeServerArgs));
    cleanups.push({ what: 'code-server', run: () => server.stop() });

    const browser = await mark('browser_launch_ms', () =>
      loadChromium(harness.dir).launch({ executablePath: process.env.FOREMAN_E2E_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, timeout: 60_000 }),
    );
    cleanups.push({ what: 'browser', run: () => browser.close() });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const consoleLog = join(artifacts, 'browser-console.log');
    page.on('console', (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
    const wb = new Workbench(page, artifacts);
    if (options.open !== false) await mark('workbench_ready_ms', () => wb.open(server.folderUrl(workspace)));

    const session: Session = { name: options.name, dir, workspace, artifacts, profile, model, github, server, browser, page, wb, timings, stop };
    return session;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** "Foreman: Set API Key" from the palette, the key typed into its password box. */
export async function setApiKeyThroughCommand(wb: Workbench, key = TEST_API_KEY): Promise<void> {
  await wb.runCommand('Foreman: Set API Key', 60_000);
  await wb.answerQuickInput(key, { title: 'Anthropic API key' });
  await wb.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Runs `fn` in a started session, with a screenshot and the page's text on
 * failure, and always stops the session. Prints the set-up timings.
 */
export async function withSession(t: TestContext, options: SessionOptions, fn: (s: Session) => Promise<void>): Promise<void> {
  const started = performance.now();
  const s = await startSession(options);
  try {
    if (!options.noApiKey && options.open !== false) await setApiKeyThroughCommand(s.wb);
    await fn(s);
  } catch (err) {
    await s.wb.shot('failure');
    const toasts = await s.wb.notificationTexts();
    if (toasts.length) t.diagnostic(`notifications: ${toasts.join(' | ')}`);
    throw err;
  } finally {
    await s.stop();
    const total = Math.round(performance.now() - started);
    t.diagnostic(`e2e.${options.name}_ms: ${total} (${Object.entries(s.timings).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  }
}
