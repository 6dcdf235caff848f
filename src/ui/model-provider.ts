import type { ModelClient } from '../core/model/types';
import type { ForemanSettings } from '../vscode/settings-schema';
import type { IDisposable } from '../vscode/lifecycle';

export interface ModelChoice {
  client: ModelClient;
  /** True when the embedded fake model answers (demo mode): no key, no cost. */
  demo: boolean;
  /** Values the run record must never contain (the API key): given to its redactor, never logged. */
  secrets: string[];
}

export interface ModelProviderOptions {
  /** The API key from SecretStorage; never logged. */
  getKey(): Promise<string | undefined>;
  settings(): ForemanSettings;
  /** The fake model's script for demo mode (loaded lazily: only demos need it). */
  demoScript(): Promise<unknown>;
  log(message: string): void;
}

/** The key every request to the embedded fake carries: it checks that one is present, not its value. */
const DEMO_KEY = 'foreman-demo-key';

/**
 * Builds the model client for a run: the Anthropic API with the user's key,
 * or the embedded fake Messages API with the bundled demo script when demo
 * mode is on (setting, or "Try the demo" without a key). Heavy modules (the
 * SDK, the fake server) are imported on first use, not at activation.
 */
export class ModelProvider implements IDisposable {
  private fake: Promise<{ url: string; close(): Promise<void> }> | undefined;
  private demoChosen = false;

  constructor(private readonly options: ModelProviderOptions) {}

  /** "Try the demo": later runs use the fake model (until a key is set: `chooseDemo(false)`). */
  chooseDemo(on = true): void {
    this.demoChosen = on;
  }

  get demo(): boolean {
    return this.demoChosen || this.options.settings().demoMode;
  }

  /** Undefined when there is no key and demo mode is off: the caller asks for a key. */
  async create(): Promise<ModelChoice | undefined> {
    const settings = this.options.settings();
    const { createAnthropicModelClient } = await import('../core/model/anthropic');
    if (this.demo) {
      const fake = await this.startFake();
      return { client: createAnthropicModelClient({ apiKey: DEMO_KEY, baseURL: fake.url, model: settings.model }), demo: true, secrets: [] };
    }
    const apiKey = await this.options.getKey();
    if (!apiKey) return undefined;
    return {
      client: createAnthropicModelClient({ apiKey, model: settings.model, ...(settings.baseUrl ? { baseURL: settings.baseUrl } : {}) }),
      demo: false,
      secrets: [apiKey],
    };
  }

  private startFake(): Promise<{ url: string; close(): Promise<void> }> {
    this.fake ??= (async () => {
      const [{ startFakeAnthropic }, script] = await Promise.all([import('../fake-model'), this.options.demoScript()]);
      const server = await startFakeAnthropic({ script: script as never });
      this.options.log(`Demo model listening on ${server.url}`);
      return server;
    })();
    // A failed start is not cached: the next run tries again.
    this.fake.catch(() => (this.fake = undefined));
    return this.fake;
  }

  dispose(): void {
    const fake = this.fake;
    this.fake = undefined;
    void fake?.then((f) => f.close()).catch(() => undefined);
  }
}
