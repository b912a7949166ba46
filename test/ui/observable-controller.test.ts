import { concat, defer, finalize, map, NEVER, of, shareReplay } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ObservableController } from '../../src/ui/components/observable-controller';

/** A host that counts the renders it is asked for, as a Lit element would. */
function fakeHost() {
  const host = {
    updates: 0,
    addController: () => undefined,
    removeController: () => undefined,
    requestUpdate: () => {
      host.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
  return host;
}

describe('ObservableController', () => {
  it('switches streams built on one shared stream without starting the shared one again', () => {
    let reads = 0;
    let released = 0;
    // Like a log's head$: read once when the first subscriber comes, shared while anyone listens, never complete.
    const head$ = defer(() => {
      reads++;
      return concat(of(7), NEVER);
    }).pipe(shareReplay({ bufferSize: 1, refCount: true }));
    const first$ = head$.pipe(
      map((head) => `first ${head}`),
      finalize(() => released++),
    );
    const second$ = head$.pipe(map((head) => `second ${head}`));
    const host = fakeHost();
    const controller = new ObservableController<string>(host, first$);
    controller.hostConnected();
    expect(controller.value).toBe('first 7');
    controller.setSource(second$);
    expect(controller.value).toBe('second 7');
    expect(released).toBe(1);
    expect(reads).toBe(1);
    controller.setSource(undefined);
    expect(controller.value).toBeUndefined();
    controller.setSource(first$);
    expect(reads).toBe(2);
    controller.hostDisconnected();
    expect(released).toBe(2);
    expect(host.updates).toBe(3);
  });
});
