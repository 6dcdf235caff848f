/**
 * The extension as it ships: the size of the bundled extension host code
 * (extension/dist/extension.js inside the .vsix) and of the .vsix itself,
 * built with `npm run package` when missing or older than the sources; and
 * the activation time measured by the code-server e2e harness, read from its
 * latest artifact when there is one (this benchmark does not start an editor).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { BenchContext, Benchmark } from './bench';
import { round } from './measure';
import { below, figure, reference, type Figure } from './report';
import { zipEntries } from './vsix-entries';

const VSIX = 'foreman.vsix';
const NOT_MEASURED = 'not measured in this run (run npm run test:e2e)';
/** What decides the package's content: a vsix older than any of these is rebuilt. */
const SOURCES = ['src', 'media', 'package.json', 'README.md', 'CHANGELOG.md', 'esbuild.js', '.vscodeignore'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function runPackage(cwd: string, signal: AbortSignal): Promise<{ code: number | null; output: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['run', '--silent', 'package'], { cwd, signal, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, ms: performance.now() - started }));
  });
}

const ActivationJson = z.looseObject({
  'extension.activation_ms': z.number().optional(),
  'extension.activate_fn_ms': z.number().optional(),
  activationMs: z.number().optional(),
});

/**
 * The canonical record of e2e scenario 7: `extension.activation_ms` is the time
 * from the workbench being ready to Foreman's view being usable (most of it is
 * code-server starting the extension host and the webview), and
 * `extension.activate_fn_ms` is Foreman's own activate().
 */
export function readActivationRecord(artifactsDir: string): { activationMs?: number; activateFnMs?: number; file: string; mtimeMs: number } | undefined {
  const file = join(artifactsDir, 'activation', 'activation.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed = ActivationJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return undefined;
    const { mtimeMs } = statSync(file);
    return {
      ...(parsed.data['extension.activation_ms'] !== undefined ? { activationMs: parsed.data['extension.activation_ms'] } : {}),
      ...(parsed.data['extension.activate_fn_ms'] !== undefined ? { activateFnMs: parsed.data['extension.activate_fn_ms'] } : {}),
      file,
      mtimeMs,
    };
  } catch {
    return undefined;
  }
}

/** `extension.activation_ms: N ms` lines or a JSON field, in any artifact file; the newest wins. */
export function findActivation(artifactsDir: string): { ms: number; file: string; mtimeMs: number } | undefined {
  if (!existsSync(artifactsDir)) return undefined;
  const found: { ms: number; file: string; mtimeMs: number }[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const info = statSync(path);
      if (info.isDirectory()) visit(path);
      else if (/\.(log|txt|json|jsonl|tap|out)$/.test(name) && info.size < 16 * 1024 * 1024) {
        const text = readFileSync(path, 'utf8');
        const lines = [...text.matchAll(/extension\.activation_ms:\s*([\d.]+)\s*ms/g)];
        let ms = lines.length > 0 ? Number(lines.at(-1)![1]) : undefined;
        if (ms === undefined && name.endsWith('.json')) {
          try {
            const parsed = ActivationJson.safeParse(JSON.parse(text));
            if (parsed.success) ms = parsed.data['extension.activation_ms'] ?? parsed.data.activationMs;
          } catch {
            // not JSON after all
          }
        }
        if (ms !== undefined && Number.isFinite(ms)) found.push({ ms, file: path, mtimeMs: info.mtimeMs });
      }
    }
  };
  visit(artifactsDir);
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
}

export const extensionBench: Benchmark = {
  name: 'extension',
  title: 'bundle and .vsix size (npm run package), activation time from the e2e harness',
  async run(ctx: BenchContext): Promise<Figure[]> {
    const figures: Figure[] = [];
    const artifacts = join(ctx.repoRoot, 'test', 'e2e', 'artifacts');
    const record = readActivationRecord(artifacts);
    if (record) {
      const age = Math.round((Date.now() - record.mtimeMs) / 60_000);
      const from = `from ${relative(ctx.repoRoot, record.file)} (${age} min old), measured by the code-server e2e harness`;
      figures.push(
        figure('extension.activation_ms', record.activationMs ?? null, 'ms', {
          note: `workbench ready → Foreman's view usable (mostly code-server starting the extension host and the webview); ${from}`,
        }),
        figure('extension.activate_fn_ms', record.activateFnMs ?? null, 'ms', {
          target: below(50, '< 50 ms'),
          note: `Foreman's activate() itself; ${from}`,
        }),
      );
    } else {
      // No scenario-7 record: any artifact that printed the figure.
      const activation = findActivation(artifacts);
      if (activation) {
        const age = Math.round((Date.now() - activation.mtimeMs) / 60_000);
        figures.push(
          figure('extension.activation_ms', activation.ms, 'ms', {
            note: `from ${relative(ctx.repoRoot, activation.file)} (${age} min old), measured by the code-server e2e harness`,
          }),
        );
      } else {
        figures.push(figure('extension.activation_ms', null, 'ms', { note: NOT_MEASURED }));
      }
    }

    const vsix = join(ctx.repoRoot, VSIX);
    const newestSource = Math.max(...SOURCES.map((s) => newestMtime(join(ctx.repoRoot, s))));
    const fresh = existsSync(vsix) && statSync(vsix).mtimeMs >= newestSource;
    if (!fresh) {
      ctx.log(`  ${existsSync(vsix) ? `${VSIX} is older than the sources` : `no ${VSIX}`}: npm run package …`);
      const built = await runPackage(ctx.repoRoot, ctx.signal);
      if (built.code !== 0 || !existsSync(vsix)) {
        const why = `npm run package failed (exit ${built.code}): ${built.output.trim().split('\n').slice(-3).join(' | ')}`;
        ctx.warn(why);
        return [...figures, figure('extension.bundle_kb', null, 'KB', { note: `not measured: ${why}` }), figure('extension.vsix_kb', null, 'KB', { note: `not measured: ${why}` })];
      }
      figures.push(reference('extension.package_ms', round(built.ms, 0), 'ms', 'npm run package (production build + vsce)'));
    } else {
      ctx.log(`  ${VSIX} is newer than the sources: measuring it as it is`);
    }
    const entries = zipEntries(vsix);
    const bundle = entries.find((e) => e.name === 'extension/dist/extension.js');
    if (!bundle) ctx.warn(`${VSIX} has no extension/dist/extension.js`);
    const vsixBytes = statSync(vsix).size;
    figures.push(
      figure('extension.bundle_kb', bundle ? round(bundle.size / 1024, 1) : null, 'KB', { note: bundle ? 'dist/extension.js as packaged (production build)' : 'not in the vsix' }),
      figure('extension.vsix_kb', round(vsixBytes / 1024, 1), 'KB', { target: below(2048, '< 2 MB') }),
      reference('extension.vsix_files', entries.length, 'files'),
      reference('extension.webview_kb', round(entries.filter((e) => /^extension\/dist\/webview\/.*\.js$/.test(e.name)).reduce((s, e) => s + e.size, 0) / 1024, 1), 'KB', 'the webview bundles (.js) as packaged'),
    );
    // Source maps in the package are dead weight for users (a dev build's leftovers are packaged too).
    const maps = entries.filter((e) => e.name.endsWith('.map'));
    figures.push(reference('extension.vsix_map_kb', round(maps.reduce((s, e) => s + e.compressedSize, 0) / 1024, 1), 'KB', `${maps.length} source map(s) in the vsix, compressed${maps.length > 0 ? `: ${maps.map((m) => m.name.replace(/^extension\//, '')).join(', ')}` : ''}`));
    return figures;
  },
};
