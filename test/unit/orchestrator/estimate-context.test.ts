import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatePlanCostUsd, estimatePlanUsage } from '../../../src/core/orchestrator/estimate';
import { compactJson, renderDependencies } from '../../../src/core/orchestrator/workers/dependency-context';
import { callStructured } from '../../../src/core/orchestrator/structured';
import { PlanSchema } from '../../../src/core/orchestrator/plan-schema';
import { PLANNER_SYSTEM } from '../../../src/core/orchestrator/planner';
import { costUsd } from '../../../src/core/model/pricing';
import type { Plan } from '../../../src/core/orchestrator/plan-schema';
import { ScriptedModel, recordingSink, reply, toolUse } from '../../support/scripted-model';

const single: Plan = { analysis: 'a', strategy: 's', mode: 'single-agent', acceptanceCriteria: ['x'], subtasks: [{ id: 'fix', role: 'code', description: 'd' }] };
const wide: Plan = {
  ...single,
  mode: 'orchestrated',
  subtasks: [
    { id: 'an', role: 'analyze', description: 'd' },
    { id: 'c1', role: 'code', description: 'd', dependsOn: ['an'] },
    { id: 'c2', role: 'code', description: 'd', dependsOn: ['an'] },
    { id: 't', role: 'test', description: 'd', dependsOn: ['c1', 'c2'] },
    { id: 'doc', role: 'document', description: 'd', dependsOn: ['c1'] },
  ],
};

describe('plan cost estimate', () => {
  test('grows with the plan and the issue, is priced per model, unknown model gives undefined', () => {
    const small = estimatePlanCostUsd({ plan: single, model: 'claude-sonnet-4-6', price: costUsd, issueChars: 2000, maxStepsPerWorker: 40 });
    const big = estimatePlanCostUsd({ plan: wide, model: 'claude-sonnet-4-6', price: costUsd, issueChars: 2000, maxStepsPerWorker: 40 });
    assert.ok(small !== undefined && big !== undefined);
    assert.ok(small > 0.01 && small < 5, `single-agent estimate ${small}`);
    assert.ok(big > small * 1.5, `orchestrated ${big} vs single ${small}`);
    const longIssue = estimatePlanUsage({ plan: single, issueChars: 200_000, maxStepsPerWorker: 40 });
    const shortIssue = estimatePlanUsage({ plan: single, issueChars: 2000, maxStepsPerWorker: 40 });
    assert.ok(longIssue.inputTokens + longIssue.cacheReadTokens > shortIssue.inputTokens + shortIssue.cacheReadTokens);
    const fewSteps = estimatePlanUsage({ plan: single, issueChars: 2000, maxStepsPerWorker: 2 });
    assert.ok(fewSteps.outputTokens < shortIssue.outputTokens, 'bounded by the step limit');
    assert.equal(estimatePlanCostUsd({ plan: single, model: 'no-such-model', price: costUsd, issueChars: 10, maxStepsPerWorker: 4 }), undefined);
  });
});

describe('dependency context', () => {
  test('large results are summarised within the budget; small ones pass whole', () => {
    const small = { findings: 'short', relevantFiles: ['a.js'] };
    assert.equal(compactJson(small, 1000), JSON.stringify(small, null, 1));
    const huge = { findings: 'x'.repeat(50_000), relevantFiles: Array.from({ length: 500 }, (_, i) => `f${i}.js`) };
    const text = compactJson(huge, 2000);
    assert.ok(text.length <= 2000 + 10, `${text.length}`);
    assert.match(text, /chars cut/);
    assert.match(text, /more/);
    const rendered = renderDependencies([{ subtaskId: 'an', role: 'analyze', status: 'succeeded', result: huge }, { subtaskId: 'c', role: 'code', status: 'failed', note: 'gave up: no' }], 1500);
    assert.match(rendered, /<result subtask="an" role="analyze" status="succeeded">/);
    assert.match(rendered, /gave up: no/);
    assert.ok(rendered.length < 4000);
  });
});

describe('planner output bounds', () => {
  test('1,000 subtasks are answered with a short error the model can act on, then the call fails cleanly', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, role: 'code', description: 'x', dependsOn: [`s${(i + 1) % 1000}`] }));
    const model = new ScriptedModel(() => reply([toolUse('submit_plan', { ...single, mode: 'orchestrated', subtasks: many })]));
    const errors: string[] = [];
    const out = await callStructured({ model, system: PLANNER_SYSTEM, user: 'u', toolName: 'submit_plan', schema: PlanSchema, signal: new AbortController().signal, events: recordingSink(), onInvalid: (_a, e) => errors.push(e) });
    assert.equal(out.ok, false);
    assert.ok(!out.ok && out.stop.kind === 'invalid_output');
    assert.equal(errors.length, 3);
    assert.ok(errors.every((e) => e.length < 300 && /at most 12|<=12/.test(e)), errors[0]);
    assert.ok(PLANNER_SYSTEM.startsWith('Foreman planner\n'));
  });
});
