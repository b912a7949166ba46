import type { NotificationLog } from '../../eventsourcing';

/** Notifications read per page while catching up with the accounts log. */
const PAGE_SIZE = 500;

/** The account ids in opening order, as read from the accounts log up to `position`. */
export interface AccountOrderState {
  readonly position: number;
  /** The aggregate of the notification at `position`: what tells this log from another one of the same length. */
  readonly lastOriginatorId: string;
  readonly ids: readonly string[];
}

/** Where an account order is kept between loads of the app (`localStorage` in the app, a map in tests). */
export interface AccountOrderStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const EMPTY: AccountOrderState = { position: 0, lastOriginatorId: '', ids: [] };

/**
 * The order the accounts were opened in, kept as a stored projection of the accounts log with its position, so that
 * a start reads only the notifications committed since the last one instead of the whole log. It is a cache, never
 * the truth: what is stored is used only if the log still holds, at that position, a notification of the same
 * aggregate (a log erased, replaced by an import or shorter than the position is read again from its start), and a
 * listed account that cannot be loaded sends the caller back to `rebuild`.
 */
export class AccountOrder {
  readonly #log: NotificationLog;
  readonly #storage: AccountOrderStorage | undefined;
  readonly #key: string;
  /** The state `save` will write after this task. */
  #pending: AccountOrderState | undefined;

  /** `storage` undefined: nothing is kept between loads (a bank in memory). */
  constructor(log: NotificationLog, storage: AccountOrderStorage | undefined, key: string) {
    this.#log = log;
    this.#storage = storage;
    this.#key = key;
  }

  /** The order up to the log's current end: the stored one if it still fits the log, then what followed it. */
  async current(): Promise<AccountOrderState> {
    const stored = this.#read();
    const start = stored !== undefined && (await this.#fits(stored)) ? stored : EMPTY;
    return this.#save(await this.#catchUp(start));
  }

  /** The order read again from the start of the log, the stored one dropped. */
  async rebuild(): Promise<AccountOrderState> {
    this.#storage?.removeItem(this.#key);
    return this.#save(await this.#catchUp(EMPTY));
  }

  /**
   * Keeps `state` for the next load (once a live view has read the log further): after the current task, the last
   * state asked for in it, so that the synchronous write to storage never stands between a commit and the screen.
   */
  save(state: AccountOrderState): void {
    const scheduled = this.#pending !== undefined;
    this.#pending = state;
    if (scheduled) return;
    setTimeout(() => {
      if (this.#pending !== undefined) this.#save(this.#pending);
    }, 0);
  }

  async #catchUp(state: AccountOrderState): Promise<AccountOrderState> {
    let { position, lastOriginatorId } = state;
    const ids = [...state.ids];
    for (;;) {
      const page = await this.#log.select(position + 1, PAGE_SIZE);
      for (const notification of page) {
        // Opening is an account's first event, and ids increase in commit order: log order is opening order.
        if (notification.type === 'AccountOpened') ids.push(notification.originatorId);
        position = notification.id;
        lastOriginatorId = notification.originatorId;
      }
      if (page.length < PAGE_SIZE) return { position, lastOriginatorId, ids };
    }
  }

  async #fits(state: AccountOrderState): Promise<boolean> {
    if (state.position === 0) return true;
    const [notification] = await this.#log.select(state.position, 1);
    return notification?.id === state.position && notification.originatorId === state.lastOriginatorId;
  }

  #read(): AccountOrderState | undefined {
    try {
      const parsed: unknown = JSON.parse(this.#storage?.getItem(this.#key) ?? 'null');
      return isOrderState(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  #save(state: AccountOrderState): AccountOrderState {
    this.#pending = undefined;
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(state));
    } catch {
      // A full or unavailable storage only costs the next start a longer read.
    }
    return state;
  }
}

/** Outside input (another version of the app may have written it): checked field by field. */
function isOrderState(value: unknown): value is AccountOrderState {
  if (typeof value !== 'object' || value === null) return false;
  const { position, lastOriginatorId, ids } = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(position) &&
    (position as number) >= 0 &&
    typeof lastOriginatorId === 'string' &&
    Array.isArray(ids) &&
    ids.every((id) => typeof id === 'string')
  );
}
