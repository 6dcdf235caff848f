import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliArgs } from '../../../src/cli/args';
import { BadInputError } from '../../../src/cli/errors';
import { parseSettings } from '../../../src/vscode/settings-schema';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; scope?: string; enum?: string[] }> } };
};

describe('confinement settings and flags', () => {
  test('CLI: confined without network by default; --confinement and --network change it', () => {
    const plain = parseCliArgs(['solve', '--text', 'fix it']);
    assert.ok(plain.command === 'solve');
    assert.equal(plain.args.confinement, 'auto');
    assert.equal(plain.args.network, false);
    const set = parseCliArgs(['solve', '--text', 'fix it', '--confinement=required', '--network']);
    assert.ok(set.command === 'solve');
    assert.equal(set.args.confinement, 'required');
    assert.equal(set.args.network, true);
    assert.throws(() => parseCliArgs(['solve', '--text', 'x', '--confinement', 'maybe']), (e: unknown) => e instanceof BadInputError && /--confinement must be auto, required or off/.test(e.message));
    assert.throws(() => parseCliArgs(['solve', '--text', 'x', '--network=on']), BadInputError);
  });

  test('VS Code: auto and off by default; a bad value falls back and is reported', () => {
    const defaults = parseSettings(() => undefined).settings;
    assert.equal(defaults['sandbox.confinement'], 'auto');
    assert.equal(defaults['sandbox.network'], 'off');
    const bad = parseSettings((key) => (key === 'sandbox.confinement' ? 'sometimes' : undefined));
    assert.equal(bad.settings['sandbox.confinement'], 'auto');
    assert.match(bad.problems.join('\n'), /^foreman\.sandbox\.confinement: /);
  });

  test('the manifest declares both, machine-scoped, so a workspace cannot weaken its own confinement', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props['foreman.sandbox.confinement']?.enum, ['auto', 'required', 'off']);
    assert.deepEqual(props['foreman.sandbox.network']?.enum, ['off', 'on']);
    for (const key of ['foreman.sandbox.confinement', 'foreman.sandbox.network']) assert.equal(props[key]?.scope, 'machine', key);
  });
});
