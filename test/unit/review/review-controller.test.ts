import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeSet } from '../../../src/core/changes/changeset';
import type { ReviewSource } from '../../../src/ui/review-source';
import { ReviewController, type ApplyRequest } from '../../../src/ui/review/review-controller';
import type { ApplyResultView } from '../../../src/webview/review-protocol';
import { MemoryFileSystem } from '../../support/memory-fs';

const who = { workerId: 'w1', subtaskId: 's1', role: 'code', reason: 'fix' };

function fakeSource(changes: ChangeSet | undefined, outcome?: unknown) {
  const recorded: Array<Parameters<ReviewSource['recordDecision']>[0]> = [];
  const feedback: Array<Parameters<ReviewSource['sendFeedback']>[0]> = [];
  const listeners = new Set<() => void>();
  let current = changes ? { runId: 'run-1', changes, ...(outcome !== undefined ? { outcome } : {}) } : undefined;
  const source = {
    current: () => current,
    onDidChange: (listener: () => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    recordDecision: (e: Parameters<ReviewSource['recordDecision']>[0]) => recorded.push(e),
    sendFeedback: async (items: Parameters<ReviewSource['sendFeedback']>[0]) => {
      feedback.push(items);
    },
  } as unknown as ReviewSource;
  const swap = (next: ChangeSet | undefined): void => {
    current = next ? { runId: 'run-2', changes: next } : undefined;
    for (const l of listeners) l();
  };
  return { source, recorded, feedback, swap };
}

async function changeSet(): Promise<ChangeSet> {
  const cs = new ChangeSet(new MemoryFileSystem({ 'a.txt': 'one\ntwo\n', 'b.txt': 'x\n' }));
  await cs.write('a.txt', 'one\nTWO\n', who);
  await cs.write('b.txt', 'y\n', who);
  return cs;
}

describe('ReviewController', () => {
  test('builds the model from the source and records every user decision on the run', async () => {
    const { source, recorded } = fakeSource(await changeSet(), { synthesis: { summary: 'done', criteria: [] } });
    const controller = new ReviewController(source, { apply: async () => ({ ok: true, message: '', files: [] }) });
    const model = controller.model();
    assert.deepEqual(model?.files.map((f) => f.path), ['a.txt', 'b.txt']);
    assert.equal(model?.summary, 'done');
    const hunk = model!.files[0]!.hunks[0]!.id;
    controller.state.decideHunk('a.txt', hunk, 'reject', 'keep two');
    controller.state.decideFile('b.txt', 'accept');
    controller.state.decideFile('b.txt', null);
    assert.deepEqual(recorded, [
      { path: 'a.txt', hunkId: hunk, decision: 'reject', reason: 'keep two' },
      { path: 'b.txt', decision: 'accept' },
    ]);
    controller.dispose();
  });

  test('apply passes exactly the selection, and records applied/merged/conflict per file', async () => {
    const { source, recorded } = fakeSource(await changeSet());
    const seen: { request?: ApplyRequest } = {};
    const result: ApplyResultView = {
      ok: true,
      message: 'ok',
      files: [
        { path: 'a.txt', action: 'write', status: 'merged', message: 'merged', hunksApplied: 1, hunksLeftOut: 0 },
        { path: 'b.txt', action: 'none', status: 'skipped', hunksApplied: 0, hunksLeftOut: 1 },
      ],
    };
    const controller = new ReviewController(source, { apply: async (r) => ((seen.request = r), result) });
    const nothing = await controller.apply(new AbortController().signal);
    assert.equal(nothing.ok, false, 'nothing accepted: nothing applied');
    assert.equal(seen.request === undefined, true, 'apply was not called');

    controller.state.decideFile('a.txt', 'accept');
    recorded.length = 0;
    const applied = await controller.apply(new AbortController().signal);
    assert.equal(applied, result);
    assert.deepEqual(seen.request?.selection.map((s) => [s.path, s.accepted.length, s.undecided.length]), [['a.txt', 1, 0], ['b.txt', 0, 1]]);
    assert.deepEqual(recorded, [{ path: 'a.txt', decision: 'merged', reason: 'merged' }]);
    assert.equal(controller.lastApply?.result, result);
    controller.dispose();
  });

  test('feedback sends only rejections with reasons', async () => {
    const { source, feedback } = fakeSource(await changeSet());
    const controller = new ReviewController(source, { apply: async () => ({ ok: true, message: '', files: [] }) });
    assert.equal(await controller.sendFeedback(), 0);
    assert.equal(feedback.length, 0);
    controller.state.decideFile('a.txt', 'reject', 'wrong approach');
    controller.state.decideFile('b.txt', 'reject');
    assert.equal(await controller.sendFeedback(), 1);
    assert.deepEqual(feedback, [[{ path: 'a.txt', reason: 'wrong approach' }]]);
    controller.dispose();
  });

  test('follows the source to a new run, and edits to the change set (debounced)', async () => {
    const { source, swap } = fakeSource(await changeSet());
    const controller = new ReviewController(source, { apply: async () => ({ ok: true, message: '', files: [] }), debounceMs: 5 });
    let models = 0;
    controller.onDidChangeModel(() => models++);
    const first = controller.state.revision;

    const next = await changeSet();
    swap(next);
    assert.equal(controller.snapshot?.runId, 'run-2');
    assert.equal(models, 1);

    await next.create('c.txt', 'new\n', who);
    await next.write('c.txt', 'newer\n', who);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(models, 2, 'two edits, one refresh');
    assert.deepEqual(controller.model()?.files.map((f) => f.path), ['a.txt', 'b.txt', 'c.txt']);
    assert.ok(controller.state.revision > first);

    swap(undefined);
    assert.equal(controller.model(), null);
    controller.dispose();
  });
});
