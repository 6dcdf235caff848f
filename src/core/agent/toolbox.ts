/**
 * Adapts what the caller passes as `tools` to the loop's AgentToolbox. A
 * registry with `specs()`/`run()` is used as is (its risk lookup is read
 * from `riskOf` or `get(name).risk`); a plain Tool[] gets a minimal
 * registry: zod-validated input, errors returned to the model, never thrown.
 */
import { z } from 'zod';
import type { ToolSpec } from '../model/types';
import type { Tool, ToolContext, ToolOutput, ToolRisk } from '../tools/tool';
import type { AgentToolbox } from './types';

interface RegistryLike {
  specs(): ToolSpec[];
  run(name: string, rawInput: unknown, ctx: ToolContext): Promise<ToolOutput>;
  riskOf?(name: string): ToolRisk | undefined;
  get?(name: string): { risk: ToolRisk } | undefined;
}

export function toToolbox(tools: RegistryLike | Tool[]): AgentToolbox {
  if (Array.isArray(tools)) return toolboxFromTools(tools);
  if (typeof tools.riskOf === 'function') return tools as AgentToolbox;
  return {
    specs: () => tools.specs(),
    run: (name, input, ctx) => tools.run(name, input, ctx),
    riskOf: (name) => tools.get?.(name)?.risk,
  };
}

export function toolboxFromTools(tools: Tool[]): AgentToolbox {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return {
    specs: () =>
      tools.map((t) => {
        const { $schema: _drop, ...schema } = z.toJSONSchema(t.input) as Record<string, unknown>;
        return { name: t.name, description: t.description, input_schema: { ...schema, type: 'object' } };
      }),
    riskOf: (name) => byName.get(name)?.risk,
    async run(name, rawInput, ctx) {
      const tool = byName.get(name);
      if (!tool) return { content: `Unknown tool "${name}". Available tools: ${[...byName.keys()].join(', ')}.`, isError: true };
      const parsed = tool.input.safeParse(rawInput);
      if (!parsed.success) return { content: `Invalid input for ${name}: ${z.prettifyError(parsed.error)}`, isError: true };
      try {
        return await tool.run(parsed.data, ctx);
      } catch (error) {
        return { content: `${name} failed: ${error instanceof Error ? error.message : String(error)}`, isError: true };
      }
    },
  };
}
