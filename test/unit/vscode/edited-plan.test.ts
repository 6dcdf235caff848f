import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SUBTASKS } from '../../../src/core/orchestrator/plan-schema';
import { MAX_EDITED_PLAN_CHARS, parseEditedPlan, planEditText, samePlan } from '../../../src/ui/edited-plan';
import { TWO_STEP_PLAN } from './plan-fixture';

const edited = (change: (plan: typeof TWO_STEP_PLAN) => unknown) => JSON.stringify(change(structuredClone(TWO_STEP_PLAN)), null, 2);

describe('edited plan: the text the user edits', () => {
  test('opens as pretty JSON that parses back to the same plan', () => {
    const text = planEditText(TWO_STEP_PLAN);
    assert.match(text, /^\{\n {2}"analysis": /);
    assert.ok(text.endsWith('}\n'));
    const parsed = parseEditedPlan(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.plan, TWO_STEP_PLAN);
    assert.equal(samePlan(parsed.plan, TWO_STEP_PLAN), true);
  });

  test('a removed subtask and a changed description are a different, valid plan', () => {
    const parsed = parseEditedPlan(edited((p) => ({ ...p, subtasks: [{ ...p.subtasks[1]!, description: 'Only fix it.', dependsOn: [] }] })));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.plan.subtasks.map((s) => [s.id, s.description]), [['fix', 'Only fix it.']]);
    assert.equal(samePlan(parsed.plan, TWO_STEP_PLAN), false);
  });

  test('a JSON mistake names the line and column where the editor shows it', () => {
    const text = '{\n  "analysis": "a",\n  "strategy": "s",\n}\n';
    const parsed = parseEditedPlan(text);
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.error : '', /^not valid JSON: .*\(line 4, column 1\)$/);
  });

  test('empty text, non-objects and huge text are refused with a sentence', () => {
    const cases: Array<[string, RegExp]> = [
      ['   \n', /editor is empty/],
      ['[1, 2]', /must be one object/],
      ['null', /must be one object/],
      ['"plan"', /must be one object/],
      [' '.repeat(MAX_EDITED_PLAN_CHARS + 1), /at most 200,000/],
    ];
    for (const [text, expected] of cases) {
      const parsed = parseEditedPlan(text);
      assert.equal(parsed.ok, false, JSON.stringify(text.slice(0, 20)));
      assert.match(!parsed.ok ? parsed.error : '', expected);
    }
  });

  test('the plan checks of the orchestrator apply: schema, unknown dependency, cycle, role, count', () => {
    const cases: Array<[string, RegExp]> = [
      [edited((p) => ({ ...p, subtasks: [{ id: 'fix', role: 'code' }] })), /description/],
      [edited((p) => ({ ...p, subtasks: [] })), /subtasks/],
      [edited((p) => ({ ...p, subtasks: [p.subtasks[1]] })), /depends on unknown subtask "look"/],
      [edited((p) => ({ ...p, subtasks: [{ ...p.subtasks[0]!, dependsOn: ['fix'] }, p.subtasks[1]] })), /cycle: .*look.*fix|cycle: .*fix.*look/],
      [edited((p) => ({ ...p, subtasks: [{ ...p.subtasks[0]!, role: 'deploy' }, p.subtasks[1]] })), /role/],
      [edited((p) => ({ ...p, mode: 'single-agent' })), /single-agent/],
      [edited((p) => ({ ...p, subtasks: Array.from({ length: MAX_SUBTASKS + 1 }, (_, i) => ({ id: `s${i}`, role: 'analyze', description: 'x' })) })), /at most 12 are allowed/],
    ];
    for (const [text, expected] of cases) {
      const parsed = parseEditedPlan(text);
      assert.equal(parsed.ok, false, `accepted: ${text.slice(0, 200)}`);
      assert.match(!parsed.ok ? parsed.error : '', expected);
    }
  });

  test('samePlan is false when the proposal itself does not validate', () => {
    const parsed = parseEditedPlan(planEditText(TWO_STEP_PLAN));
    assert.ok(parsed.ok);
    assert.equal(samePlan(parsed.plan, { subtasks: 'none' }), false);
  });
});
