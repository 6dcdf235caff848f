import type { FakeScript, ScriptEntry } from '../../../src/fake-model';

/**
 * Fake-model scripts of the scenarios, built in code so each scenario reads
 * as what the model does. Matching is by system prompt (the public first
 * lines: 'Foreman planner', 'Foreman agent', …) and assistant turn.
 */

type Entry = ScriptEntry;
type Block = NonNullable<Entry['reply']>['content'][number];

export const PLANNER = '^Foreman planner(\\n|$)';
export const AGENT = '^Foreman agent(\\n|$)';
export const SYNTHESIS = '^Foreman synthesis(\\n|$)';

export const text = (t: string): Block => ({ type: 'text', text: t });
export const tool = (name: string, input: Record<string, unknown>): Block => ({ type: 'tool_use', name, input });

/** A single-agent plan for the demo repo (one code subtask): follow-ups go to that agent. */
export function singleAgentPlan(description: string, verify: string | null = 'npm test'): Entry {
  return {
    match: { system: PLANNER, turn: 0 },
    delayMs: 100,
    reply: {
      content: [
        text('A small, local change: one agent.'),
        tool('submit_plan', {
          analysis: 'src/cart.js: subtotal() ignores item.quantity.',
          strategy: 'One code agent edits src/cart.js and runs the tests.',
          mode: 'single-agent',
          acceptanceCriteria: ['subtotal counts every unit of a line'],
          subtasks: [{ id: 'fix', role: 'code', description, files: ['src/cart.js'], ...(verify ? { verify } : {}) }],
        }),
      ],
    },
  };
}

/** The agent's turn `turn` (0-based). */
export function agentTurn(turn: number, content: Block[], extra: Partial<Entry> = {}): Entry {
  return { match: { system: AGENT, turn }, reply: { content }, ...extra };
}

/** A synthesis answer, in case the run reaches it. */
export function synthesis(summary: string): Entry {
  return {
    match: { system: SYNTHESIS },
    reply: { content: [tool('submit_synthesis', { summary, prTitle: 'Fix cart', prBody: summary, criteria: [] })] },
  };
}

/** Anything unscripted gives up, so a wrong turn ends the run readably instead of hanging. */
export const FALLBACK_GIVE_UP: Entry = {
  reply: { content: [tool('give_up', { reason: 'The e2e script has no answer for this request.' })] },
};

export function script(...entries: Entry[]): FakeScript {
  return { entries: [...entries, FALLBACK_GIVE_UP] };
}

export const QUANTITY_EDIT = { filePath: 'src/cart.js', oldText: '    total += item.price;', newText: '    total += item.price * item.quantity;' };
