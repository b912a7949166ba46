import Dexie, { type Table } from 'dexie';
import { Subject, type Observable } from 'rxjs';
import { ConcurrencyError } from './concurrency-error';
import { headStream } from './head';
import { RecentNotifications } from './recent-notifications';
import type { AggregateRecords, EventRange, InsertOptions, Recorder } from './recorder';
import {
  withoutNotificationId,
  type Snapshot,
  type StoredEvent,
  type StoredNotification,
  type Tracking,
} from './stored-event';
import { TrackingConflictError } from './tracking-conflict-error';
import { translateStorageError } from './translate-storage-error';

export interface DexieRecorderOptions {
  /** The IndexedDB database name; one database per application. */
  readonly databaseName: string;
  /** Defaults to the global `indexedDB`. */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * A recorder on IndexedDB through Dexie: one database per application, with tables for events, snapshots and
 * tracking positions.
 *
 * Invariants:
 * - `events` has an auto-incremented primary key, the notification id, and a unique compound index on
 *   `[originatorId+originatorVersion]`: IndexedDB itself refuses a second event at a taken version.
 * - An insert is one read-write transaction over exactly the tables it touches, with strict durability (Chromium
 *   otherwise reports a commit before it reaches the disk); readwrite transactions on one store run one after the
 *   other, in every tab, so notification ids increase in commit order.
 * - Inside a transaction only Dexie work is awaited.
 * - After each commit the new head is announced to this tab's subscribers and, by `BroadcastChannel`, to every
 *   other recorder on the same database, in this tab or another.
 * - When another connection deletes or upgrades the database, this connection closes and stays closed: later calls
 *   fail fast with `StorageError` (reason `closed`) instead of silently reopening an empty database or hanging.
 * - Its own latest commits are kept in memory (`RecentNotifications`): a follower or view in this tab reads what was
 *   just written without a transaction, and gets exactly what storage would have given it.
 */
export class DexieRecorder implements Recorder {
  readonly #db: Dexie;
  readonly #events: Table<StoredNotification, number>;
  readonly #snapshots: Table<Snapshot, [string, number]>;
  readonly #tracking: Table<Tracking, string>;
  readonly #commits$ = new Subject<number>();
  readonly #channel: BroadcastChannel | undefined;
  readonly #recent = new RecentNotifications();
  readonly head$: Observable<number>;

  constructor(options: DexieRecorderOptions) {
    this.#db = new Dexie(options.databaseName, {
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
    });
    this.#db.version(1).stores({
      events: '++id, &[originatorId+originatorVersion]',
      snapshots: '[originatorId+originatorVersion]',
      tracking: 'upstreamName',
    });
    this.#db.on('versionchange', () => {
      this.#db.close({ disableAutoOpen: true });
      return false;
    });
    // The browser closed the connection (site data cleared, storage evicted): Dexie reopens on the next call, maybe
    // onto an empty database, so nothing remembered of the old one may answer for it.
    this.#db.on('close', () => this.#recent.reset());
    this.#events = this.#db.table('events');
    this.#snapshots = this.#db.table('snapshots');
    this.#tracking = this.#db.table('tracking');
    this.#channel = openChannel(`eventsourcing:${options.databaseName}`, (head) => this.#hear(head));
    this.head$ = headStream(() => this.maxNotificationId(), this.#commits$);
  }

  async insert(events: readonly StoredEvent[], options: InsertOptions = {}): Promise<number[]> {
    const { tracking, snapshots = [] } = options;
    const tables = [
      this.#events,
      ...(tracking === undefined ? [] : [this.#tracking]),
      ...(snapshots.length === 0 ? [] : [this.#snapshots]),
    ];
    const ids = await this.#try(() =>
      this.#db.transaction('rw', tables, async () => {
        if (tracking !== undefined) {
          const storedPosition = (await this.#tracking.get(tracking.upstreamName))?.notificationId ?? 0;
          if (storedPosition !== tracking.expectedPosition || tracking.notificationId <= storedPosition) {
            throw new TrackingConflictError({ ...tracking, storedPosition });
          }
          await this.#tracking.put({ upstreamName: tracking.upstreamName, notificationId: tracking.notificationId });
        }
        const ids = await this.#addEvents(events);
        if (snapshots.length > 0) await this.#snapshots.bulkPut([...snapshots]);
        return ids;
      }),
    ).catch((error: unknown) => {
      this.#recent.clear();
      throw error;
    });
    this.#recent.committed(events.map((event, index) => ({ ...event, id: ids[index] ?? 0 })));
    const head = ids.at(-1);
    if (head !== undefined) {
      this.#commits$.next(head);
      try {
        this.#channel?.postMessage(head);
      } catch {
        // The channel was closed under a commit in flight (this tab is closing): the events are stored, and that is
        // what the caller must be told. Other tabs find the head in storage at their next full pass.
      }
    }
    return ids;
  }

  selectEvents(originatorId: string, range: EventRange = {}): Promise<StoredEvent[]> {
    const { after = 0, upTo = Infinity, descending = false, limit = Infinity } = range;
    return this.#try(async () => {
      let query = this.#events
        .where('[originatorId+originatorVersion]')
        .between([originatorId, after], [originatorId, upTo], false, true);
      if (descending) query = query.reverse();
      if (limit !== Infinity) query = query.limit(limit);
      return (await query.toArray()).map(withoutNotificationId);
    });
  }

  selectNotifications(start: number, limit: number): Promise<StoredNotification[]> {
    // IndexedDB counts in an unsigned long: a larger limit (`Number.MAX_SAFE_INTEGER`, "all") would throw.
    const count = Math.min(limit, MAX_COUNT);
    const recent = this.#db.isOpen() ? this.#recent.select(start, count) : undefined;
    if (recent !== undefined) return Promise.resolve(recent);
    return this.#try(async () => {
      const notifications = await this.#events.where('id').aboveOrEqual(start).limit(count).toArray();
      this.#hear(notifications.at(-1)?.id ?? 0);
      return notifications;
    });
  }

  maxNotificationId(): Promise<number> {
    return this.#try(async () => {
      const head = ((await this.#events.orderBy('id').lastKey()) as number | undefined) ?? 0;
      this.#hear(head);
      return head;
    });
  }

  position(upstreamName: string): Promise<number> {
    return this.#try(async () => (await this.#tracking.get(upstreamName))?.notificationId ?? 0);
  }

  selectAggregate(originatorId: string, upTo = Infinity): Promise<AggregateRecords> {
    return this.#try(() =>
      this.#db.transaction('r', [this.#snapshots, this.#events], async () => {
        const snapshot = await this.#latestSnapshot(originatorId, upTo);
        const after = snapshot?.originatorVersion ?? 0;
        const events = await this.#events
          .where('[originatorId+originatorVersion]')
          .between([originatorId, after], [originatorId, upTo], false, true)
          .toArray();
        return { snapshot, events: events.map(withoutNotificationId) };
      }),
    );
  }

  recentEvents(originatorId: string, afterId: number): StoredNotification[] | undefined {
    return this.#db.isOpen() ? this.#recent.eventsOf(originatorId, afterId) : undefined;
  }

  selectSnapshot(originatorId: string, upTo = Infinity): Promise<Snapshot | undefined> {
    return this.#try(() => this.#latestSnapshot(originatorId, upTo));
  }

  deleteSnapshots(originatorId?: string): Promise<void> {
    return this.#try(async () => {
      if (originatorId === undefined) await this.#snapshots.clear();
      else
        await this.#snapshots
          .where('[originatorId+originatorVersion]')
          .between([originatorId, 0], [originatorId, Infinity], true, true)
          .delete();
    });
  }

  close(): Promise<void> {
    this.#channel?.close();
    this.#commits$.complete();
    this.#db.close({ disableAutoOpen: true });
    return Promise.resolve();
  }

  async erase(): Promise<void> {
    this.#recent.reset();
    // Deleting the database resets its id counter; other connections to it close themselves (versionchange).
    await this.#try(() => this.#db.delete({ disableAutoOpen: true }));
    await this.close();
  }

  /**
   * A head announced by another recorder or seen in storage: what storage shows counts as heard of, so a commit whose
   * announcement never came (its tab crashed in between) is neither hidden by memory nor missing from `head$`.
   */
  #hear(head: number): void {
    this.#recent.heard(head);
    this.#commits$.next(head);
  }

  #latestSnapshot(originatorId: string, upTo: number): Promise<Snapshot | undefined> {
    return this.#snapshots
      .where('[originatorId+originatorVersion]')
      .between([originatorId, 0], [originatorId, upTo], true, true)
      .last();
  }

  async #addEvents(events: readonly StoredEvent[]): Promise<number[]> {
    if (events.length === 0) return [];
    try {
      if (events.length === 1) return [await this.#events.add(events[0] as StoredNotification)];
      // No other writer can touch the store inside this transaction, so the key generator hands out consecutive
      // ids: the last one gives them all, without the cost of collecting every key.
      const last = await this.#events.bulkAdd(events as StoredNotification[]);
      return events.map((_, index) => last - events.length + 1 + index);
    } catch (error) {
      throw concurrencyErrorFor(error, events) ?? error;
    }
  }

  async #try<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}

/** The largest count IndexedDB accepts (`getAll`'s count is an unsigned long). */
const MAX_COUNT = 2 ** 32 - 1;

/** Names the event that hit the unique index, when the failure is one. */
function concurrencyErrorFor(error: unknown, events: readonly StoredEvent[]): ConcurrencyError | undefined {
  const { name, failuresByPos } = error as { name?: unknown; failuresByPos?: Record<number, { name?: unknown }> };
  if (name === 'ConstraintError') {
    const [event] = events;
    return new ConcurrencyError({ ...describeEvent(events.length === 1 ? event : undefined), cause: error });
  }
  if (name !== 'BulkError' || failuresByPos === undefined) return undefined;
  const position = Object.entries(failuresByPos).find(([, failure]) => failure.name === 'ConstraintError')?.[0];
  if (position === undefined) return undefined;
  return new ConcurrencyError({ ...describeEvent(events[Number(position)]), cause: error });
}

function describeEvent(event: StoredEvent | undefined): { originatorId?: string; originatorVersion?: number } {
  return event === undefined ? {} : { originatorId: event.originatorId, originatorVersion: event.originatorVersion };
}

/** A channel to the other recorders on the same database; absent where `BroadcastChannel` is. */
function openChannel(name: string, onHead: (head: number) => void): BroadcastChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const channel = new BroadcastChannel(name);
  channel.onmessage = (message: MessageEvent<unknown>) => {
    if (typeof message.data === 'number') onHead(message.data);
  };
  // Node keeps a process alive while a channel is open; a recorder someone forgot to close must not do that.
  (channel as { unref?: () => void }).unref?.();
  return channel;
}
