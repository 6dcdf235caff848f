import type { RecordedRequest } from '../../../src/fake-model';

/** The system prompt of a request the fake model recorded (text blocks joined). */
export function systemOf(r: RecordedRequest): string {
  const body = r.body as { system?: string | { text?: string }[] } | undefined;
  const system = body?.system;
  if (typeof system === 'string') return system;
  return Array.isArray(system) ? system.map((b) => b.text ?? '').join('\n') : '';
}

/** Requests of the single agent ('Foreman agent' system prompt). */
export function agentRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => systemOf(r).startsWith('Foreman agent'));
}

/** Whether the request's messages contain `needle` anywhere (tool results, follow-ups). */
export function mentions(r: RecordedRequest, needle: string): boolean {
  return JSON.stringify((r.body as { messages?: unknown } | undefined)?.messages ?? []).includes(needle);
}
