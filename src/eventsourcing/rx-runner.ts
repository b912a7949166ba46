import { map, merge, Subject, type Observable, type Subscription } from 'rxjs';
import type { Application } from './application';
import { followAlong } from './follow-along';
import type { Follower } from './follower';
import { DEFAULT_BATCH_SIZE, type Runner } from './runner';
import type { System } from './system';

export interface RxRunnerOptions {
  /** Notifications per transaction under load. */
  readonly batchSize?: number;
  /** Attempts of a failing batch before the follower stops until the next notification wakes it. */
  readonly maxAttempts?: number;
  /** The first retry delay in milliseconds; it doubles with each attempt, with jitter. */
  readonly retryDelay?: number;
}

/** A follower's failure, as reported on `RxRunner.errors$`. */
export interface FollowerFailure {
  readonly follower: string;
  readonly error: unknown;
  /** Whether the follower gave up until woken again (otherwise it retries). */
  readonly stopped: boolean;
}

/**
 * Runs each follower in the background, woken by its upstreams' `head$` streams: the follower pulls new
 * notifications in batches (one transaction per batch) and processes them in order.
 *
 * Invariants:
 * - One worker per follower, processing one batch at a time, whatever the number of upstreams: a follower's
 *   aggregates are never changed by two of its own batches at once.
 * - A wake-up during processing is never lost: the worker goes round again until a whole pass finds nothing new.
 * - A failing batch is retried with exponential backoff and jitter, one notification at a time so that the ones
 *   before a poisonous notification still go through; after `maxAttempts` the worker stops until the next wake-up
 *   and `settled()` rejects with the error.
 * - `stop()` lets the batch in flight finish (its transaction commits or not, never half) and then resolves.
 * - While it runs, a follower that can decide along with its upstreams' commits does (`followAlong`); its position
 *   then reaches the upstream's head in the same commit, and its worker has nothing to read.
 */
export class RxRunner implements Runner {
  readonly #system: System;
  readonly #options: Required<RxRunnerOptions>;
  readonly #workers: Worker[] = [];
  readonly #errors$ = new Subject<FollowerFailure>();
  #stopFollowingAlong: (() => void) | undefined;

  /** Every failure of a follower, for logs and status displays. */
  readonly errors$: Observable<FollowerFailure> = this.#errors$.asObservable();

  constructor(system: System, options: RxRunnerOptions = {}) {
    this.#system = system;
    this.#options = { batchSize: DEFAULT_BATCH_SIZE, maxAttempts: 5, retryDelay: 20, ...options };
  }

  start(): void {
    this.#stopFollowingAlong = followAlong(this.#system);
    for (const follower of this.#system.followers) {
      const worker = new Worker(follower, this.#system.upstreamsOf(follower), this.#options, this.#errors$);
      this.#workers.push(worker);
      worker.start();
    }
  }

  async settled(): Promise<void> {
    for (;;) {
      const activity = this.#activity();
      await Promise.all(this.#workers.map((worker) => worker.idle()));
      const behind = await Promise.all(this.#workers.map((worker) => worker.isBehind()));
      const failure = this.#workers.find((worker) => worker.failure !== undefined)?.failure;
      if (failure !== undefined) throw failure.error;
      if (!behind.includes(true) && activity === this.#activity()) return;
      this.#workers.forEach((worker, index) => {
        if (behind[index] === true) worker.wake(true);
      });
    }
  }

  async stop(): Promise<void> {
    this.#stopFollowingAlong?.();
    await Promise.all(this.#workers.splice(0).map((worker) => worker.stop()));
  }

  #activity(): number {
    return this.#workers.reduce((sum, worker) => sum + worker.activity, 0);
  }
}

/** Runs one follower. */
class Worker {
  readonly #follower: Follower;
  readonly #upstreams: readonly Application[];
  readonly #options: Required<RxRunnerOptions>;
  readonly #errors$: Subject<FollowerFailure>;
  #subscription: Subscription | undefined;
  #loop: Promise<void> | undefined;
  #dirty = false;
  #everything = false;
  /** The latest head of each upstream, from its `head$`. */
  readonly #heads = new Map<Application, number>();
  #stopped = false;
  /** Grows with every batch processed and every wake-up: lets `settled()` see that something happened meanwhile. */
  activity = 0;
  failure: FollowerFailure | undefined;

  constructor(
    follower: Follower,
    upstreams: readonly Application[],
    options: Required<RxRunnerOptions>,
    errors$: Subject<FollowerFailure>,
  ) {
    this.#follower = follower;
    this.#upstreams = upstreams;
    this.#options = options;
    this.#errors$ = errors$;
  }

  start(): void {
    this.#subscription = merge(
      ...this.#upstreams.map((upstream) => upstream.log.head$.pipe(map((head) => [upstream, head] as const))),
    ).subscribe(([upstream, head]) => {
      this.#heads.set(upstream, head);
      this.wake();
    });
    this.wake(true);
  }

  /**
   * Asks for a pass over the upstreams. A pass reads only the upstreams whose known head is past the follower's
   * known position, unless `everything` asks it to read them all (start, `settled()`, after a failure).
   */
  wake(everything = false): void {
    if (this.#stopped) return;
    this.activity++;
    this.#dirty = true;
    if (everything) this.#everything = true;
    this.failure = undefined;
    this.#loop ??= this.#run();
  }

  /** Resolves when no batch is in flight. */
  async idle(): Promise<void> {
    while (this.#loop !== undefined) await this.#loop;
  }

  /** Whether an upstream holds notifications this follower has not processed. */
  async isBehind(): Promise<boolean> {
    for (const upstream of this.#upstreams) {
      const [position, head] = await Promise.all([
        this.#follower.position(upstream.name),
        upstream.log.maxNotificationId(),
      ]);
      if (position < head) return true;
    }
    return false;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#subscription?.unsubscribe();
    await this.idle();
  }

  async #run(): Promise<void> {
    await Promise.resolve();
    try {
      let attempt = 0;
      while (this.#dirty && !this.#stopped) {
        this.#dirty = false;
        const everything = this.#everything || attempt > 0;
        this.#everything = false;
        try {
          await this.#drain(attempt === 0 ? this.#options.batchSize : 1, everything);
          attempt = 0;
        } catch (error) {
          attempt++;
          this.#follower.forgetPositions();
          const stopped = attempt >= this.#options.maxAttempts;
          const failure = { follower: this.#follower.name, error, stopped };
          this.#errors$.next(failure);
          if (stopped) {
            this.failure = failure;
            return;
          }
          this.#dirty = true;
          await delay(this.#options.retryDelay * 2 ** (attempt - 1) * (0.5 + Math.random()));
        }
      }
    } finally {
      this.#loop = undefined;
    }
  }

  /**
   * Processes every upstream until each is caught up. A short batch means the upstream had nothing more when it was
   * read: anything committed since raises `head$`, which marks the worker dirty for another pass, so no read is
   * spent finding nothing.
   */
  async #drain(batchSize: number, everything: boolean): Promise<void> {
    for (const upstream of this.#upstreams) {
      // A full pass (start, settled(), after a failure) asks storage for the head: a commit whose announcement never
      // came (its tab crashed in between) is then heard of, and no memory of recent commits can hide it.
      if (everything) await upstream.log.maxNotificationId();
      const position = this.#follower.knownPosition(upstream.name);
      const head = this.#heads.get(upstream);
      if (!everything && position !== undefined && head !== undefined && position >= head) continue;
      while (!this.#stopped) {
        const processed = await this.#follower.pull(upstream, batchSize);
        if (processed > 0) this.activity++;
        if (processed < batchSize) break;
      }
    }
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
