import { Application } from './application';
import { followAlong } from './follow-along';
import { DEFAULT_BATCH_SIZE, type Runner } from './runner';
import type { System } from './system';

/**
 * Runs followers inside the caller's `save`: when an application saves, every follower (and their followers, until
 * nothing is left) processes before the `save` promise resolves. Deterministic; the default for unit tests (the
 * Python library's `SingleThreadedRunner`).
 *
 * Invariants:
 * - One drain at a time: a save during a drain queues its application and waits for the same drain, which runs
 *   until the queue is empty, so every caller's events are processed before its promise resolves.
 * - A follower that threw fails the drain (and the saves waiting on it); its notifications stay unprocessed and are
 *   taken again by the next drain.
 */
export class SyncRunner implements Runner {
  readonly #system: System;
  readonly #queue = new Set<Application>();
  readonly #unsubscribes: (() => void)[] = [];
  #drain: Promise<void> | undefined;

  constructor(system: System) {
    this.#system = system;
  }

  start(): void {
    this.#unsubscribes.push(followAlong(this.#system));
    for (const application of this.#system.applications) {
      if (this.#system.followersOf(application).length === 0) continue;
      this.#unsubscribes.push(application.onSaved(() => this.#prompt(application)));
      // Catch up with whatever was stored while no runner ran.
      this.#queue.add(application);
    }
  }

  settled(): Promise<void> {
    return this.#queue.size > 0 ? this.#prompt() : (this.#drain ?? Promise.resolve());
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribes.splice(0)) unsubscribe();
    this.#queue.clear();
    await this.#drain?.catch(() => undefined);
  }

  #prompt(application?: Application): Promise<void> {
    if (application !== undefined) this.#queue.add(application);
    this.#drain ??= this.#run();
    return this.#drain;
  }

  async #run(): Promise<void> {
    // Start after `#drain` holds this promise, so that the `finally` below can never run before it is assigned.
    await Promise.resolve();
    try {
      for (let upstream = first(this.#queue); upstream !== undefined; upstream = first(this.#queue)) {
        this.#queue.delete(upstream);
        try {
          for (const follower of this.#system.followersOf(upstream)) {
            let processed = 0;
            for (let count = 1; count > 0; processed += count) {
              count = await follower.pull(upstream, DEFAULT_BATCH_SIZE);
            }
            if (processed > 0 && follower instanceof Application && this.#system.followersOf(follower).length > 0) {
              this.#queue.add(follower);
            }
          }
        } catch (error) {
          // Queued again, so that the next drain (the next save, or `settled()`) takes it up again.
          this.#queue.add(upstream);
          throw error;
        }
      }
    } finally {
      // Runs in the same step as the last check of the queue: no prompt can slip between them.
      this.#drain = undefined;
    }
  }
}

function first<T>(set: ReadonlySet<T>): T | undefined {
  return set.values().next().value;
}
