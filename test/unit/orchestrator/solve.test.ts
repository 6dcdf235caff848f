import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { harness, planReply, synthesisReply, sub } from './solve-harness';
import { reply, toolUse } from '../../support/scripted-model';
import { parseSavedRunState } from '../../../src/core/orchestrator/state';
import type { AgentRunOptions } from '../../../src/core/orchestrator/deps';

const edit = async (agent: AgentRunOptions, path: string, content: string) => {
  await agent.toolContext.changes.write(path, content, agent.provenance);
};

describe('solveIssue', () => {
  test('single-agent: one code subtask under "Foreman agent", synthesis, done', async () => {
    const h = harness({
      plan: () => planReply({ mode: 'single-agent', subtasks: [sub('fix', 'code', undefined, { verify: 'npm test' })] }),
      agents: {
        fix: async (agent) => {
          assert.equal(agent.verify, 'npm test');
          await edit(agent, 'src/a.js', 'one\nTWO\nthree\nfour\nfive\nsix\nseven\n');
          return { stop: { kind: 'done', message: 'finished' }, summary: 'fixed two' };
        },
      },
    });
    const out = await h.run();
    assert.equal(out.stop.kind, 'done', out.stop.message);
    assert.match(out.stop.message, /1 file changed, all 1 acceptance criteria met/);
    assert.deepEqual(h.agentSystems, ['Foreman agent']);
    assert.equal(h.fs.text('src/a.js'), 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n', 'the disk is untouched');
    const change = out.changes.get('src/a.js');
    assert.equal(change?.provenance[0]?.subtaskId, 'fix');
    assert.equal(change?.provenance[0]?.workerId, 'fix-1');
    const types = h.events.events.map((e) => e.type);
    for (const t of ['run_started', 'issue_loaded', 'plan_proposed', 'plan_approved', 'worker_started', 'change_proposed', 'worker_finished', 'synthesis', 'run_finished']) {
      assert.ok(types.includes(t as never), t);
    }
    assert.ok(types.indexOf('plan_proposed') < types.indexOf('worker_started'));
    const started = h.events.events.find((e) => e.type === 'worker_started');
    assert.ok(started?.type === 'worker_started' && started.role === 'agent');
    const proposed = h.events.events.find((e) => e.type === 'plan_proposed');
    assert.ok(proposed?.type === 'plan_proposed' && typeof proposed.estimateUsd === 'number' && proposed.estimateUsd > 0);
    assert.equal(h.calls['Foreman synthesis'], 1);
    const last = parseSavedRunState(h.saved.at(-1));
    assert.equal(last.phase, 'finished');
    assert.equal(last.stop?.kind, 'done');
  });

  test('orchestrated: analyze result reaches the code worker; document worker via submit_result', async () => {
    let codeTask = '';
    const h = harness({
      plan: () => planReply({ subtasks: [sub('an', 'analyze'), sub('fix', 'code', ['an']), sub('doc', 'document', ['fix'])] }),
      worker: (request) => {
        const line = request.system.split('\n', 1)[0];
        if (line === 'Foreman worker: analyze an') return reply([toolUse('submit_result', { findings: 'sum() starts at 1', relevantFiles: ['src/a.js'], reproduction: 'node -e ...' })]);
        if (line === 'Foreman worker: document doc') return reply([toolUse('submit_result', { docChanges: [], prTitle: 'Fix sum', prBody: 'It starts at 0 now' })]);
        return reply([], 'end_turn');
      },
      agents: {
        fix: async (agent) => {
          codeTask = agent.task;
          await edit(agent, 'src/a.js', 'fixed\n');
          return { stop: { kind: 'done', message: 'finished' }, summary: 'fixed' };
        },
      },
    });
    const out = await h.run({ settings: { readOnlyWorkers: 'single-call' } });
    assert.equal(out.stop.kind, 'done', out.stop.message);
    assert.match(codeTask, /sum\(\) starts at 1/, 'dependency result passed on');
    assert.match(codeTask, /^The text between <issue>/, 'the issue comes first, as data');
    assert.deepEqual(h.agentSystems, ['Foreman worker: code fix']);
    const synthesisRequest = h.model.requests.find((r) => r.system.startsWith('Foreman synthesis'));
    assert.match(JSON.stringify(synthesisRequest?.messages), /Fix sum/);
  });

  test('analyze as a read-only agent: read tools and submit_result only, its result reaches dependents', async () => {
    let codeTask = '';
    const h = harness({
      plan: () => planReply({ subtasks: [sub('an', 'analyze'), sub('fix', 'code', ['an'])] }),
      agents: {
        an: async (agent) => {
          const names = agent.tools.map((t) => t.name).sort();
          assert.deepEqual(names, ['give_up', 'list_files', 'read_file', 'search_codebase', 'submit_result']);
          await assert.rejects(agent.toolContext.changes.write('src/a.js', 'x', agent.provenance), /read-only/);
          const submit = agent.tools.find((t) => t.name === 'submit_result')!;
          const out = await submit.run({ findings: 'off by one in a.js', relevantFiles: ['src/a.js'], reproduction: 'run it' }, {} as never);
          assert.ok(out.control?.kind === 'finish');
          return { stop: { kind: 'done', message: 'finished' }, summary: out.control.summary };
        },
        fix: async (agent) => {
          codeTask = agent.task;
          return { stop: { kind: 'done', message: 'finished' } };
        },
      },
    });
    const out = await h.run();
    assert.equal(out.stop.kind, 'done', out.stop.message);
    assert.match(codeTask, /off by one in a\.js/);
    assert.deepEqual(h.agentSystems, ['Foreman worker: analyze an', 'Foreman worker: code fix']);
  });

  test('an invalid plan is repaired; one that stays invalid ends the run with a readable reason', async () => {
    const cyclic = planReply({ subtasks: [sub('a', 'code', ['b']), sub('b', 'code', ['a'])] });
    const good = planReply({ subtasks: [sub('a', 'code')] });
    const repaired = harness({ plan: (_r, i) => (i === 0 ? cyclic : good) });
    const ok = await repaired.run();
    assert.equal(ok.stop.kind, 'done', ok.stop.message);
    const invalid = repaired.events.events.filter((e) => e.type === 'plan_invalid');
    assert.equal(invalid.length, 1);
    assert.ok(invalid[0]?.type === 'plan_invalid' && /cycle: a -> b -> a/.test(invalid[0].error));

    const stuck = harness({ plan: () => cyclic });
    const out = await stuck.run();
    assert.equal(out.stop.kind, 'invalid_output');
    assert.match(out.stop.message, /^planning failed: .*submit_plan.*after 2 repair attempts.*cycle/);
    assert.equal(stuck.calls['Foreman planner'], 3);
    assert.equal(stuck.agentSystems.length, 0, 'no worker ran');
    assert.equal(stuck.events.events.at(-1)?.type, 'run_finished');
  });

  test('a failing worker is retried once with its error, then reported; dependents skipped; the run still synthesises', async () => {
    const h = harness({
      plan: () => planReply({ subtasks: [sub('a', 'code'), sub('b', 'code'), sub('t', 'test', ['a'])] }),
      agents: {
        a: async (agent, call) => {
          if (call === 2) assert.match(agent.task, /previous attempt at this subtask failed: tests still fail \(call 1\)/);
          await edit(agent, 'src/a.js', `attempt ${call}\n`);
          return { stop: { kind: 'gave_up', message: `tests still fail (call ${call})` } };
        },
        b: async (agent) => {
          await edit(agent, 'src/b.js', 'new file\n');
          return { stop: { kind: 'done', message: 'finished' } };
        },
      },
      synthesis: () => synthesisReply({}, false),
    });
    const out = await h.run();
    assert.equal(h.agentCalls.a, 2);
    assert.equal(h.agentCalls.t, undefined, 'dependent skipped');
    assert.equal(out.stop.kind, 'gave_up');
    assert.match(out.stop.message, /subtask "a" failed \(tests still fail \(call 2\)\)/);
    assert.match(out.stop.message, /subtask "t" skipped/);
    assert.equal(h.calls['Foreman synthesis'], 1);
    assert.ok(out.changes.get('src/b.js'), 'the good worker is merged');
    assert.equal(out.changes.get('src/a.js')?.newContent, 'attempt 2\n', 'the final attempt of a failed worker is kept for review, its first attempt is not');
    assert.equal(out.workers.filter((w) => w.subtaskId === 'a').length, 2);
  });

  test('conflicting edits from two parallel workers are detected and never silently merged', async () => {
    const h = harness({
      plan: () => planReply({ subtasks: [sub('x', 'code'), sub('y', 'code')] }),
      agents: {
        // Both edit the same line against the same base while running in parallel.
        x: async (agent) => {
          await edit(agent, 'src/a.js', 'one\nX\nthree\nfour\nfive\nsix\nseven\n');
          await sleep(10);
          return { stop: { kind: 'done', message: 'finished' } };
        },
        y: async (agent) => {
          await edit(agent, 'src/a.js', 'one\nY\nthree\nfour\nfive\nsix\nseven\n');
          await sleep(40);
          return { stop: { kind: 'done', message: 'finished' } };
        },
      },
    });
    const out = await h.run();
    const conflicts = h.events.events.filter((e) => e.type === 'change_conflict');
    assert.equal(conflicts.length, 1);
    assert.ok(conflicts[0]?.type === 'change_conflict' && conflicts[0].path === 'src/a.js' && conflicts[0].workers.includes('x-1') && conflicts[0].workers.includes('y-1'));
    assert.equal(out.changes.get('src/a.js')?.newContent, 'one\nX\nthree\nfour\nfive\nsix\nseven\n', 'the first merge stays, the second is not mixed in');
    assert.equal(out.stop.kind, 'gave_up');
    assert.match(out.stop.message, /1 conflicting edit not merged \(src\/a\.js\)/);
    const synthesisRequest = h.model.requests.find((r) => r.system.startsWith('Foreman synthesis'));
    assert.match(JSON.stringify(synthesisRequest?.messages), /Conflicting edits/);
  });

  test('the budget stops a run mid-way with a coherent record and the change set kept', async () => {
    const h = harness({
      plan: () => planReply({ subtasks: [sub('a', 'code'), sub('b', 'code', ['a'])] }),
      price: () => 0.4,
      agents: {
        a: async (agent) => {
          await edit(agent, 'src/a.js', 'changed\n');
          agent.budget?.charge({ inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 }, 0.7);
          return { stop: { kind: 'done', message: 'finished' } };
        },
      },
    });
    const out = await h.run({ settings: { budgets: { maxUsd: 1 } } });
    assert.equal(out.stop.kind, 'cost_budget');
    assert.match(out.stop.message, /spent \$1\.10 of the \$1\.00 budget.*1 proposed file change kept for review/);
    assert.equal(h.agentCalls.b, undefined);
    assert.ok(out.changes.get('src/a.js'));
    const finished = h.events.events.at(-1);
    assert.ok(finished?.type === 'run_finished' && finished.filesChanged === 1 && finished.costUsd === 1.1);
    const state = parseSavedRunState(h.saved.at(-1));
    assert.equal(state.subtasks.find((s) => s.id === 'b')?.status, 'skipped');
    assert.equal((state.changes as { files: unknown[] }).files.length, 1);
  });

  test('a run killed mid-way resumes from its saved state without re-running completed subtasks', async () => {
    const controller = new AbortController();
    const first = harness({
      plan: () => planReply({ subtasks: [sub('a', 'code'), sub('b', 'code', ['a'])] }),
      agents: {
        a: async (agent) => {
          await edit(agent, 'src/a.js', 'from a\n');
          return { stop: { kind: 'done', message: 'finished' } };
        },
        b: async (agent) => {
          controller.abort(); // the process "dies" while b runs
          await edit(agent, 'src/b.js', 'half\n');
          return { stop: { kind: 'cancelled', message: 'cancelled by user' } };
        },
      },
    });
    const killed = await first.run({ signal: controller.signal });
    assert.equal(killed.stop.kind, 'cancelled');
    // Take the last state saved before the run noticed the kill, as a crash would leave it.
    const snapshot = first.saved.map((s) => parseSavedRunState(s)).filter((s) => s.phase === 'running').at(-1)!;
    assert.equal(snapshot.subtasks.find((s) => s.id === 'a')?.status, 'succeeded');

    const second = harness({
      plan: () => {
        throw new Error('must not plan again');
      },
      agents: {
        b: async (agent) => {
          assert.equal(await agent.toolContext.view.readText('src/a.js'), 'from a\n', "a's proposal survived");
          await edit(agent, 'src/b.js', 'from b\n');
          return { stop: { kind: 'done', message: 'finished' } };
        },
      },
    });
    const resumed = await second.run({ resumeFrom: snapshot });
    assert.equal(resumed.stop.kind, 'done', resumed.stop.message);
    assert.equal(second.agentCalls.a, undefined, 'a is not re-run');
    assert.equal(second.agentCalls.b, 1);
    assert.deepEqual(resumed.changes.files().map((f) => f.path).sort(), ['src/a.js', 'src/b.js']);
    assert.equal(second.calls['Foreman planner'], undefined);
  });

  test('agent workers: limits from the settings and the budget left; a loop that throws ends the worker with an error stop', async () => {
    const seen: AgentRunOptions[] = [];
    const h = harness({
      plan: () => planReply({ subtasks: [sub('an', 'analyze'), sub('fix', 'code')] }),
      agents: {
        an: async (agent) => {
          seen.push(agent);
          throw new Error('loop exploded');
        },
        fix: async (agent) => {
          seen.push(agent);
          throw new Error('loop exploded');
        },
      },
    });
    const out = await h.run({ settings: { maxStepsPerWorker: 7, commandTimeoutMs: 1234, budgets: { maxUsd: 2, maxMinutes: 30 } } });
    const first = seen[0];
    assert.ok(first);
    assert.equal(first.limits.maxSteps, 7);
    assert.equal(first.toolContext.limits.commandTimeoutMs, 1234);
    assert.ok(first.limits.maxUsd !== undefined && first.limits.maxUsd > 0 && first.limits.maxUsd <= 2, 'the dollars left, not more');
    assert.ok(first.limits.maxMs > 0 && first.limits.maxMs <= 30 * 60_000);
    assert.equal(first.cache, 'auto');
    const finished = h.events.events.filter((e) => e.type === 'worker_finished');
    assert.deepEqual([...new Set(finished.map((e) => e.type === 'worker_finished' && e.subtaskId))].sort(), ['an', 'fix'], 'the read-only and the code worker');
    for (const e of finished) {
      assert.ok(e.type === 'worker_finished');
      assert.equal(e.status, 'failed');
      assert.equal(e.stop.kind, 'error');
      assert.match(e.stop.message, new RegExp(`worker ${e.subtaskId} crashed: loop exploded`));
    }
    assert.notEqual(out.stop.kind, 'done');
  });

  test('re-plan: synthesis adds subtasks once (maxReplans 1), then the run ends', async () => {
    const h = harness({
      plan: () => planReply({ subtasks: [sub('a', 'code')] }),
      synthesis: (_r, i) =>
        i === 0
          ? synthesisReply({ replan: { reason: 'tests missing', subtasks: [sub('t', 'test', ['a'])] } }, false)
          : synthesisReply({ replan: { reason: 'again', subtasks: [sub('t2', 'test')] } }),
    });
    const out = await h.run();
    assert.equal(h.agentCalls.t, 1);
    assert.equal(h.agentCalls.t2, undefined, 'second re-plan refused by the bound');
    assert.equal(h.calls['Foreman synthesis'], 2);
    assert.equal(h.events.events.filter((e) => e.type === 'replan').length, 1);
    assert.equal(out.plan?.subtasks.length, 2);
    assert.equal(out.stop.kind, 'done', out.stop.message);
  });

  test('plan approval: a cancel while the plan waits for the user ends the run as cancelled', async () => {
    const controller = new AbortController();
    const h = harness({ plan: () => planReply({ subtasks: [sub('a', 'code')] }) });
    const out = await h.run({
      settings: { planApproval: 'ask' },
      signal: controller.signal,
      approvePlan: () => {
        setTimeout(() => controller.abort(), 10);
        return new Promise(() => undefined);
      },
    });
    assert.equal(out.stop.kind, 'cancelled');
    assert.equal(out.stop.message, 'cancelled by user');
    assert.deepEqual(h.agentCalls, {}, 'no worker ran');
  });

  test('plan approval: rejection stops; an edited plan is re-validated', async () => {
    const planned = () => planReply({ subtasks: [sub('a', 'code')] });
    const rejected = await harness({ plan: planned }).run({ settings: { planApproval: 'ask' }, approvePlan: async () => ({ approved: false, reason: 'not now' }) });
    assert.equal(rejected.stop.kind, 'cancelled');
    assert.equal(rejected.stop.message, 'plan rejected: not now');

    const badEdit = await harness({ plan: planned }).run({
      settings: { planApproval: 'ask' },
      approvePlan: async (plan) => ({ approved: true, plan: { ...plan, subtasks: [sub('a', 'code', ['ghost'])] } }),
    });
    assert.equal(badEdit.stop.kind, 'invalid_output');
    assert.match(badEdit.stop.message, /edited plan is invalid.*unknown subtask "ghost"/);

    const h = harness({ plan: planned });
    const edited = await h.run({
      settings: { planApproval: 'ask' },
      approvePlan: async (plan) => ({ approved: true, plan: { ...plan, subtasks: [sub('mine', 'code')] } }),
    });
    assert.equal(edited.stop.kind, 'done');
    assert.deepEqual(Object.keys(h.agentCalls), ['mine']);
    const approved = h.events.events.find((e) => e.type === 'plan_approved');
    assert.ok(approved?.type === 'plan_approved' && approved.by === 'user');
  });
});

test('orchestrated: a follow-up reaches both parallel agent workers at their next turn', async () => {
  const queue: string[] = [];
  const seen: Record<string, string[]> = {};
  let started = 0;
  const bothStarted = async () => {
    started++;
    while (started < 2) await sleep(5);
  };
  const agent = (id: string) => async (options: AgentRunOptions) => {
    await bothStarted();
    if (id === 'fix') queue.push('keep the public API unchanged');
    await sleep(20);
    seen[id] = options.inbox?.take() ?? [];
    return { stop: { kind: 'done' as const, message: 'finished' }, summary: 'ok' };
  };
  const h = harness({
    plan: () => planReply({ subtasks: [sub('fix', 'code'), sub('tests', 'test')] }),
    agents: { fix: agent('fix'), tests: agent('tests') },
  });
  const out = await h.run({ inbox: { take: () => queue.splice(0) } });
  assert.equal(out.stop.kind, 'done', out.stop.message);
  assert.deepEqual(seen, { fix: ['keep the public API unchanged'], tests: ['keep the public API unchanged'] });
});
