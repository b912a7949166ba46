import type { NotificationLog } from '../eventsourcing';

/** Notifications read per page while catching up with the log. */
const PAGE_SIZE = 500;

/**
 * The ids of every account of an application, in the order they were opened, derived from the application's
 * notification log (its `AccountOpened` events) rather than kept in memory: so the list survives a restart and
 * includes accounts opened in another tab.
 *
 * Invariants:
 * - Each `ids()` reads only the notifications after the last one it has read, page by page: the cost of a call is
 *   the number of new events, not the length of the log.
 * - Notification ids increase in commit order, and opening is an account's first event, so appending ids in log
 *   order gives opening order, the same in every tab and after every restart.
 * - Reads run one after the other; each call starts its own read after the one in flight, so an account whose
 *   opening committed before the call is always in the answer.
 */
export class OpeningOrder {
  readonly #log: NotificationLog;
  readonly #creationType: string;
  readonly #ids: string[] = [];
  #position = 0;
  #reading: Promise<void> = Promise.resolve();

  /** `creationType` is the type of the first event of the aggregates to list (accounts by default). */
  constructor(log: NotificationLog, creationType = 'AccountOpened') {
    this.#log = log;
    this.#creationType = creationType;
  }

  /** Every account id, oldest opening first. */
  async ids(): Promise<string[]> {
    const read = this.#reading.then(() => this.#catchUp());
    // A failed read must not fail every later call: the next one starts from the position reached.
    this.#reading = read.catch(() => undefined);
    await read;
    return [...this.#ids];
  }

  async #catchUp(): Promise<void> {
    for (;;) {
      const page = await this.#log.select(this.#position + 1, PAGE_SIZE);
      for (const notification of page) {
        if (notification.type === this.#creationType) this.#ids.push(notification.originatorId);
        this.#position = notification.id;
      }
      if (page.length < PAGE_SIZE) return;
    }
  }
}
