import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXED_SUM, BUGGY_REPO, at, plan, scenario, synthesis, tool } from './harness';

const EDIT_SUM = tool('edit_file', { filePath: 'src/sum.js', oldText: 'let total = 1;', newText: 'let total = 0;' });

describe('solveIssue through the real SDK and the fake Messages API', () => {
  test('a simple issue takes the single-agent path: edit, verify in the sandbox, synthesis; the repo is untouched', async (t) => {
    const s = await scenario({
      entries: [
        at('Foreman planner', 0, [plan({ mode: 'single-agent', subtasks: [{ id: 'fix', role: 'code', description: 'Start sum at 0', files: ['src/sum.js'], verify: 'node --test' }] })]),
        at('Foreman agent', 0, [tool('read_file', { filePath: 'src/sum.js' })]),
        at('Foreman agent', 1, [EDIT_SUM]),
        at('Foreman agent', 2, [tool('finish', { summary: 'sum starts at 0' })]),
        at('Foreman synthesis', 0, [synthesis()]),
      ],
    });
    t.after(() => s.cleanup());
    const out = await s.solve();
    assert.equal(out.stop.kind, 'done', out.stop.message);
    assert.equal(s.repo.read('src/sum.js'), BUGGY_REPO['src/sum.js'], 'the user\'s file is byte-identical');
    assert.equal(out.changes.get('src/sum.js')?.newContent, FIXED_SUM);
    assert.deepEqual(out.changes.get('src/sum.js')?.provenance.map((p) => [p.workerId, p.subtaskId]), [['fix-1', 'fix']]);
    assert.ok(s.runner.ran.includes('node --test'), 'verification ran in the sandbox');
    assert.equal(s.sandboxes.created, 1);
    assert.equal(s.sandboxes.disposed, 1, 'the sandbox is cleaned up');
    assert.ok(s.events.some((e) => e.type === 'approval_decided' && e.decision === 'auto_allow'));
    const systems = s.fake.requests.map((r) => r.summary?.system.split('\n', 1)[0]);
    assert.deepEqual([...new Set(systems)], ['Foreman planner', 'Foreman agent', 'Foreman synthesis']);
    // The patch applies to the real repository.
    const patch = out.changes.unifiedPatch();
    s.repo.write('fix.patch', patch);
    s.repo.git(['apply', '--check', 'fix.patch']);
  });

  test('a larger issue is decomposed; independent workers overlap in time', async (t) => {
    const worker = (id: string, file: string) => [
      { ...at(`Foreman worker: code ${id}`, 0, [tool('create_file', { filePath: file, content: `// ${id}\n` })]), delayMs: 1000 },
      at(`Foreman worker: code ${id}`, 1, [tool('finish', { summary: `${id} done` })]),
    ];
    const s = await scenario({
      entries: [
        at('Foreman planner', 0, [plan({ mode: 'orchestrated', subtasks: [
          { id: 'left', role: 'code', description: 'Add left.js', files: ['src/left.js'] },
          { id: 'right', role: 'code', description: 'Add right.js', files: ['src/right.js'] },
        ] })]),
        ...worker('left', 'src/left.js'),
        ...worker('right', 'src/right.js'),
        at('Foreman synthesis', 0, [synthesis()]),
      ],
    });
    t.after(() => s.cleanup());
    const out = await s.solve();
    assert.equal(out.stop.kind, 'done', out.stop.message);
    const started = s.events.filter((e) => e.type === 'worker_started').map((e) => Date.parse(e.ts));
    const finished = s.events.filter((e) => e.type === 'worker_finished').map((e) => Date.parse(e.ts));
    assert.equal(started.length, 2);
    const wall = Math.max(...finished) - Math.min(...started);
    assert.ok(Math.max(...started) < Math.min(...finished), 'the second worker started before the first finished');
    assert.ok(wall < 1800, `two 1 s workers took ${wall} ms together (sequential would be > 2000 ms)`);
    console.log(`# parallel workers: 2 x 1000 ms model delay finished in ${wall} ms`);
    assert.deepEqual(out.changes.files().map((f) => f.path).sort(), ['src/left.js', 'src/right.js']);
  });

  test('an invalid plan (cycle, then unknown dependency, then bad shape) is repaired; one that stays invalid ends the run', async (t) => {
    const cyclic = plan({ mode: 'orchestrated', subtasks: [{ id: 'a', role: 'code', description: 'x', dependsOn: ['b'] }, { id: 'b', role: 'test', description: 'y', dependsOn: ['a'] }] });
    const unknownDep = plan({ mode: 'orchestrated', subtasks: [{ id: 'a', role: 'code', description: 'x', dependsOn: ['ghost'] }] });
    const badShape = tool('submit_plan', { analysis: 'a', mode: 'sideways', subtasks: 'all of them' });
    const good = plan({ mode: 'single-agent', subtasks: [{ id: 'fix', role: 'code', description: 'fix' }] });
    const s = await scenario({
      entries: [
        at('Foreman planner', 0, [cyclic]),
        at('Foreman planner', 1, [unknownDep]),
        at('Foreman planner', 2, [good]),
        at('Foreman agent', 0, [EDIT_SUM]),
        at('Foreman agent', 1, [tool('finish', { summary: 'done' })]),
        at('Foreman synthesis', 0, [synthesis()]),
      ],
    });
    t.after(() => s.cleanup());
    const out = await s.solve();
    assert.equal(out.stop.kind, 'done', out.stop.message);
    const invalid = s.events.flatMap((e) => (e.type === 'plan_invalid' ? [e.error] : []));
    assert.equal(invalid.length, 2);
    assert.match(invalid[0]!, /cycle: a -> b -> a/);
    assert.match(invalid[1]!, /unknown subtask "ghost"/);
    // The repair request carried the error as an is_error tool_result.
    const repair = s.fake.requests.filter((r) => r.summary?.system.startsWith('Foreman planner'))[1]!;
    const last = (repair.body as { messages: { content: { type: string; is_error?: boolean; content: string }[] }[] }).messages.at(-1)!;
    assert.equal(last.content[0]?.type, 'tool_result');
    assert.equal(last.content[0]?.is_error, true);
    assert.match(last.content[0]!.content, /cycle/);

    const stuck = await scenario({ entries: [at('Foreman planner', 0, [badShape]), at('Foreman planner', 1, [badShape]), at('Foreman planner', 2, [badShape])] });
    t.after(() => stuck.cleanup());
    const failed = await stuck.solve();
    assert.equal(failed.stop.kind, 'invalid_output');
    assert.match(failed.stop.message, /^planning failed: the model's submit_plan answer was still invalid after 2 repair attempts/);
    assert.match(failed.stop.message, /strategy|mode|subtasks/);
    const finished = stuck.events.at(-1);
    assert.ok(finished?.type === 'run_finished' && finished.stop.kind === 'invalid_output');
  });

  test('a failing worker is retried once with its error, then reported, and the run still synthesises', async (t) => {
    const s = await scenario({
      entries: [
        at('Foreman planner', 0, [plan({ mode: 'orchestrated', subtasks: [
          { id: 'fix', role: 'code', description: 'Fix sum' },
          { id: 'docs', role: 'document', description: 'Write the PR text' },
          { id: 'tests', role: 'test', description: 'Add tests', dependsOn: ['fix'] },
        ] })]),
        { match: { system: '^Foreman worker: code fix\\n', firstUser: 'previous attempt at this subtask failed', turn: 0 }, reply: { content: [tool('give_up', { reason: 'still cannot find the loop' })] } },
        at('Foreman worker: code fix', 0, [tool('give_up', { reason: 'cannot find the loop' })]),
        at('Foreman worker: document docs', 0, [tool('submit_result', { docChanges: [], prTitle: 'Fix sum', prBody: 'Fixes sum' })]),
        at('Foreman synthesis', 0, [synthesis({ criteria: [{ criterion: 'sum([1,2,3]) is 6', met: false, evidence: 'the fix worker gave up' }], openQuestions: ['who owns sum.js?'] })]),
      ],
    });
    t.after(() => s.cleanup());
    const out = await s.solve();
    const fixRequests = s.fake.requests.filter((r) => r.summary?.system.startsWith('Foreman worker: code fix'));
    assert.equal(fixRequests.length, 2, 'one attempt and one retry');
    assert.match(fixRequests[1]!.summary!.firstUser, /previous attempt at this subtask failed: .*cannot find the loop/);
    const finishedFix = s.events.filter((e) => e.type === 'worker_finished' && e.subtaskId === 'fix');
    assert.equal(finishedFix.length, 2);
    const tests = s.events.find((e) => e.type === 'worker_started' && e.subtaskId === 'tests');
    assert.equal(tests, undefined, 'the dependent test worker never started');
    assert.ok(s.events.some((e) => e.type === 'synthesis'), 'synthesis ran');
    assert.equal(out.stop.kind, 'gave_up');
    assert.match(out.stop.message, /subtask "fix" failed \(gave up: still cannot find the loop\)|subtask "fix" failed/);
    assert.match(out.stop.message, /subtask "tests" skipped/);
    assert.equal(out.synthesis?.openQuestions?.[0], 'who owns sum.js?');
  });

  test('conflicting edits from two parallel workers are detected and never silently merged', async (t) => {
    const s = await scenario({
      entries: [
        at('Foreman planner', 0, [plan({ mode: 'orchestrated', subtasks: [
          { id: 'zero', role: 'code', description: 'Start at 0' },
          { id: 'reduce', role: 'code', description: 'Use reduce' },
        ] })]),
        at('Foreman worker: code zero', 0, [EDIT_SUM]),
        { ...at('Foreman worker: code zero', 1, [tool('finish', { summary: 'zero' })]), delayMs: 100 },
        at('Foreman worker: code reduce', 0, [tool('edit_file', { filePath: 'src/sum.js', oldText: 'let total = 1;', newText: 'let total = values.length ? 0 : 0;' })]),
        { ...at('Foreman worker: code reduce', 1, [tool('finish', { summary: 'reduce' })]), delayMs: 400 },
        at('Foreman synthesis', 0, [synthesis()]),
      ],
    });
    t.after(() => s.cleanup());
    const out = await s.solve();
    const conflicts = s.events.filter((e) => e.type === 'change_conflict');
    assert.equal(conflicts.length, 1);
    assert.ok(conflicts[0]?.type === 'change_conflict' && conflicts[0].path === 'src/sum.js');
    assert.deepEqual(conflicts[0]?.type === 'change_conflict' && [...conflicts[0].workers].sort(), ['reduce-1', 'zero-1']);
    assert.equal(out.changes.get('src/sum.js')?.newContent, FIXED_SUM, 'the first merge stays; the conflicting edit is left out, not mixed in');
    assert.equal(out.stop.kind, 'gave_up');
    assert.match(out.stop.message, /conflicting edit not merged \(src\/sum\.js\)/);
    const synthesisRequest = s.fake.requests.find((r) => r.summary?.system.startsWith('Foreman synthesis'));
    assert.match(JSON.stringify(synthesisRequest?.body), /Conflicting edits/);
  });
});
