/** The fake Messages API: Node-only, embedded by `npm run demo` and the CLI's `--demo`. */
export { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions, type RecordedRequest } from './server';
export { loadScript, FakeScriptSchema, type FakeScript, type ScriptEntry, type ScriptFault, type ScriptReply } from './script';
export { estimateTokens } from './accounting';
export type { ApiMessage, ApiUsage } from './reply';
