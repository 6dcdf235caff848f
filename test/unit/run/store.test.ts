import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunBus } from '../../../src/core/run/bus';
import { Redactor } from '../../../src/core/run/redact';
import { defaultRunsDir, RunStore } from '../../../src/core/run/store';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'foreman-store-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshStore = (redactor?: Redactor) => new RunStore(path.join(tmp, `s${++n}`), redactor);
const task = { ref: 'text', title: 'Fix it' };
const zero = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };

describe('RunStore', () => {
  test('records non-live events from a bus, in order, and reads them back', () => {
    const store = freshStore();
    const bus = new RunBus('run-1');
    store.startRun({ runId: 'run-1', task, workspace: '/w', model: 'm' });
    bus.subscribe(store.listener());
    bus.emit({ type: 'log', level: 'info', message: 'one' });
    bus.emit({ type: 'model_text_delta', text: 'live only' });
    bus.emit({ type: 'user_message', text: 'two' });
    const { events, skipped } = store.readEvents('run-1');
    assert.equal(skipped, 0);
    assert.deepEqual(events.map((e) => e.type), ['log', 'user_message']);
    store.finishRun('run-1', { stop: { kind: 'done', message: 'ok' }, usage: zero, costUsd: 0.01 });
    const meta = store.readMeta('run-1');
    assert.equal(meta.status, 'finished');
    assert.equal(meta.costUsd, 0.01);
    assert.equal(meta.stop?.kind, 'done');
  });

  test('does not write an invalid event; records in its place that it was dropped', () => {
    const store = freshStore();
    store.startRun({ runId: 'r', task, workspace: '/w' });
    store.append({ type: 'log', id: '1', runId: 'r', ts: 'x', level: 'loud', message: 'm' } as never);
    const { events } = store.readEvents('r');
    assert.equal(events.length, 1);
    const [only] = events;
    assert.equal(only?.type, 'log');
    assert.ok(only?.type === 'log' && only.level === 'error' && /invalid log event was not recorded/.test(only.message), JSON.stringify(only));
    assert.ok(!JSON.stringify(events).includes('loud'));
    store.close();
  });

  test('tolerates a torn last line', () => {
    const store = freshStore();
    const bus = new RunBus('torn');
    store.startRun({ runId: 'torn', task, workspace: '/w' });
    bus.subscribe(store.listener());
    bus.emit({ type: 'log', level: 'info', message: 'whole' });
    store.close();
    fs.appendFileSync(path.join(store.folder('torn'), 'events.jsonl'), '{"type":"log","id":"x","ru');
    const { events, skipped } = store.readEvents('torn');
    assert.equal(events.length, 1);
    assert.equal(skipped, 1);
  });

  test('redacts secrets from events, meta and state', () => {
    const store = freshStore(new Redactor(['sekrit-value-123']));
    const bus = new RunBus('sec');
    store.startRun({ runId: 'sec', task: { ref: 'text', title: 'uses sekrit-value-123' }, workspace: '/w' });
    bus.subscribe(store.listener());
    bus.emit({ type: 'tool_result', toolUseId: 't', name: 'run_command', isError: false, output: 'KEY=sekrit-value-123', durationMs: 1 });
    store.saveState('sec', { note: 'sekrit-value-123' });
    store.close();
    const all = ['events.jsonl', 'meta.json', 'state.json'].map((f) => fs.readFileSync(path.join(store.folder('sec'), f), 'utf8')).join('\n');
    assert.ok(!all.includes('sekrit-value-123'));
    assert.ok(all.includes('[redacted]'));
  });

  test('state is saved atomically and loaded back', () => {
    const store = freshStore();
    store.startRun({ runId: 'st', task, workspace: '/w' });
    assert.equal(store.loadState('st'), undefined);
    store.saveState('st', { step: 1 });
    store.saveState('st', { step: 2, list: [1, 2] });
    assert.deepEqual(store.loadState('st'), { step: 2, list: [1, 2] });
    assert.deepEqual(fs.readdirSync(store.folder('st')).filter((f) => f.endsWith('.tmp')), []);
    store.close();
  });

  test('lists runs newest first and skips broken folders', () => {
    let t = 0;
    const dir = path.join(tmp, 'list');
    const store = new RunStore(dir, undefined, () => new Date(Date.UTC(2026, 0, 1, 0, 0, ++t)));
    store.startRun({ runId: 'old', task, workspace: '/w' });
    store.startRun({ runId: 'new', task, workspace: '/w' });
    fs.mkdirSync(path.join(dir, 'broken'));
    assert.deepEqual(store.listRuns().map((r) => r.runId), ['new', 'old']);
    store.close();
  });

  test('marks runs whose process died as interrupted, leaves live ones', () => {
    const dir = path.join(tmp, 'crash');
    const first = new RunStore(dir);
    first.startRun({ runId: 'dead', task, workspace: '/w' });
    first.startRun({ runId: 'alive', task, workspace: '/w' });
    first.close();
    // Both carry our pid; the liveness check says which process still exists.
    const later = new RunStore(dir);
    assert.deepEqual(later.markInterrupted(() => true), []);
    const marked = later.markInterrupted(() => false);
    assert.deepEqual(marked.sort(), ['alive', 'dead']);
    assert.equal(later.readMeta('dead').status, 'interrupted');
    const again = new RunStore(dir).markInterrupted(() => false);
    assert.deepEqual(again, []);
  });

  test('a run of a live process is not marked', () => {
    const dir = path.join(tmp, 'live');
    const first = new RunStore(dir);
    first.startRun({ runId: 'mine', task, workspace: '/w' });
    first.close();
    assert.deepEqual(new RunStore(dir).markInterrupted(), []); // our own pid is alive
  });

  test('refuses run ids that would leave the folder', () => {
    const store = freshStore();
    assert.throws(() => store.folder('../x'), /invalid run id/);
    assert.throws(() => store.folder(''), /invalid run id/);
  });

  test('default folder follows XDG_DATA_HOME, else ~/.local/share', () => {
    assert.equal(defaultRunsDir({ XDG_DATA_HOME: '/data' }, '/home/u'), '/data/foreman/runs');
    assert.equal(defaultRunsDir({}, '/home/u'), '/home/u/.local/share/foreman/runs');
    assert.equal(defaultRunsDir({ XDG_DATA_HOME: 'relative' }, '/home/u'), '/home/u/.local/share/foreman/runs');
  });
});
