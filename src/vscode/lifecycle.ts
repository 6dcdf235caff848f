/**
 * Lifecycle hygiene (the vscode-pull-request-github shape): everything that
 * must be released is registered on its owner, and disposing the owner
 * releases it all, in reverse order, once. Structural types only, so this file
 * does not need the vscode module and can be unit-tested in plain Node.
 */

export interface IDisposable {
  dispose(): unknown;
}

export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/** Disposes every item; one failure does not stop the others, the first error is rethrown. */
export function disposeAll(items: Iterable<IDisposable>): void {
  let first: unknown;
  for (const item of items) {
    try {
      item.dispose();
    } catch (err) {
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}

export abstract class Disposable implements IDisposable {
  private readonly disposables: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `value`; registering on a disposed owner disposes it at once. */
  protected _register<T extends IDisposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.disposables.splice(0).reverse());
  }
}

/** A plain bag of disposables for places where subclassing is awkward. */
export class DisposableStore extends Disposable {
  add<T extends IDisposable>(value: T): T {
    return this._register(value);
  }
}
