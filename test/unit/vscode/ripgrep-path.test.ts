import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRipgrep, ripgrepCandidates } from '../../../src/vscode/ripgrep-path';

const root = mkdtempSync(join(tmpdir(), 'foreman-rg-'));
after(() => rmSync(root, { recursive: true, force: true }));

function exe(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

test('desktop VS Code: node_modules/@vscode/ripgrep/bin/rg', () => {
  const app = join(root, 'desktop');
  const rg = exe(join(app, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  assert.equal(findRipgrep({ appRoot: app, platform: 'linux', arch: 'x64', pathEnv: '' }), rg);
});

test('code-server: @vscode/ripgrep-universal/bin/<platform>-<arch>/rg', () => {
  const app = join(root, 'server');
  const rg = exe(join(app, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg'));
  exe(join(app, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'darwin-arm64', 'rg'));
  assert.equal(findRipgrep({ appRoot: app, platform: 'linux', arch: 'x64', pathEnv: '' }), rg);
});

test('packaged Electron: the .asar.unpacked variant', () => {
  const app = join(root, 'asar');
  const rg = exe(join(app, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', 'rg'));
  assert.equal(findRipgrep({ appRoot: app, platform: 'linux', arch: 'x64', pathEnv: '' }), rg);
});

test('another spelling of the platform folder is found; a non-executable file is not', () => {
  const app = join(root, 'musl');
  const rg = exe(join(app, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64-musl', 'rg'));
  assert.ok(ripgrepCandidates(app, 'linux', 'x64', (d) => readdirSync(d)).includes(rg));
  assert.equal(findRipgrep({ appRoot: app, platform: 'linux', arch: 'x64', pathEnv: '' }), rg);
  const plain = join(root, 'plain');
  mkdirSync(join(plain, 'node_modules', '@vscode', 'ripgrep', 'bin'), { recursive: true });
  writeFileSync(join(plain, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'), 'not executable');
  assert.equal(findRipgrep({ appRoot: plain, platform: 'linux', arch: 'x64', pathEnv: '' }), undefined);
});

test('falls back to PATH, then to nothing (the JS search)', () => {
  const bin = join(root, 'bin');
  const rg = exe(join(bin, 'rg'));
  assert.equal(findRipgrep({ appRoot: join(root, 'none'), platform: 'linux', arch: 'x64', pathEnv: `/nope:${bin}` }), rg);
  assert.equal(findRipgrep({ appRoot: join(root, 'none'), platform: 'linux', arch: 'x64', pathEnv: '/nope' }), undefined);
});
