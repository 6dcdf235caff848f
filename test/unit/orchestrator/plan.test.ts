import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPlan, findCycle, topologicalOrder, validatePlan } from '../../../src/core/orchestrator/plan';
import type { Plan, Subtask } from '../../../src/core/orchestrator/plan-schema';

const st = (id: string, role: Subtask['role'], dependsOn?: string[]): Subtask => ({ id, role, description: `do ${id}`, ...(dependsOn ? { dependsOn } : {}) });
const plan = (subtasks: Subtask[], mode: Plan['mode'] = 'orchestrated'): Plan => ({ analysis: 'a', strategy: 's', mode, acceptanceCriteria: ['works'], subtasks });

describe('plan checks', () => {
  test('a valid DAG passes and orders dependencies first', () => {
    const p = plan([st('test', 'test', ['code']), st('code', 'code', ['analyze']), st('analyze', 'analyze')]);
    assert.deepEqual(checkPlan(p), []);
    assert.deepEqual(topologicalOrder(p.subtasks), ['analyze', 'code', 'test']);
  });

  test('duplicate ids, unknown and self dependencies are named', () => {
    const problems = checkPlan(plan([st('a', 'code'), st('a', 'test', ['ghost']), st('b', 'code', ['b'])]));
    assert.ok(problems.some((p) => /"a" is used more than once/.test(p)));
    assert.ok(problems.some((p) => /depends on unknown subtask "ghost"/.test(p)));
    assert.ok(problems.some((p) => /"b" depends on itself/.test(p)));
  });

  test('a cycle is reported as a path', () => {
    const subtasks = [st('a', 'code', ['c']), st('b', 'code', ['a']), st('c', 'test', ['b'])];
    const cycle = findCycle(subtasks);
    assert.ok(cycle);
    assert.equal(cycle[0], cycle.at(-1));
    assert.equal(cycle.length, 4);
    assert.match(checkPlan(plan(subtasks)).join('\n'), /cycle: a -> c -> b -> a/);
  });

  test('single-agent mode needs exactly one code subtask', () => {
    assert.deepEqual(checkPlan(plan([st('fix', 'code')], 'single-agent')), []);
    assert.match(checkPlan(plan([st('fix', 'code'), st('t', 'test')], 'single-agent')).join(), /exactly one subtask/);
    assert.match(checkPlan(plan([st('a', 'analyze')], 'single-agent')).join(), /0 of role code/);
  });

  test('1,000 subtasks are rejected with one clear sentence', () => {
    const many = Array.from({ length: 1000 }, (_, i) => st(`s${i}`, 'code', i > 0 ? [`s${i - 1}`] : undefined));
    const t0 = performance.now();
    const result = validatePlan(plan(many));
    assert.ok(performance.now() - t0 < 200);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.error.length < 200, 'short');
    assert.ok(!result.ok && /1000 subtasks; at most 12/.test(result.error));
  });

  test('shape errors are readable and bounded; unknown roles are rejected', () => {
    const bad = validatePlan({ analysis: 'a', strategy: 's', mode: 'orchestrated', acceptanceCriteria: ['x'], subtasks: [{ id: 'a', role: 'deploy', description: 'x' }] });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && /role/.test(bad.error) && /subtasks/.test(bad.error), !bad.ok ? bad.error : '');
    const junk = validatePlan('not json at all');
    assert.equal(junk.ok, false);
    const many = validatePlan({ analysis: 1, strategy: 2, mode: 3, acceptanceCriteria: 4, subtasks: Array.from({ length: 12 }, () => ({})) });
    assert.ok(!many.ok && /more problems/.test(many.error));
  });
});
