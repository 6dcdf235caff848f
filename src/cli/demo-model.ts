/**
 * The built-in demo model: the fake Messages API replaying the orchestrated
 * demo script (planner, parallel workers, synthesis over samples/demo-repo).
 * The script is bundled into dist/cli.js, so the demo needs no files beside it.
 */
import orchestratedScript from '../../samples/orchestrated-script.json';
import { FakeScriptSchema, startFakeAnthropic, type FakeAnthropic } from '../fake-model';

export function startDemoModel(): Promise<FakeAnthropic> {
  return startFakeAnthropic({ script: FakeScriptSchema.parse(orchestratedScript) });
}
