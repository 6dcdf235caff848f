import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { FakeScriptSchema } from '../../../src/fake-model';
import { DEMO_FILES, DEMO_ISSUE } from '../../../src/ui/demo/demo-files';
import { createDemoProject, isDemoFolder } from '../../../src/ui/demo/demo-project';
import { demoScript } from '../../../src/ui/demo/demo-script';

const repo = join(__dirname, '..', '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'foreman-demo-test-'));
after(() => rmSync(temp, { recursive: true, force: true }));

function samples(): Record<string, string> {
  const root = join(repo, 'samples', 'demo-repo');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(root, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

test('the embedded demo project is samples/demo-repo and samples/demo-issue.md (UPDATE_DEMO=1 regenerates)', () => {
  const expected = samples();
  const issue = readFileSync(join(repo, 'samples', 'demo-issue.md'), 'utf8');
  if (process.env.UPDATE_DEMO === '1') {
    const header = readFileSync(join(repo, 'src', 'ui', 'demo', 'demo-files.ts'), 'utf8').split('\n').slice(0, 3).join('\n');
    writeFileSync(
      join(repo, 'src', 'ui', 'demo', 'demo-files.ts'),
      `${header}\nexport const DEMO_FILES: Readonly<Record<string, string>> = ${JSON.stringify(expected, null, 2)};\n\nexport const DEMO_ISSUE = ${JSON.stringify(issue)};\n`,
    );
    return;
  }
  assert.deepEqual(DEMO_FILES, expected);
  assert.equal(DEMO_ISSUE, issue);
});

test('the demo script is a valid fake-model script with planner, agent and synthesis answers', () => {
  const parsed = FakeScriptSchema.safeParse(demoScript());
  assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
  const systems = parsed.data.entries.map((e) => e.match?.system ?? '');
  assert.ok(systems.includes('^Foreman planner'));
  assert.ok(systems.includes('^Foreman synthesis'));
  assert.ok(systems.some((s) => s === '^Foreman agent'));
});

test('the demo project is written and committed as a git repository', async () => {
  const dir = join(temp, 'demo');
  await createDemoProject(dir);
  assert.equal(await isDemoFolder(dir), true);
  assert.equal(await isDemoFolder(temp), false);
  for (const [path, content] of Object.entries(DEMO_FILES)) assert.equal(readFileSync(join(dir, path), 'utf8'), content);
  assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }), '');
  assert.match(execFileSync('git', ['log', '--oneline'], { cwd: dir, encoding: 'utf8' }), /Demo cart module/);
  await assert.rejects(createDemoProject(dir), /needs an empty folder/);
});
