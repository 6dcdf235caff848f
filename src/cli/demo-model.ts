/** The built-in demo model: the fake Messages API replaying samples/demo-script.json. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startFakeAnthropic, type FakeAnthropic } from '../fake-model';

/** samples/ next to dist/cli.js (bundled) or two levels above src/cli (tsx). */
export function demoScriptPath(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'samples', 'demo-script.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('samples/demo-script.json not found next to the CLI');
}

export function startDemoModel(): Promise<FakeAnthropic> {
  return startFakeAnthropic({ script: demoScriptPath() });
}
