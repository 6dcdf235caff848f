import { createAnthropicModelClient, type AnthropicModelClientOptions } from '../../../src/core/model/anthropic';
import type { ModelRequest, ModelStreamEvent } from '../../../src/core/model/types';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions, type FakeScript } from '../../support/fake-anthropic';

export const MODEL = 'claude-sonnet-4-6';

/** A fake server with `script`, closed by the test's `after`. */
export async function fakeWith(
  script: FakeScript,
  t: { after(fn: () => Promise<void>): void },
  extra: Omit<FakeAnthropicOptions, 'script'> = {},
): Promise<FakeAnthropic> {
  const fake = await startFakeAnthropic({ script, ...extra });
  t.after(() => fake.close());
  return fake;
}

export function clientFor(fake: FakeAnthropic, options: Partial<AnthropicModelClientOptions> = {}) {
  return createAnthropicModelClient({ apiKey: 'test-key', baseURL: fake.url, model: MODEL, ...options });
}

export const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  system: 'Foreman agent\nYou fix issues.',
  messages: [{ role: 'user', content: text }],
  maxTokens: 1024,
  ...extra,
});

export function collect() {
  const events: ModelStreamEvent[] = [];
  return { events, onEvent: (event: ModelStreamEvent) => events.push(event) };
}

/** POSTs a raw body to the fake, as a client that bypasses the SDK would. */
export async function post(fake: FakeAnthropic, body: unknown, path = '/v1/messages', headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
