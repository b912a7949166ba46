import { BehaviorSubject, merge, type Observable } from 'rxjs';
import type { Runner } from './runner';
import type { System } from './system';

export interface LeaderRunnerOptions {
  /** The Web Lock to hold while running; tabs that share a store must use the same name. */
  readonly lockName: string;
  /** Defaults to `navigator.locks` where it exists. Where there is none (Node, old browsers), this runner leads. */
  readonly locks?: LockManager | undefined;
  /** How often a tab that does not lead checks, in `settled()`, whether the leader has caught up (ms). */
  readonly pollInterval?: number;
}

/**
 * Runs a system's followers in one tab only: the tab holding a Web Lock. Every other tab waits in the lock's queue
 * and takes over when the leader's lock is released, which the browser does when the tab closes or crashes.
 *
 * Invariants:
 * - At most one inner runner runs across the tabs sharing `lockName` (the browser grants the lock to one holder).
 * - The inner runner is created only once the lock is held and stopped before the lock is released, so two
 *   leaders never overlap; and even if they did, tracking's compare-and-set keeps processing exactly-once.
 * - `settled()` works in every tab: the leader asks its runner; another tab watches the stored positions of the
 *   followers until they reach their upstreams' heads.
 */
export class LeaderRunner implements Runner {
  readonly #system: System;
  readonly #createRunner: () => Runner;
  readonly #options: LeaderRunnerOptions;
  readonly #isLeader$ = new BehaviorSubject(false);
  #runner: Runner | undefined;
  #release: (() => void) | undefined;
  #abort: AbortController | undefined;
  #held: Promise<unknown> | undefined;

  /** Whether this tab runs the followers now. */
  readonly isLeader$: Observable<boolean> = this.#isLeader$.asObservable();

  constructor(system: System, createRunner: () => Runner, options: LeaderRunnerOptions) {
    this.#system = system;
    this.#createRunner = createRunner;
    this.#options = options;
  }

  get isLeader(): boolean {
    return this.#isLeader$.value;
  }

  start(): void {
    const locks = this.#options.locks ?? globalThis.navigator?.locks;
    if (locks === undefined) {
      this.#lead();
      return;
    }
    this.#abort = new AbortController();
    this.#held = locks
      .request(this.#options.lockName, { mode: 'exclusive', signal: this.#abort.signal }, () => {
        this.#lead();
        return new Promise<void>((resolve) => {
          this.#release = resolve;
        });
      })
      // Aborted while waiting in the queue: this tab stopped before it ever led.
      .catch(() => undefined);
  }

  async settled(): Promise<void> {
    for (;;) {
      if (this.#runner !== undefined) return this.#runner.settled();
      if (await caughtUp(this.#system)) return;
      await nextChange(this.#system, this.#options.pollInterval ?? 100);
    }
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    const runner = this.#runner;
    this.#runner = undefined;
    await runner?.stop();
    this.#isLeader$.next(false);
    this.#release?.();
    this.#release = undefined;
    await this.#held;
  }

  #lead(): void {
    // Another tab may have processed while this one waited: positions remembered from before are stale.
    for (const follower of this.#system.followers) follower.forgetPositions();
    this.#runner = this.#createRunner();
    this.#runner.start();
    this.#isLeader$.next(true);
  }
}

/** Whether every follower has processed everything its upstreams hold, as stored. */
async function caughtUp(system: System): Promise<boolean> {
  for (const follower of system.followers) {
    for (const upstream of system.upstreamsOf(follower)) {
      const [position, head] = await Promise.all([follower.position(upstream.name), upstream.log.maxNotificationId()]);
      if (position < head) return false;
    }
  }
  return true;
}

/** Resolves at the next commit to any log of the system, or after `timeout` ms, whichever comes first. */
function nextChange(system: System, timeout: number): Promise<void> {
  return new Promise((resolve) => {
    let first = true;
    const subscription = merge(...system.applications.map((application) => application.log.head$)).subscribe(() => {
      // The first emissions replay the current heads; only a later one is a change.
      if (!first) done();
    });
    first = false;
    const timer = setTimeout(done, timeout);
    function done() {
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    }
  });
}
