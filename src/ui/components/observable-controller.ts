import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Observable, Subscription } from 'rxjs';

/**
 * Holds the latest value of an RxJS stream for a Lit component: subscribes while the component is in the document,
 * asks it to render on every value, and unsubscribes (stopping the work behind the stream) when it leaves.
 */
export class ObservableController<T> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #source: Observable<T> | undefined;
  #subscription: Subscription | undefined;
  #connected = false;
  /** The latest value; `undefined` until the stream has emitted. */
  value: T | undefined;
  /** What the stream failed with, if it did; it then emits nothing more, and the host shows an error instead. */
  error: unknown;

  constructor(host: ReactiveControllerHost, source?: Observable<T>) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
  }

  /**
   * Follows another stream (or none), dropping the current value. The new stream is subscribed before the old one is
   * let go, so that what both are built on (a log's `head$`, shared while anyone listens) stays subscribed through
   * the switch instead of starting again with a read of storage.
   */
  setSource(source: Observable<T> | undefined): void {
    if (source === this.#source) return;
    const previous = this.#subscription;
    this.#subscription = undefined;
    this.#source = source;
    this.value = undefined;
    this.error = undefined;
    if (this.#connected) this.#subscribe();
    previous?.unsubscribe();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }

  #subscribe(): void {
    if (this.#source === undefined || this.#subscription !== undefined) return;
    this.error = undefined;
    this.#subscription = this.#source.subscribe({
      next: (value) => {
        this.value = value;
        this.#host.requestUpdate();
      },
      error: (error: unknown) => {
        console.error(error);
        this.error = error ?? new Error('The stream failed');
        this.#host.requestUpdate();
      },
    });
  }
}
