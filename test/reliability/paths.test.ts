/**
 * Hostile paths from the model, through the real tools (the registry the
 * agent uses) on a real workspace next to a real "outside" folder holding a
 * secret: `..`, absolute paths, `~`, symlinks out (dir, file, dangling),
 * `.git/` internals, device files and FIFOs, very long names, Unicode tricks.
 * Reads must not return the secret, writes must not become a proposal
 * outside the workspace or inside .git/, and nothing on disk changes.
 */
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ChangeSet } from '../../src/core/changes/changeset';
import { createToolRegistry } from '../../src/core/tools/registry';
import { defaultTools } from '../../src/core/tools/default-tools';
import type { ToolContext } from '../../src/core/tools/tool';
import { NodeFileSystem } from '../../src/core/workspace/node-fs';
import { createSearch } from '../../src/core/workspace/search-factory';
import { fullTreeHash, RecordingRunner, smallRepo, tempDir } from './support/harness';
import { reliabilityFile, type Verdict } from './support/tally';

const { scenario } = reliabilityFile(__filename);

const SECRET = 'OUTSIDE-SECRET-7f3a9c';
const outside = tempDir('foreman-rel-outside-');
writeFileSync(join(outside, 'secret.txt'), `${SECRET}\n`);
const repo = smallRepo();
const root = repo.root;
symlinkSync(outside, join(root, 'link-out'));
symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
symlinkSync(join(outside, 'missing'), join(root, 'dangling'));
symlinkSync('/dev/zero', join(root, 'zero'));
execFileSync('mkfifo', [join(root, 'pipe')]);
const sandboxRoot = tempDir('foreman-rel-paths-sandbox-');
mkdirSync(join(sandboxRoot, 'src'));
after(() => {
  repo.cleanup();
  rmSync(outside, { recursive: true, force: true });
  rmSync(sandboxRoot, { recursive: true, force: true });
});

const registry = createToolRegistry(defaultTools());

function context(): { ctx: ToolContext; changes: ChangeSet; runner: RecordingRunner } {
  const fs = new NodeFileSystem(root);
  const changes = new ChangeSet(fs);
  const runner = new RecordingRunner();
  const ctx: ToolContext = {
    fs,
    view: changes,
    changes,
    search: createSearch({ root }),
    runner,
    sandbox: async () => sandboxRoot,
    approveCommand: async () => ({ decision: 'run_once' }),
    provenance: { workerId: 'hostile' },
    signal: new AbortController().signal,
    limits: { commandTimeoutMs: 5000, maxOutputChars: 4000, readMaxLines: 200 },
  };
  return { ctx, changes, runner };
}

const outsideHash = () => fullTreeHash(outside);
const OUTSIDE_BEFORE = outsideHash();

/** Every read and write tool with this path; none may leak the secret, propose outside, or touch the disk. */
async function hostilePath(verdict: Verdict, path: string): Promise<void> {
  const { ctx, changes, runner } = context();
  const treeBefore = fullTreeHash(root);
  const calls: Array<[string, Record<string, unknown>]> = [
    ['read_file', { filePath: path }],
    ['list_files', { path }],
    ['search_codebase', { query: 'SECRET', path }],
    ['create_file', { filePath: path, content: 'pwned\n' }],
    ['create_file', { filePath: `${path}/new.txt`, content: 'pwned\n' }],
    ['edit_file', { filePath: path, oldText: SECRET, newText: 'pwned' }],
    ['delete_file', { filePath: path }],
    ['run_command', { command: 'pwd', cwd: path }],
  ];
  for (const [name, input] of calls) {
    const output = await Promise.race([
      registry.run(name, input, ctx),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name} hung on ${JSON.stringify(path).slice(0, 80)}`)), 5000)),
    ]);
    if (output.content.includes(SECRET)) verdict.escape(`${name} returned the outside secret for ${JSON.stringify(path)}`);
    if (name === 'run_command' && !output.isError) {
      const cwd = String(output.details?.cwd ?? '');
      if (cwd.startsWith('..') || isAbsolute(cwd)) verdict.escape(`run_command ran in ${cwd}`);
    }
  }
  for (const file of changes.files()) {
    if (file.path.startsWith('..') || isAbsolute(file.path) || /(^|\/)\.git(\/|$)/i.test(file.path)) {
      verdict.escape(`a proposal for ${file.path} was accepted from ${JSON.stringify(path)}`);
    }
    if (file.path.startsWith('link-out') || file.path.startsWith('secret-link')) verdict.escape(`a proposal writes through a symlink out: ${file.path}`);
  }
  if (outsideHash() !== OUTSIDE_BEFORE) verdict.escape('the outside folder changed');
  if (fullTreeHash(root) !== treeBefore) verdict.lost('the workspace changed on disk');
  assert.equal(runner.ran.filter((c) => c !== 'pwd').length, 0);
}

const CASES: Array<[string, string]> = [
  ['dot-dot', '../secret.txt'],
  ['dot-dot inside a path', 'src/../../secret.txt'],
  ['dot-dot to the outside folder by name', `../${outside.split('/').pop()}/secret.txt`],
  ['absolute outside', join(outside, 'secret.txt')],
  ['absolute system file', '/etc/passwd'],
  ['home', '~/.ssh/id_rsa'],
  ['backslashes', '..\\..\\secret.txt'],
  ['symlink to an outside folder', 'link-out/secret.txt'],
  ['symlink to an outside file', 'secret-link.txt'],
  ['dangling symlink', 'dangling'],
  ['.git internals', '.git/config'],
  ['.git hook', '.git/hooks/pre-commit'],
  ['.git through dot-dot', 'src/../.git/HEAD'],
  ['.GIT in another case', '.GIT/config'],
  ['device via symlink', 'zero'],
  ['device by absolute path', '/dev/zero'],
  ['FIFO in the workspace', 'pipe'],
  ['very long name', `${'a'.repeat(300)}.txt`],
  ['very long path', `${'deep/'.repeat(900)}x.txt`],
  ['bidi override', 'src/\u202Etxt.js'],
  ['zero-width space in .git', '.g\u200Bit/config'],
  ['NUL byte', 'src/sum.js\u0000../../secret.txt'],
  ['Windows drive', 'C:/Windows/win.ini'],
];

for (const [name, path] of CASES) {
  scenario(`hostile path refused for reads and writes: ${name}`, { timeout: 30_000 }, async (_t, verdict) => {
    await hostilePath(verdict, path);
  });
}

scenario('a proposal never reaches disk, even under a name that looks like a path trick', { timeout: 10_000 }, async (_t, verdict) => {
  const { ctx, changes } = context();
  const before = fullTreeHash(root);
  const output = await registry.run('create_file', { filePath: 'src/\uFF0E\uFF0E/fullwidth-dots.txt', content: 'x\n' }, ctx);
  // Fullwidth dots are an ordinary folder name on disk: allowed, but only inside the workspace, and only as a proposal.
  if (!output.isError) assert.ok(changes.files().every((f) => f.path.startsWith('src/')));
  if (fullTreeHash(root) !== before) verdict.lost('a proposal was written to disk');
  assert.equal(existsSync(join(root, 'src', '\uFF0E\uFF0E')), false);
  assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), `${SECRET}\n`);
});
