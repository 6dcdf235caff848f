import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretEnvVar, scrubEnv } from '../../../src/core/workspace/scrub-env';

test('removes secrets by name, prefix and value shape; keeps the ordinary environment', () => {
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/u',
    LANG: 'en_US.UTF-8',
    LC_ALL: 'C',
    TERM: 'xterm',
    NODE_ENV: 'test',
    CI: 'true',
    ANTHROPIC_API_KEY: 'sk-ant-api03-abcdefghijkl',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:1234',
    GITHUB_TOKEN: 'x',
    GH_TOKEN: 'x',
    NPM_TOKEN: 'x',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_SESSION_TOKEN: 'x',
    AWS_PROFILE: 'dev',
    MY_SERVICE_PASSWORD: 'x',
    db_passwd: 'x',
    SLACK_WEBHOOK_SECRET: 'x',
    GOOGLE_APPLICATION_CREDENTIALS: '/k.json',
    SSH_AUTH_SOCK: '/tmp/agent',
    GIT_ASKPASS: '/askpass.sh',
    VSCODE_GIT_IPC_HANDLE: '/tmp/ipc',
    VSCODE_IPC_HOOK_CLI: '/tmp/ipc2',
    npm_config__authToken: 'x',
    DATABASE_URL: 'postgres://admin:hunter2@db:5432/app',
    PUBLIC_URL: 'https://example.com/app',
    INNOCENT_NAME: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    ANOTHER: 'AKIAABCDEFGHIJKLMNOP',
    UNDEFINED_ONE: undefined,
  };
  assert.deepEqual(scrubEnv(env), {
    PATH: '/usr/bin:/bin',
    HOME: '/home/u',
    LANG: 'en_US.UTF-8',
    LC_ALL: 'C',
    TERM: 'xterm',
    NODE_ENV: 'test',
    CI: 'true',
    PUBLIC_URL: 'https://example.com/app',
  });
});

test('isSecretEnvVar checks names case-insensitively', () => {
  assert.equal(isSecretEnvVar('anthropic_api_key', 'x'), true);
  assert.equal(isSecretEnvVar('Api_Key', 'x'), true);
  assert.equal(isSecretEnvVar('EDITOR', 'vim'), false);
});

test("drops the host's own plumbing: a nested node --test must not see NODE_TEST_CONTEXT", () => {
  const clean = scrubEnv({
    PATH: '/usr/bin',
    NODE_TEST_CONTEXT: 'child-v8',
    NODE_CHANNEL_FD: '3',
    NODE_CHANNEL_SERIALIZATION_MODE: 'json',
    ELECTRON_RUN_AS_NODE: '1',
    NODE_ENV: 'test',
  });
  assert.deepEqual(clean, { PATH: '/usr/bin', NODE_ENV: 'test' });
});
