import type { Stop } from '../run/events';
import type { LayerConflict } from './deps';
import type { Plan } from './plan-schema';
import type { SubtaskState } from './scheduler';
import type { Synthesis } from './synthesis-schema';

/**
 * The run's stop, from what happened: 'done' only when every subtask
 * succeeded, every criterion is met and no edit conflicts remain; otherwise
 * 'gave_up' with a sentence naming what is missing.
 */
export function finalStop(input: {
  plan: Plan;
  states: ReadonlyMap<string, SubtaskState>;
  synthesis?: Synthesis;
  conflicts: LayerConflict[];
  filesChanged: number;
}): Stop {
  const problems: string[] = [];
  const failed = input.plan.subtasks.filter((s) => input.states.get(s.id)?.status !== 'succeeded');
  for (const subtask of failed) {
    const state = input.states.get(subtask.id);
    problems.push(`subtask "${subtask.id}" ${state?.status ?? 'did not run'}${state?.stop ? ` (${state.stop.message})` : ''}`);
  }
  const unmet = input.synthesis?.criteria.filter((c) => !c.met) ?? [];
  if (unmet.length > 0) problems.push(`${unmet.length} of ${input.synthesis?.criteria.length} acceptance criteria unmet: ${unmet.map((c) => c.criterion).join('; ')}`);
  if (input.conflicts.length > 0) {
    problems.push(`${input.conflicts.length} conflicting edit${input.conflicts.length > 1 ? 's' : ''} not merged (${[...new Set(input.conflicts.map((c) => c.path))].join(', ')})`);
  }
  if (problems.length === 0) {
    const met = input.synthesis?.criteria.length ?? input.plan.acceptanceCriteria.length;
    return { kind: 'done', message: `solved: ${input.filesChanged} file${input.filesChanged === 1 ? '' : 's'} changed, all ${met} acceptance criteria met; review the changes` };
  }
  return { kind: 'gave_up', message: `not fully solved: ${problems.join('; ')}` };
}
