import { validatePlan } from '../core/orchestrator/plan';
import type { Plan } from '../core/orchestrator/plan-schema';

/**
 * The plan as the user edits it: pretty JSON in, a validated Plan out. Pure
 * (no vscode), so the messages the user reads are unit-tested. The
 * orchestrator validates the edited plan again; this check runs first so a
 * mistake is shown while the plan is still pending and can be fixed, instead
 * of ending the run.
 */

/** Far above any valid plan (12 subtasks), far below what would slow the host. */
export const MAX_EDITED_PLAN_CHARS = 200_000;

export type EditedPlan = { ok: true; plan: Plan } | { ok: false; error: string };

/** The text the editor opens with: the proposed plan as 2-space JSON, ending in a newline. */
export function planEditText(plan: unknown): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** Parses the edited text (JSON, then the `submit_plan` schema and the DAG checks). */
export function parseEditedPlan(text: string): EditedPlan {
  if (text.length > MAX_EDITED_PLAN_CHARS) {
    return { ok: false, error: `the text is ${text.length.toLocaleString('en-US')} characters long; a plan is at most ${MAX_EDITED_PLAN_CHARS.toLocaleString('en-US')}` };
  }
  if (text.trim() === '') return { ok: false, error: 'the editor is empty; it must hold the plan as JSON' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${jsonErrorText(err, text)}` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, error: 'the JSON must be one object with analysis, strategy, mode, acceptanceCriteria and subtasks' };
  }
  const checked = validatePlan(raw);
  return checked.ok ? checked : { ok: false, error: checked.error };
}

/** Whether the edited plan says the same as the proposed one (then it is approved as proposed). */
export function samePlan(edited: Plan, proposed: unknown): boolean {
  const original = validatePlan(proposed);
  return original.ok && JSON.stringify(original.plan) === JSON.stringify(edited);
}

/** V8's message with its "position N" turned into the line and column the user sees in the editor. */
function jsonErrorText(err: unknown, text: string): string {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
  const at = /at position (\d+)/.exec(message);
  if (!at) return message;
  const offset = Number(at[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '')} (line ${line}, column ${column})`;
}
