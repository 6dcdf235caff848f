import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { ModelError, type ModelResponse } from '../../../src/core/model/types';
import { loadScript, startFakeAnthropic } from '../../support/fake-anthropic';
import { ask, clientFor, collect, fakeWith, MODEL } from './helpers';

const text = (response: ModelResponse) => response.content.map((b) => (b.type === 'text' ? b.text : `[${b.name}]`)).join('');
const say = (t: string) => ({ content: [{ type: 'text' as const, text: t }] });

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-model-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('fake model scripts', () => {
  test('entries match on system regex, first user message and turn, in file order, `times` bounded', async (t) => {
    const fake = await fakeWith(
      {
        entries: [
          { match: { system: '^Foreman planner', firstUser: 'issue #9' }, times: 1, reply: say('plan for 9, first time') },
          { match: { system: '^Foreman planner' }, reply: say('any plan') },
          { match: { turn: 1 }, reply: say('second turn') },
          { reply: say('fallback') },
        ],
      },
      t,
    );
    const client = clientFor(fake);
    const planner = (user: string) => ask(user, { system: 'Foreman planner\nrules' });
    assert.equal(text(await client.send(planner('Fix issue #9 please'))), 'plan for 9, first time');
    assert.equal(text(await client.send(planner('Fix issue #9 please'))), 'any plan', 'times: 1 is used up');
    assert.equal(text(await client.send(planner('something else'))), 'any plan');
    const secondTurn = ask('', {
      messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }],
    });
    assert.equal(text(await client.send(secondTurn)), 'second turn');
    assert.equal(text(await client.send(ask('hello'))), 'fallback');
    assert.deepEqual(fake.requests.map((r) => r.entry), [0, 1, 1, 2, 3]);
    assert.deepEqual(fake.requests[3]?.summary, { system: 'Foreman agent\nYou fix issues.', firstUser: 'a', turn: 1 });
  });

  test('parallel conversations each get their own answers, whatever the arrival order', async (t) => {
    const workers = ['code c1', 'test t1', 'document d1'];
    const fake = await fakeWith(
      {
        entries: workers.flatMap((worker) => [
          { match: { system: `^Foreman worker: ${worker}$`, turn: 0 }, delayMs: 30, reply: say(`${worker} step 0`) },
          { match: { system: `^Foreman worker: ${worker}$`, turn: 1 }, reply: say(`${worker} step 1`) },
        ]),
      },
      t,
    );
    const client = clientFor(fake);
    const run = async (worker: string, pause: number) => {
      await new Promise((resolve) => setTimeout(resolve, pause));
      const system = `Foreman worker: ${worker}`;
      const first = await client.send(ask('go', { system }));
      const second = await client.send(
        ask('', { system, messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: first.content }, { role: 'user', content: 'next' }] }),
      );
      return [text(first), text(second)];
    };
    const results = await Promise.all(workers.map((worker, i) => run(worker, (workers.length - i) * 5)));
    assert.deepEqual(results, workers.map((w) => [`${w} step 0`, `${w} step 1`]));
  });

  test('a request that matches nothing gets a 400 naming it', async (t) => {
    const fake = await fakeWith({ entries: [{ match: { system: '^Foreman planner' }, reply: say('x') }] }, t);
    try {
      await clientFor(fake).send(ask('Fix the login bug', { system: 'Foreman worker: test t1\nmore' }));
      assert.fail('expected a 400');
    } catch (error) {
      assert.ok(error instanceof ModelError);
      assert.equal(error.kind, 'invalid_request');
      assert.match(error.message, /no script entry matches the request \(system "Foreman worker: test t1", turn 0, first user message "Fix the login bug"\)/);
    }
    assert.equal(fake.requests.length, 1);
  });

  test('tool ids are generated when absent and kept when given; scripted usage overrides', async (t) => {
    const fake = await fakeWith(
      {
        entries: [
          {
            reply: {
              content: [
                { type: 'tool_use', name: 'a', input: {} },
                { type: 'tool_use', name: 'b', input: { x: 1 } },
                { type: 'tool_use', id: 'toolu_fixed', name: 'c', input: {} },
              ],
              usage: { input_tokens: 1234, cache_read_input_tokens: 99 },
            },
          },
        ],
      },
      t,
    );
    const response = await clientFor(fake).send(ask('hi'));
    const ids = response.content.map((b) => (b.type === 'tool_use' ? b.id : ''));
    assert.match(ids[0]!, /^toolu_01/);
    assert.notEqual(ids[0], ids[1]);
    assert.equal(ids[2], 'toolu_fixed');
    assert.equal(response.stopReason, 'tool_use', 'tool_use is the default stop reason when the reply calls a tool');
    assert.equal(response.usage.inputTokens, 1234);
    assert.equal(response.usage.cacheReadTokens, 99);
  });

  test('the JSON (non-streaming) API answers the same script', async (t) => {
    const fake = await fakeWith({ entries: [{ reply: say('plain json') }] }, t);
    const sdk = new Anthropic({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
    const message = await sdk.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(message.content[0]?.type === 'text' && message.content[0].text, 'plain json');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.usage.input_tokens, 1);
    assert.equal(fake.requests[0]?.stream, false);
  });

  test('tokensPerSecond paces the stream; delayMs delays the start', async (t) => {
    const fake = await fakeWith({ entries: [{ delayMs: 200, tokensPerSecond: 200, reply: say('x'.repeat(400)) }] }, t);
    const { events, onEvent } = collect();
    const started = performance.now();
    await clientFor(fake).send(ask('hi'), { onEvent });
    const elapsed = performance.now() - started;
    // 200 ms delay + 100 tokens at 200/s = 500 ms of streaming.
    assert.ok(elapsed >= 650, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(events.filter((e) => e.type === 'text_delta').length >= 10, 'many small deltas');
  });

  test('--log appends one JSON line per request with its reply or fault', async (t) => {
    const dir = tempDir(t);
    const log = join(dir, 'fake.jsonl');
    const fake = await fakeWith({ entries: [{ times: 1, fault: { kind: 'http', status: 529 } }, { reply: say('logged') }] }, t, { logFile: log });
    await clientFor(fake, { retryPolicy: { initialDelayMs: 5 } }).send(ask('hi'));
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    assert.deepEqual([lines[0].status, lines[0].fault, lines[0].entry], [529, 'http', 0]);
    assert.equal(lines[1].reply.content[0].text, 'logged');
    assert.equal(lines[1].body.messages[0].content, 'hi');
  });

  test('scripts load from a file; a bad script is refused with the field named', async (t) => {
    const dir = tempDir(t);
    const file = join(dir, 'script.json');
    writeFileSync(file, JSON.stringify({ entries: [{ reply: say('from file') }] }));
    const fake = await startFakeAnthropic({ script: file });
    t.after(() => fake.close());
    assert.equal(text(await clientFor(fake).send(ask('hi'))), 'from file');

    assert.throws(() => loadScript({ entries: [{ times: 1 }] } as never), /needs a "reply" or a "fault"/);
    assert.throws(() => loadScript({ entries: [{ match: { system: '(' }, reply: say('x') }] }), /regular expression/);
    assert.throws(() => loadScript({ entries: [{ fault: { kind: 'explode' } }] } as never), /kind/);
    assert.throws(() => loadScript(join(dir, 'missing.json')), /cannot read fake-model script/);
  });
});
