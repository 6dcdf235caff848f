/**
 * Adapts what the caller passes as `tools` to the loop's AgentToolbox: a
 * Tool[] goes through the tools' own registry (zod-validated input, model
 * mistakes returned as is_error results, never thrown); a registry is used
 * as it is, with its risk read from `riskOf` or `get(name).risk`.
 */
import type { ToolSpec } from '../model/types';
import { createToolRegistry } from '../tools/registry';
import type { Tool, ToolContext, ToolOutput, ToolRisk } from '../tools/tool';
import type { AgentToolbox } from './types';

export interface RegistryLike {
  specs(): ToolSpec[];
  run(name: string, rawInput: unknown, ctx: ToolContext): Promise<ToolOutput>;
  riskOf?(name: string): ToolRisk | undefined;
  get?(name: string): { risk: ToolRisk } | undefined;
}

export function toToolbox(tools: RegistryLike | readonly Tool[]): AgentToolbox {
  const registry: RegistryLike = Array.isArray(tools) ? createToolRegistry(tools as readonly Tool[]) : (tools as RegistryLike);
  if (typeof registry.riskOf === 'function') return registry as AgentToolbox;
  return {
    specs: () => registry.specs(),
    run: (name, input, ctx) => registry.run(name, input, ctx),
    riskOf: (name) => registry.get?.(name)?.risk,
  };
}
