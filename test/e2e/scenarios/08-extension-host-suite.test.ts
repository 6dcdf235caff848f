import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { createDemoProject } from '../../../src/ui/demo/demo-project';
import { artifactsRoot, withSession } from '../support/session';
import { repoRoot } from '../support/workspace';

/**
 * The extension-host mocha suite (test/vscode/suite, normally run by
 * @vscode/test-electron in desktop VS Code, which cannot be downloaded here)
 * inside code-server: the server is started with the smoke-test driver
 * enabled (`--vscode-option enable-smoke-test-driver`), which lets the web
 * workbench take `extensionDevelopmentPath` / `extensionTestsPath` from its
 * `payload` URL parameter, as remote URIs. The remote extension host loads
 * Foreman from the repository (dist/ from `npm run package`) and runs the
 * suite; when it ends the workbench calls `window.codeAutomationExit(code)`,
 * which the test exposes to get the exit code. Mocha's output arrives in the
 * browser console (the extension host forwards its console).
 */
test('8. the extension-host suite (test/vscode) runs in code-server', { timeout: 300_000 }, async (t) => {
  const out = join(artifactsRoot, 'vscode-suite');
  const suiteDir = join(repoRoot, 'test', 'vscode', 'suite');
  // Built under the repo (artifacts/ is git-ignored) so `require('mocha')` resolves to the repo's mocha.
  await build({
    entryPoints: readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => join(suiteDir, f)),
    outdir: join(out, 'suite'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });

  await withSession(
    t,
    {
      name: 'extension-host-suite',
      script: { entries: [] },
      installVsix: false,
      open: false,
      codeServerArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      createWorkspace: async (dir) => {
        await createDemoProject(dir);
        return realpathSync(dir);
      },
    },
    async (s) => {
      const authority = new URL(s.server.url).host;
      const remote = (path: string) => `vscode-remote://${authority}${path}`;
      const payload = [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(join(out, 'suite', 'index.js'))],
        ['extensionEnvironment', JSON.stringify({ FOREMAN_SUITE_WORKSPACE: s.workspace })],
      ];
      const lines: string[] = [];
      let exit: (code: number) => void = () => undefined;
      const exited = new Promise<number>((resolve) => (exit = resolve));
      await s.page.exposeFunction('codeAutomationExit', ((code: number) => exit(code)) as (...args: never[]) => unknown);
      s.page.on('console', (m) => {
        lines.push(m.text());
        appendFileSync(join(s.artifacts, 'suite-output.log'), `${m.text()}\n`);
      });
      await s.wb.open(`${s.server.folderUrl(s.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the suite did not end in 240 s:\n${lines.slice(-40).join('\n')}`)), 240_000);
      });
      const code = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
      await s.wb.shot('suite-ended');
      const passing = mochaCount(lines, 'passing');
      const failing = mochaCount(lines, 'failing') ?? 0;
      const pending = mochaCount(lines, 'pending') ?? 0;
      t.diagnostic(`extension-host suite: exit ${code}; ${passing ?? '?'} passing, ${failing} failing, ${pending} pending`);
      assert.ok(passing !== undefined && passing > 0, `mocha reported passing tests (see ${join(s.artifacts, 'suite-output.log')})`);
      const report = lines.slice(lines.findIndex((l) => /%d failing|\d+ failing/.test(l))).join('\n').slice(0, 4000);
      assert.equal(code, 0, `the extension-host suite has ${failing} failing test(s):\n${report}`);
    },
  );
});

/**
 * Mocha's summary count from the forwarded console: the extension host sends
 * the format string and its arguments ("%d passing (%s) 14 6s"), or the
 * formatted line ("14 passing (6s)").
 */
function mochaCount(lines: string[], word: 'passing' | 'failing' | 'pending'): number | undefined {
  for (const line of lines) {
    const plain = line.replace(/\u001b\[[0-9;]*m|\[[0-9;]*m/g, '');
    const formatted = new RegExp(`(\\d+) ${word}`).exec(plain);
    if (formatted && !plain.includes(`%d ${word}`)) return Number(formatted[1]);
    const args = new RegExp(`%d ${word}.*?\\s(\\d+)(\\s|$)`).exec(plain);
    if (args) return Number(args[1]);
  }
  return undefined;
}
