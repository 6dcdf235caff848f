import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { budgetsOf, defaultSettings, parseSettings, SETTING_KEYS, type SettingKey } from '../../../src/vscode/settings-schema';
import { toSolveSettings } from '../../../src/ui/solve-settings';
import { COMMANDS } from '../../../src/ui/command-ids';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: {
    configuration: { properties: Record<string, { default: unknown; scope?: string }> };
    commands: Array<{ command: string; category: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    views: Record<string, Array<{ id: string; type: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
  };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
};

describe('settings schema', () => {
  test('defaults when nothing is set', () => {
    const { settings, problems } = parseSettings(() => undefined);
    assert.deepEqual(problems, []);
    assert.equal(settings.maxSteps, 40);
    assert.equal(settings['budget.usd'], 5);
    assert.equal(settings.planApproval, false);
    assert.deepEqual(settings.commandAllow, []);
    assert.equal(settings.baseUrl, '');
  });

  test('a bad value falls back to its default alone, and says so', () => {
    const raw: Partial<Record<SettingKey, unknown>> = { maxSteps: -3, concurrency: 4, baseUrl: 'not a url', commandAllow: ['npm test', 7], compactAtShare: 0.99 };
    const { settings, problems } = parseSettings((key) => raw[key]);
    assert.equal(settings.maxSteps, 40);
    assert.equal(settings.concurrency, 4, 'the good value is kept');
    assert.equal(settings.baseUrl, '');
    assert.deepEqual(settings.commandAllow, []);
    assert.equal(settings.compactAtShare, 0.7);
    assert.equal(problems.length, 4);
    assert.ok(problems.every((p) => /^foreman\.\S+: .+; using the default\.$/.test(p)), problems.join('\n'));
  });

  test('budgets: 0 means no limit', () => {
    const settings = { ...defaultSettings(), 'budget.usd': 0, 'budget.tokens': 1000, 'budget.minutes': 0 };
    assert.deepEqual(budgetsOf(settings), { maxUsd: undefined, maxTokens: 1000, maxMinutes: undefined });
  });

  test('maps to the orchestrator settings', () => {
    const solve = toSolveSettings({ ...defaultSettings(), maxSteps: 12, planApproval: true, commandAllow: ['make'], commandDeny: ['rm'], commandTimeoutSeconds: 9, 'budget.usd': 0 });
    assert.equal(solve.maxStepsPerWorker, 12);
    assert.equal(solve.planApproval, 'ask');
    assert.deepEqual(solve.commandPolicy, { allow: ['make'], deny: ['rm'] });
    assert.equal(solve.commandTimeoutMs, 9000);
    assert.equal(solve.budgets.maxUsd, undefined);
    assert.equal(toSolveSettings(defaultSettings()).planApproval, 'auto');
  });
});

describe('manifest', () => {
  test('contributes exactly the settings of the schema, with the same defaults', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), SETTING_KEYS.map((k) => `foreman.${k}`).sort());
    const defaults = defaultSettings();
    for (const key of SETTING_KEYS) assert.deepEqual(props[`foreman.${key}`]!.default, defaults[key], key);
  });

  test('a workspace cannot point the API key or GitHub token at another server', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of ['foreman.baseUrl', 'foreman.githubApiUrl']) assert.ok(['machine', 'application'].includes(props[key]!.scope ?? ''), key);
  });

  test('every command of ours is contributed in the Foreman category', () => {
    const contributed = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
    for (const id of Object.values(COMMANDS)) {
      assert.ok(contributed.has(id), `${id} is not contributed`);
      assert.equal(contributed.get(id)!.category, 'Foreman');
    }
  });

  test('commands that need a run are hidden without one', () => {
    const palette = new Map(manifest.contributes.menus.commandPalette!.map((m) => [m.command, m.when]));
    assert.match(palette.get(COMMANDS.stopRun) ?? '', /foreman\.runActive/);
    assert.match(palette.get(COMMANDS.pauseRun) ?? '', /foreman\.runActive/);
    assert.match(palette.get(COMMANDS.continueRun) ?? '', /foreman\.runPaused/);
    assert.match(palette.get('foreman.openReview') ?? '', /foreman\.hasChanges/);
  });

  test('the plan commands show only while a plan waits; the editor-title buttons only on the plan edit', () => {
    const palette = new Map(manifest.contributes.menus.commandPalette!.map((m) => [m.command, m.when]));
    for (const id of [COMMANDS.editPlan, COMMANDS.approveEditedPlan, COMMANDS.rejectPlan]) assert.equal(palette.get(id), 'foreman.planPending', id);
    const title = manifest.contributes.menus['editor/title']!.filter((m) => m.command === COMMANDS.approveEditedPlan || m.command === COMMANDS.rejectPlan);
    assert.equal(title.length, 2);
    for (const m of title) assert.equal(m.when, 'foreman.planPending && foreman.planEditorActive');
  });

  test('the chat is a webview view in a Foreman activity-bar container; activation is implied', () => {
    assert.equal(manifest.contributes.viewsContainers.activitybar[0]?.id, 'foreman');
    assert.deepEqual(manifest.contributes.views.foreman?.map((v) => [v.id, v.type]), [['foreman.chat', 'webview']]);
    assert.deepEqual(manifest.activationEvents, []);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });
});
