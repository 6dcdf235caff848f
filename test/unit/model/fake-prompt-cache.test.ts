import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHE_TTL_MS, PromptCache, type PromptBlock } from '../../../src/fake-model/accounting';

const block = (key: string, tokens: number, breakpoint = false): PromptBlock => ({ key, tokens, breakpoint });

describe('fake PromptCache', () => {
  test('first call writes up to the last breakpoint; the next reads it back', () => {
    const cache = new PromptCache();
    const prefix = [block('tools', 100, true), block('system', 50, true), block('issue', 200, true)];
    assert.deepEqual(cache.account('m', [...prefix, block('q', 10)]), {
      input_tokens: 10,
      cache_creation_input_tokens: 350,
      cache_read_input_tokens: 0,
    });
    assert.deepEqual(cache.account('m', [...prefix, block('q2', 30)]), {
      input_tokens: 30,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 350,
    });
  });

  test('the moving tail: an earlier tail is found by looking back from the new one', () => {
    const cache = new PromptCache();
    const turn1 = [block('sys', 100, true), block('u1', 40, true)];
    cache.account('m', turn1);
    const turn2 = [block('sys', 100, true), block('u1', 40), block('a1', 20), block('u2', 30, true)];
    assert.deepEqual(cache.account('m', turn2), { input_tokens: 0, cache_creation_input_tokens: 50, cache_read_input_tokens: 140 });
  });

  test('per model, changed prefix misses, entries expire after 5 minutes', () => {
    let now = 0;
    const cache = new PromptCache(0, () => now);
    const blocks = [block('sys', 100, true)];
    cache.account('a', blocks);
    assert.equal(cache.account('b', blocks).cache_read_input_tokens, 0, 'other model');
    assert.equal(cache.account('a', [block('sys2', 100, true)]).cache_read_input_tokens, 0, 'other prefix');
    now = CACHE_TTL_MS - 1;
    assert.equal(cache.account('a', blocks).cache_read_input_tokens, 100, 'still live, and refreshed');
    now += CACHE_TTL_MS + 1;
    assert.equal(cache.account('a', blocks).cache_read_input_tokens, 0, 'expired');
  });

  test('no breakpoints: all input; below the minimum length nothing is cached', () => {
    const cache = new PromptCache(1024);
    assert.deepEqual(cache.account('m', [block('x', 500)]), { input_tokens: 500, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    assert.deepEqual(cache.account('m', [block('x', 500, true)]), { input_tokens: 500, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    assert.equal(cache.account('m', [block('x', 500, true)]).cache_read_input_tokens, 0);
  });
});
