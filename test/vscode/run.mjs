// The extension-host suite: builds the suite with esbuild, then runs it in a
// real VS Code through @vscode/test-electron (mocha inside the extension host).
// Where VS Code cannot be downloaded (no network, as on CI here) it says so and
// exits 0: "extension-host suite skipped: <reason>". Set VSCODE_EXECUTABLE_PATH
// to use a VS Code that is already installed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const outDir = join(root, 'dist', 'test', 'vscode');

function skip(reason) {
  console.log(`extension-host suite skipped: ${reason}`);
  console.log("(the same suite runs inside code-server as e2e scenario 8: npm run test:e2e -- 08)");
  process.exit(0);
}

/** A HEAD request with a deadline: the download would otherwise hang on a dead network. */
async function reachable(url, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    const res = await fetch(url, { method: 'HEAD', signal: controller.signal });
    return res.status < 500 ? undefined : `HTTP ${res.status} from ${url}`;
  } catch (err) {
    return `${new URL(url).host} is not reachable (${err?.cause?.code ?? err?.name ?? err})`;
  } finally {
    clearTimeout(timer);
  }
}

async function build() {
  const suiteDir = join(here, 'suite');
  const entries = readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => join(suiteDir, f));
  await esbuild.build({
    entryPoints: entries,
    outdir: join(outDir, 'suite'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** A small real git repository as the workspace: the demo project. */
function demoWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'foreman-vscode-suite-'));
  const workspace = join(dir, 'demo');
  const script = `import('${join(root, 'src', 'ui', 'demo', 'demo-project.ts').replace(/\\/g, '/')}').then((m) => (m.createDemoProject ?? m.default.createDemoProject)(process.argv[1]))`;
  execFileSync(process.execPath, ['--import', 'tsx', '-e', script, workspace], { cwd: root, stdio: 'inherit' });
  mkdirSync(join(dir, 'user-data'), { recursive: true });
  return { dir, workspace };
}

async function main() {
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    const unreachable = await reachable('https://update.code.visualstudio.com/api/releases/stable', 5000);
    if (unreachable) skip(`VS Code cannot be downloaded here: ${unreachable}`);
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: 'stable', timeout: 60_000 });
    } catch (err) {
      skip(`VS Code cannot be downloaded here: ${err instanceof Error ? err.message : err}`);
    }
  }
  await build();
  const { dir, workspace } = demoWorkspace();
  writeFileSync(join(dir, 'user-data', 'README'), 'profile of the extension-host suite\n');
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(outDir, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(dir, 'user-data')}`],
      extensionTestsEnv: { FOREMAN_SUITE_WORKSPACE: workspace },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
