import type { Clock } from '../eventsourcing';

/**
 * The clock of the derived applications: while a request is being derived it reads that request's time, so that
 * every event the request causes carries the same time on every device; otherwise it reads the fallback.
 */
export class RequestClock {
  readonly #fallback: Clock;
  #time: string | undefined;

  constructor(fallback: Clock) {
    this.#fallback = fallback;
  }

  /** The time of the request being derived, or the fallback's. */
  readonly now: Clock = () => this.#time ?? this.#fallback();

  /** From now on, the time of the request being derived. */
  set(time: string): void {
    this.#time = time;
  }

  /** Back to the fallback. */
  clear(): void {
    this.#time = undefined;
  }
}
