import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, secretsFromEnv } from '../../../src/core/run/redact';

describe('Redactor', () => {
  test('replaces given values everywhere, also inside keys and nested values', () => {
    const r = new Redactor(['hunter2-secret']);
    assert.equal(r.redact('pw=hunter2-secret!'), 'pw=[redacted]!');
    assert.deepEqual(r.redactValue({ a: ['x hunter2-secret'], 'hunter2-secret': 1, n: 3 }), { a: ['x [redacted]'], '[redacted]': 1, n: 3 });
  });

  test('catches known token shapes without being told', () => {
    const r = new Redactor();
    const text = `key sk-ant-api03-AbCdEf_123456789 and ghp_${'a'.repeat(36)} and github_pat_${'B'.repeat(30)}`;
    assert.equal(r.redact(text), 'key [redacted] and [redacted] and [redacted]');
  });

  test('ignores values too short to be secrets', () => {
    const r = new Redactor(['', 'a', 'abc', undefined]);
    assert.equal(r.redact('a abc'), 'a abc');
  });

  test('secretsFromEnv picks keys and tokens, not ordinary variables', () => {
    const found = secretsFromEnv({ ANTHROPIC_API_KEY: 'k1', GITHUB_TOKEN: 't1', GH_TOKEN: 't2', NPM_AUTH: 'a1', MY_SECRET: 's1', PATH: '/bin', HOME: '/h', TOKENIZER: 'x' });
    assert.deepEqual(found.sort(), ['a1', 'k1', 's1', 't1', 't2']);
  });
});
