import type { AggregateClass } from './aggregate';
import type { EventData } from './domain-event';
import { deepFreeze } from './deep-freeze';

/** How many aggregates a repository keeps in memory. */
export const CACHED_AGGREGATES = 1_000;

/** An aggregate as it was saved: its state at a version, and the notification id of its last event then. */
export interface CachedAggregate {
  readonly type: AggregateClass;
  readonly version: number;
  readonly state: EventData;
  readonly notificationId: number;
}

/**
 * The aggregates an application saved lately, least recently used dropped first. An entry is only a starting point:
 * the repository brings it up to date with the events the recorder knows were stored since its notification id, and
 * reads storage whenever the recorder cannot tell (another tab wrote, the entry is too old).
 */
export class AggregateCache {
  readonly #capacity: number;
  readonly #entries = new Map<string, CachedAggregate>();

  constructor(capacity = CACHED_AGGREGATES) {
    this.#capacity = capacity;
  }

  get(id: string): CachedAggregate | undefined {
    const entry = this.#entries.get(id);
    if (entry !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, entry);
    }
    return entry;
  }

  /** Keeps an entry; its state is frozen, since every aggregate restored from it shares it. */
  set(id: string, entry: CachedAggregate): void {
    this.#entries.delete(id);
    this.#entries.set(id, { ...entry, state: deepFreeze(entry.state) });
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  delete(id: string): void {
    this.#entries.delete(id);
  }
}
