import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { abortable } from '../../../src/core/util/abortable';

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

describe('abortable', () => {
  test('settles with the promise while the signal stays quiet, and leaves no listener behind', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => (listeners--, remove(...args))) as typeof remove;
    assert.equal(await abortable(Promise.resolve(7), controller.signal), 7);
    await assert.rejects(abortable(Promise.reject(new Error('own failure')), controller.signal), /own failure/);
    assert.equal(listeners, 0);
  });

  test('rejects with the signal reason when it aborts first, or was aborted already', async () => {
    const controller = new AbortController();
    const waiting = abortable(never<number>(), controller.signal);
    controller.abort(new Error('stop now'));
    await assert.rejects(waiting, /stop now/);
    await assert.rejects(abortable(Promise.reject(new Error('late')), AbortSignal.abort(new Error('already'))), /already/);
  });

  test('a late failure of the abandoned promise is dropped, not an unhandled rejection', async () => {
    const controller = new AbortController();
    let fail!: (error: Error) => void;
    const pending = new Promise<number>((_resolve, reject) => (fail = reject));
    const waiting = abortable(pending, controller.signal);
    controller.abort(new Error('gone'));
    await assert.rejects(waiting, /gone/);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    fail(new Error('too late'));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, []);
  });

  test('without a signal it is the promise itself', () => {
    const p = Promise.resolve(1);
    assert.equal(abortable(p, undefined), p);
  });
});
