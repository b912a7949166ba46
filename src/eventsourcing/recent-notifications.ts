import { deepFreeze } from './deep-freeze';
import type { StoredNotification } from './stored-event';

/** How many of its latest notifications a recorder keeps in memory. */
export const RECENT_NOTIFICATIONS = 1_000;

/**
 * The latest notifications a recorder committed itself, kept in memory so that followers, views and repositories in
 * the same tab read them without a transaction. It answers only what it knows completely, and reports a miss
 * otherwise: the caller then reads storage.
 *
 * Invariants:
 * - The window holds every notification stored with an id from `from` to `through`: it is extended only by a commit
 *   whose first id directly follows `through` (no other writer can have committed in between, since readwrite
 *   transactions on one store run one after the other and ids follow commit order). Any other commit, or a failed
 *   one, starts the window again.
 * - `head` is the highest id heard of from anyone (this recorder, another on the same store, another tab). Past
 *   `through`, storage holds notifications the window does not: only a full page can still be answered.
 * - Entries are copies, frozen: no reader can change what another reads.
 */
export class RecentNotifications {
  readonly #capacity: number;
  #entries: StoredNotification[] = [];
  #head = 0;

  constructor(capacity = RECENT_NOTIFICATIONS) {
    this.#capacity = capacity;
  }

  /** Notes a commit of this recorder: its notifications, ids consecutive, as stored. */
  committed(notifications: readonly StoredNotification[]): void {
    const first = notifications[0];
    if (first === undefined) return;
    const through = this.#entries.at(-1)?.id;
    if (through === undefined || first.id !== through + 1) this.#entries = [];
    // Only what the window keeps is copied: a restore or an import commits thousands at once.
    for (const notification of notifications.slice(-this.#capacity)) {
      this.#entries.push(deepFreeze(structuredClone(notification)));
    }
    if (this.#entries.length > this.#capacity) this.#entries.splice(0, this.#entries.length - this.#capacity);
    this.heard(notifications.at(-1)?.id ?? 0);
  }

  /** Notes the highest id announced by anyone. */
  heard(head: number): void {
    if (head > this.#head) this.#head = head;
  }

  /** Forgets everything held: after a failed write, whose effect on the ids is not known. */
  clear(): void {
    this.#entries = [];
  }

  /** Forgets everything, the head too: the database may have been deleted and its ids may start again from 1. */
  reset(): void {
    this.#entries = [];
    this.#head = 0;
  }

  /**
   * `selectNotifications(start, limit)` from memory: what storage would answer, or `undefined` when the window
   * cannot tell.
   */
  select(start: number, limit: number): StoredNotification[] | undefined {
    const index = this.#indexFrom(start);
    if (index === undefined) return undefined;
    const page = this.#entries.slice(index, index + limit);
    return page.length === limit || this.#complete() ? page : undefined;
  }

  /**
   * The notifications of one aggregate with an id above `afterId`, when the window holds every notification from
   * `afterId + 1` to the head; `undefined` otherwise.
   */
  eventsOf(originatorId: string, afterId: number): StoredNotification[] | undefined {
    const index = this.#indexFrom(afterId + 1);
    if (index === undefined || !this.#complete()) return undefined;
    const events: StoredNotification[] = [];
    for (let at = index; at < this.#entries.length; at++) {
      const entry = this.#entries[at];
      if (entry?.originatorId === originatorId) events.push(entry);
    }
    return events;
  }

  /**
   * The highest id stored as far as this recorder knows: the end of the window when it reaches the highest id heard
   * of; `undefined` otherwise. Only a guess (another tab may have committed unannounced): a writer checks it.
   */
  knownHead(): number | undefined {
    return this.#complete() ? this.#entries.at(-1)?.id : undefined;
  }

  /** Whether the window reaches the highest id heard of. */
  #complete(): boolean {
    const through = this.#entries.at(-1)?.id;
    return through !== undefined && this.#head <= through;
  }

  /** The index of the first entry with an id ≥ `start`, if the window covers `start`. */
  #indexFrom(start: number): number | undefined {
    const from = this.#entries[0]?.id;
    if (from === undefined || start < from) return undefined;
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#entries[middle]?.id ?? 0) < start) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
