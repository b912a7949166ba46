/**
 * What a head subscriber hears: a vault's new head, or `null` when announcements may have been missed (the
 * database connection that carries them was lost and is back), so the head must be read again.
 */
export type HeadListener = (head: number | null) => void;

/**
 * Fans out each vault's new heads to this process's subscribers (the `GET /v2/events` streams). Announcements come
 * from pushes through this process, and, with several instances on one PostgreSQL, from the database's
 * notifications (`listenForHeads`).
 *
 * Invariants:
 * - Holds nothing but the listeners: a head may be announced twice, late or out of order (a local push and its
 *   notification race), so a subscriber keeps the highest head it has passed on and ignores lower ones.
 * - A listener that throws does not keep the others from hearing.
 */
export class HeadFeed {
  readonly #listeners = new Map<string, Set<HeadListener>>();

  /** Calls `listener` with each head announced for `vaultId`; returns the function that stops it. */
  subscribe(vaultId: string, listener: HeadListener): () => void {
    let listeners = this.#listeners.get(vaultId);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(vaultId, listeners);
    }
    const own = listeners;
    // A function of its own per subscription, so that subscribing one listener twice still counts twice.
    const entry: HeadListener = (head) => listener(head);
    own.add(entry);
    return () => {
      own.delete(entry);
      if (own.size === 0 && this.#listeners.get(vaultId) === own) this.#listeners.delete(vaultId);
    };
  }

  /** Passes a vault's head to its subscribers. */
  announce(vaultId: string, head: number): void {
    for (const listener of [...(this.#listeners.get(vaultId) ?? [])]) notify(listener, head);
  }

  /** Tells every subscriber that heads may have been missed. */
  resync(): void {
    for (const listeners of [...this.#listeners.values()]) {
      for (const listener of [...listeners]) notify(listener, null);
    }
  }

  /** How many subscriptions are open, over all vaults. */
  get size(): number {
    let size = 0;
    for (const listeners of this.#listeners.values()) size += listeners.size;
    return size;
  }
}

function notify(listener: HeadListener, head: number | null): void {
  try {
    listener(head);
  } catch {
    // One broken subscriber must not silence the others; its stream ends on its own.
  }
}
