/** What a recorder announces of its application: a new head, or that its records were erased. */
export type HeadMessage = number | 'erased';

type Listener = (message: HeadMessage) => void;

/**
 * The announcements of the recorders of one database to every other recorder of the same applications on it: those
 * on other connections (another tab, or another `EventDatabase` in this one) by one `BroadcastChannel`, those on
 * this connection directly.
 *
 * Invariants:
 * - What is announced within one task is sent after it, as one message for all applications, in the order it was
 *   announced: a commit of several applications costs one message, and none on the way to the caller of the commit.
 * - A listener never hears its own announcements.
 * - Nothing announced is lost by closing: what is pending is sent first.
 */
export class HeadChannel {
  readonly #channel: BroadcastChannel | undefined;
  readonly #listeners = new Map<string, Set<Listener>>();
  #pending: [string, HeadMessage, Listener | undefined][] = [];
  #scheduled: ReturnType<typeof setTimeout> | undefined;

  constructor(name: string) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(name);
    this.#channel.onmessage = (message: MessageEvent<unknown>) => {
      for (const [app, heard] of messagesIn(message.data)) this.#deliver(app, heard, undefined);
    };
    // Node keeps a process alive while a channel is open; a database someone forgot to close must not do that.
    (this.#channel as { unref?: () => void }).unref?.();
  }

  /** Calls `listener` with what the other recorders of `app` announce; returns the function that stops it. */
  listen(app: string, listener: Listener): () => void {
    let listeners = this.#listeners.get(app);
    if (listeners === undefined) this.#listeners.set(app, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /** Announces `message` of `app` from `from` (who does not hear it), after this task or, `now`, at once. */
  announce(app: string, message: HeadMessage, from: Listener, now = false): void {
    this.#pending.push([app, message, from]);
    if (now) this.flush();
    else this.#scheduled ??= setTimeout(() => this.flush(), 0);
  }

  /** Sends what is pending. */
  flush(): void {
    if (this.#scheduled !== undefined) clearTimeout(this.#scheduled);
    this.#scheduled = undefined;
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    try {
      this.#channel?.postMessage(pending.map(([app, message]) => [app, message]));
    } catch {
      // Closed under a commit in flight (this tab is closing): the events are stored, and other tabs find the head
      // in storage at their next full pass.
    }
    for (const [app, message, from] of pending) this.#deliver(app, message, from);
  }

  close(): void {
    this.flush();
    this.#channel?.close();
    this.#listeners.clear();
  }

  #deliver(app: string, message: HeadMessage, from: Listener | undefined): void {
    for (const listener of this.#listeners.get(app) ?? []) if (listener !== from) listener(message);
  }
}

/** The announcements in a message from another connection; nothing of what is not one. */
function messagesIn(data: unknown): [string, HeadMessage][] {
  if (!Array.isArray(data)) return [];
  return data.filter(
    (entry): entry is [string, HeadMessage] =>
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === 'string' &&
      ((typeof entry[1] === 'number' && Number.isSafeInteger(entry[1])) || entry[1] === 'erased'),
  );
}
