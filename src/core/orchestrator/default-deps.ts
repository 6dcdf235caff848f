import { runAgent } from '../agent/loop';
import { costUsd } from '../model/pricing';
import { defaultTools, readOnlyTools } from '../tools/default-tools';
import type { OrchestratorDeps } from './deps';

/** The real agent loop, tools and pricing; tests override single pieces. */
export function resolveDeps(overrides: Partial<OrchestratorDeps> = {}): OrchestratorDeps {
  return {
    runAgent: (options) => runAgent(options),
    allTools: defaultTools,
    readOnlyTools,
    price: costUsd,
    ...overrides,
  };
}
