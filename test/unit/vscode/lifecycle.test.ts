import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Disposable, DisposableStore, disposeAll, toDisposable } from '../../../src/vscode/lifecycle';

test('an owner disposes what it registered, in reverse order, once', () => {
  const order: string[] = [];
  class Owner extends Disposable {
    constructor() {
      super();
      this._register(toDisposable(() => order.push('first')));
      this._register(toDisposable(() => order.push('second')));
    }
  }
  const owner = new Owner();
  owner.dispose();
  owner.dispose();
  assert.deepEqual(order, ['second', 'first']);
});

test('registering on a disposed owner disposes at once; one failure does not stop the rest', () => {
  const store = new DisposableStore();
  store.dispose();
  let late = false;
  store.add(toDisposable(() => (late = true)));
  assert.equal(late, true);
  const seen: string[] = [];
  assert.throws(
    () => disposeAll([toDisposable(() => { throw new Error('boom'); }), toDisposable(() => seen.push('after'))]),
    /boom/,
  );
  assert.deepEqual(seen, ['after']);
});
