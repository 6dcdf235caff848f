import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../../src/core/model/types';
import { ask, clientFor, collect, fakeWith } from './helpers';

const reply = { content: [{ type: 'text' as const, text: 'All good after all.' }] };
const fast = { retryPolicy: { initialDelayMs: 10, maxDelayMs: 20 } };

async function rejection(promise: Promise<unknown>): Promise<ModelError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ModelError, `expected a ModelError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('model client faults, through the real SDK', () => {
  test('429 with retry-after: 1 is waited out, then answered', async (t) => {
    const fake = await fakeWith({ entries: [{ times: 1, fault: { kind: 'http', status: 429, retryAfter: 1 } }, { reply }] }, t);
    const { events, onEvent } = collect();
    const started = Date.now();
    const response = await clientFor(fake).send(ask('hi'), { onEvent });
    const elapsed = Date.now() - started;
    assert.equal(response.content[0]?.type === 'text' && response.content[0].text, 'All good after all.');
    assert.ok(elapsed >= 980, `waited ${elapsed} ms`);
    const retries = events.filter((e) => e.type === 'retry');
    assert.equal(retries.length, 1);
    assert.deepEqual(retries[0] && { attempt: retries[0].attempt, delayMs: retries[0].delayMs }, { attempt: 1, delayMs: 1000 });
    assert.match(retries[0]?.reason ?? '', /rate limit.*429/i);
    assert.deepEqual(fake.requests.map((r) => r.status), [429, 200]);
  });

  test('529 is retried with backoff until it passes', async (t) => {
    const fake = await fakeWith({ entries: [{ times: 2, fault: { kind: 'http', status: 529 } }, { reply }] }, t);
    const { events, onEvent } = collect();
    await clientFor(fake, fast).send(ask('hi'), { onEvent });
    assert.deepEqual(fake.requests.map((r) => r.status), [529, 529, 200]);
    assert.deepEqual(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.attempt), [1, 2]);
  });

  test('529 beyond maxRetries surfaces as a retryable overloaded ModelError', async (t) => {
    const fake = await fakeWith({ entries: [{ fault: { kind: 'http', status: 529 } }] }, t);
    const error = await rejection(clientFor(fake, { ...fast, maxRetries: 1 }).send(ask('hi')));
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.status, 529);
    assert.equal(error.retryable, true);
    assert.equal(fake.requests.length, 2);
  });

  test('500 is retried; 400 surfaces the API message and is never retried', async (t) => {
    const fake = await fakeWith({ entries: [{ times: 1, fault: { kind: 'http', status: 500 } }, { reply }] }, t);
    const client = clientFor(fake, fast);
    await client.send(ask('hi'));
    assert.deepEqual(fake.requests.map((r) => r.status), [500, 200]);

    const error = await rejection(
      client.send(ask('hi', { tools: [{ name: 'finish', description: 'f', input_schema: { type: 'object' } }], toolChoice: { type: 'tool', name: 'nope' } })),
    );
    assert.equal(error.kind, 'invalid_request');
    assert.equal(error.retryable, false);
    assert.equal(error.status, 400);
    assert.match(error.message, /rejected the request \(HTTP 400\): tool_choice\.name: Tool 'nope' not found/);
    assert.match(error.message, /request req_01/);
    assert.equal(fake.requests.length, 3, 'the 400 was sent once');
  });

  test('a mid-stream error event is retried from scratch; the retry is announced', async (t) => {
    const fake = await fakeWith(
      {
        entries: [
          { times: 1, reply: { content: [{ type: 'text', text: 'Partial text that will be thrown away.' }] }, fault: { kind: 'stream-error', afterEvents: 4 } },
          { reply },
        ],
      },
      t,
    );
    const { events, onEvent } = collect();
    const response = await clientFor(fake, fast).send(ask('hi'), { onEvent });
    assert.deepEqual(response.content, reply.content);
    const kinds = events.map((e) => e.type);
    const retryAt = kinds.indexOf('retry');
    assert.ok(retryAt > 0 && kinds.slice(0, retryAt).includes('text_delta'), 'partial deltas came before the retry');
    const retry = events[retryAt];
    assert.match(retry?.type === 'retry' ? retry.reason : '', /overloaded.*Overloaded/i);
    assert.equal(fake.requests.length, 2);
  });

  test('a mid-stream error with no retries left is a typed, retryable failure', async (t) => {
    const fake = await fakeWith({ entries: [{ fault: { kind: 'stream-error', afterEvents: 2 } }] }, t);
    const error = await rejection(clientFor(fake, { maxRetries: 0 }).send(ask('hi')));
    assert.equal(error.kind, 'overloaded');
    assert.equal(error.retryable, true);
    assert.equal(error.status, undefined);
    assert.match(error.message, /in the middle of the reply|overloaded/i);
  });

  test('a dropped connection is a retryable network error, retried', async (t) => {
    const fake = await fakeWith({ entries: [{ times: 1, fault: { kind: 'drop', afterEvents: 3 } }, { reply }] }, t);
    const { events, onEvent } = collect();
    await clientFor(fake, fast).send(ask('hi'), { onEvent });
    const retry = events.find((e) => e.type === 'retry');
    assert.match(retry?.type === 'retry' ? retry.reason : '', /connection/i);

    const dropOnly = await fakeWith({ entries: [{ fault: { kind: 'drop', afterEvents: 3 } }] }, t);
    const error = await rejection(clientFor(dropOnly, { maxRetries: 0 }).send(ask('hi')));
    assert.equal(error.kind, 'network');
    assert.equal(error.retryable, true);
  });

  test('a hung request times out after timeoutMs of silence, and is retried', async (t) => {
    const fake = await fakeWith({ entries: [{ fault: { kind: 'hang' } }] }, t);
    const started = Date.now();
    const error = await rejection(clientFor(fake, { maxRetries: 0, timeoutMs: 300 }).send(ask('hi')));
    const elapsed = Date.now() - started;
    assert.equal(error.kind, 'timeout');
    assert.ok(elapsed >= 290 && elapsed < 1000, `timed out after ${elapsed} ms`);

    const once = await fakeWith({ entries: [{ times: 1, fault: { kind: 'hang' } }, { reply }] }, t);
    const response = await clientFor(once, { ...fast, timeoutMs: 300 }).send(ask('hi'));
    assert.deepEqual(response.content, reply.content);
  });

  test('a stream that goes quiet mid-reply times out', async (t) => {
    // 2 tokens per second, ~4 tokens per delta: two seconds between deltas.
    const fake = await fakeWith({ entries: [{ tokensPerSecond: 2, reply: { content: [{ type: 'text', text: 'slow '.repeat(20) }] } }] }, t);
    const { events, onEvent } = collect();
    const error = await rejection(clientFor(fake, { maxRetries: 0, timeoutMs: 400 }).send(ask('hi'), { onEvent }));
    assert.equal(error.kind, 'timeout');
  });

  test('abort mid-stream rejects within 100 ms and closes the connection', async (t) => {
    const fake = await fakeWith({ entries: [{ tokensPerSecond: 50, reply: { content: [{ type: 'text', text: 'word '.repeat(400) }] } }] }, t);
    const controller = new AbortController();
    let abortedAt = 0;
    const call = clientFor(fake).send(ask('hi'), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'text_delta' && !abortedAt) {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 50);
          abortedAt = -1;
        }
      },
    });
    const error = await rejection(call);
    const latency = performance.now() - abortedAt;
    assert.equal(error.kind, 'aborted');
    assert.equal(error.retryable, false);
    assert.ok(abortedAt > 0 && latency <= 100, `abort took ${latency.toFixed(1)} ms`);
    t.diagnostic(`abort latency ${latency.toFixed(2)} ms`);
    assert.equal(fake.requests.length, 1, 'an abort is never retried');
  });

  test('abort during a retry wait stops at once', async (t) => {
    const fake = await fakeWith({ entries: [{ fault: { kind: 'http', status: 429, retryAfter: 5 } }] }, t);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await rejection(clientFor(fake).send(ask('hi'), { signal: controller.signal }));
    assert.equal(error.kind, 'aborted');
    assert.ok(Date.now() - started < 600);
    assert.equal(fake.requests.length, 1);
  });

  test('an already aborted signal sends nothing', async (t) => {
    const fake = await fakeWith({ entries: [{ reply }] }, t);
    const error = await rejection(clientFor(fake).send(ask('hi'), { signal: AbortSignal.abort() }));
    assert.equal(error.kind, 'aborted');
    assert.equal(fake.requests.length, 0);
  });

  test('an unreachable server is a network error', async () => {
    const { createAnthropicModelClient } = await import('../../../src/core/model/anthropic');
    const client = createAnthropicModelClient({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', model: 'm', maxRetries: 0 });
    const error = await rejection(client.send(ask('hi')));
    assert.equal(error.kind, 'network');
  });
});
