import Dexie from 'dexie';
import { Subject, type Observable } from 'rxjs';
import { ConcurrencyError } from './concurrency-error';
import { EventDatabase, keysOf, type EventRow, type SnapshotRow, type TrackingRow } from './event-database';
import { headStream } from './head';
import type { HeadMessage } from './head-channel';
import { allSucceeded, commitWhenRun, inWriteTransaction, requested } from './idb-transaction';
import { HeadConflictError } from './head-conflict-error';
import { StorageError } from './storage-error';
import { RecentNotifications } from './recent-notifications';
import type { AggregateRecords, EventRange, InsertOptions, Recorder } from './recorder';
import type { Snapshot, StoredEvent, StoredNotification } from './stored-event';
import { TrackingConflictError } from './tracking-conflict-error';
import { translateStorageError } from './translate-storage-error';

/** A recorder on a database of its own (one connection, closed with the recorder). */
export interface OwnDatabaseOptions {
  /** The IndexedDB database. */
  readonly databaseName: string;
  /** Whose records, in a database that holds several applications' ('default' when it holds one). */
  readonly applicationName?: string;
  /** Defaults to the global `indexedDB`. */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/** A recorder on a connection shared with other recorders, which can then commit together (`insertAll`). */
export interface SharedDatabaseOptions {
  readonly database: EventDatabase;
  readonly applicationName: string;
  /** Called when the recorder is closed: the connection is its owner's to close. */
  readonly onClose?: () => void;
}

export type DexieRecorderOptions = OwnDatabaseOptions | SharedDatabaseOptions;

/** A head this recorder knew of in memory turned out stale inside the transaction: it is tried again, reading first. */
class StaleHeadError extends Error {
  override readonly name = 'StaleHeadError';
}

/** What `DexieRecorder.insertAll` writes into one recorder. */
export interface DexieRecorderWrite {
  readonly recorder: DexieRecorder;
  readonly events: readonly StoredEvent[];
  readonly options?: InsertOptions;
}

/**
 * A recorder on IndexedDB through Dexie: one application's events, snapshots and tracking positions, in the shared
 * tables of an `EventDatabase` (keyed by application), so that recorders of several applications on one connection
 * can commit in one transaction.
 *
 * Invariants:
 * - The notification id of an event is the application's highest id plus one, taken inside the write transaction
 *   (read there, or known in memory and checked by the writes); readwrite transactions on one store run one after
 *   the other, in every tab, so ids increase in commit order.
 *   A unique index on `[app, originatorId, originatorVersion]` refuses a second event at a taken version.
 * - An insert (or an `insertAll` of several recorders) is one read-write transaction over exactly the tables it
 *   touches, with strict durability (Chromium otherwise reports a commit before it reaches the disk).
 * - Inside a write transaction only its own requests are awaited; it is issued in IndexedDB's requests directly, on the
 *   connection Dexie opened (`inWriteTransaction`), and reads go through Dexie.
 * - After each commit the new head is announced to this tab's subscribers at once and, after the commit's task, to
 *   every other recorder of the same application in the same database, in this tab or another (`HeadChannel`).
 * - When another connection deletes or upgrades the database, this connection closes and stays closed: later calls
 *   fail fast with `StorageError` (reason `closed`) instead of silently reopening an empty database or hanging.
 * - Its own latest commits are kept in memory (`RecentNotifications`): a follower or view in this tab reads what was
 *   just written without a transaction, and gets exactly what storage would have given it.
 */
export class DexieRecorder implements Recorder {
  readonly #database: EventDatabase;
  readonly #app: string;
  readonly #ownsDatabase: boolean;
  readonly #onClose: (() => void) | undefined;
  readonly #commits$ = new Subject<number>();
  readonly #onHeard = (message: HeadMessage) => {
    if (message === 'erased') this.#recent.reset();
    else this.#hear(message);
  };
  readonly #stopListening: () => void;
  readonly #recent = new RecentNotifications();
  readonly #forget = () => this.#recent.reset();
  #closed = false;
  /** `selectEvents` calls of this task, answered together (`#readPending`). */
  #pendingReads: PendingRead[] | undefined;
  readonly head$: Observable<number>;

  constructor(options: DexieRecorderOptions) {
    if ('database' in options) {
      this.#database = options.database;
      this.#app = options.applicationName;
      this.#ownsDatabase = false;
      this.#onClose = options.onClose;
    } else {
      this.#database = new EventDatabase(options);
      this.#app = options.applicationName ?? 'default';
      this.#ownsDatabase = true;
      this.#onClose = undefined;
    }
    // The browser closed the connection (site data cleared, storage evicted): Dexie reopens on the next call, maybe
    // onto an empty database, so nothing remembered of the old one may answer for it.
    this.#database.db.on('close', this.#forget);
    this.#stopListening = this.#database.heads.listen(this.#app, this.#onHeard);
    this.head$ = headStream(() => this.maxNotificationId(), this.#commits$);
  }

  /**
   * Inserts into several recorders on one connection in one transaction: every write's events, tracking record and
   * snapshots are stored, or nothing of any of them. Returns the notification ids of each write, in order.
   */
  static async insertAll(writes: readonly DexieRecorderWrite[]): Promise<number[][]> {
    const [first] = writes;
    if (first === undefined) return [];
    const database = first.recorder.#database;
    if (writes.some(({ recorder }) => recorder.#database !== database)) {
      throw new TypeError('DexieRecorder.insertAll: the recorders are not on one database connection');
    }
    if (new Set(writes.map(({ recorder }) => recorder.#app)).size < writes.length) {
      throw new TypeError('DexieRecorder.insertAll: two writes into one application');
    }
    const stores = new Set<string>([database.events.name]);
    for (const { options = {} } of writes) {
      if (options.tracking !== undefined) stores.add(database.tracking.name);
      if ((options.snapshots?.length ?? 0) > 0) stores.add(database.snapshots.name);
    }
    let ids: number[][];
    try {
      for (const { recorder } of writes) recorder.#throwIfClosed();
      await Promise.all(writes.map(({ recorder }) => recorder.#ready()));
      const connection = await database.connection();
      const commit = (guess: boolean) =>
        inWriteTransaction(connection, [...stores], (transaction) => {
          const positions = storedPositions(transaction, database.tracking.name, writes);
          // Once every write is issued and its checks have passed, nothing more is asked of the transaction.
          let unchecked = writes.length;
          const checked = () => {
            if (--unchecked === 0) commitWhenRun(transaction);
          };
          // Side by side: one recorder's conflict fails the whole transaction all the same.
          return Promise.all(
            writes.map(({ recorder, events, options = {} }) =>
              recorder.#write(transaction, events, options, guess, positions, checked),
            ),
          );
        });
      try {
        ids = await commit(true);
      } catch (error) {
        // A head known in memory was stale (another tab committed): nothing was stored; read it first this time.
        if (!(error instanceof StaleHeadError)) throw error;
        for (const { recorder } of writes) recorder.#recent.clear();
        ids = await commit(false);
      }
    } catch (error) {
      for (const { recorder } of writes) recorder.#recent.clear();
      throw translateStorageError(error);
    }
    writes.forEach(({ recorder, events }, index) => recorder.#announce(events, ids[index] ?? []));
    return ids;
  }

  async insert(events: readonly StoredEvent[], options: InsertOptions = {}): Promise<number[]> {
    const [ids = []] = await DexieRecorder.insertAll([{ recorder: this, events, options }]);
    return ids;
  }

  /**
   * Reads asked in one task are answered from one read transaction: a batch of the derivation asks for the first
   * event of each of its requests' sagas at once (whether a request repeats one already derived), and in a browser
   * a transaction per read costs more than the read.
   */
  selectEvents(originatorId: string, range: EventRange = {}): Promise<StoredEvent[]> {
    return new Promise((resolve, reject) => {
      const pending = (this.#pendingReads ??= []);
      pending.push({ originatorId, range, resolve, reject });
      if (pending.length === 1) queueMicrotask(() => this.#readPending());
    });
  }

  #readPending(): void {
    const reads = this.#pendingReads ?? [];
    this.#pendingReads = undefined;
    const [only] = reads;
    // Read in a transaction of its own, whatever Dexie transaction the caller (or this microtask) may be inside.
    if (reads.length === 1 && only !== undefined) {
      this.#try(() => Dexie.ignoreTransaction(() => this.#eventsOf(only))).then(only.resolve, only.reject);
      return;
    }
    // Each read is answered on its own (a key IndexedDB refuses fails only its read), the transaction's failure all.
    const answered = this.#try(() =>
      Dexie.ignoreTransaction(() =>
        this.#database.db.transaction('r', this.#database.events, () =>
          Promise.all(reads.map((read) => this.#eventsOf(read).then(answer, refusal))),
        ),
      ),
    );
    answered.then(
      (answers) =>
        reads.forEach((read, index) => {
          const outcome = answers[index];
          if (outcome === undefined || 'error' in outcome) read.reject(translateStorageError(outcome?.error));
          else read.resolve(outcome.events);
        }),
      (error: unknown) => reads.forEach((read) => read.reject(error)),
    );
  }

  async #eventsOf({ originatorId, range }: EventsRead): Promise<StoredEvent[]> {
    const { after = 0, upTo = Infinity, descending = false, limit = Infinity } = range;
    let query = this.#database.events
      .where('[app+originatorId+originatorVersion]')
      .between([this.#app, originatorId, after], [this.#app, originatorId, upTo], false, true);
    if (descending) query = query.reverse();
    if (limit !== Infinity) query = query.limit(limit);
    return (await query.toArray()).map(storedEventOf);
  }

  selectNotifications(start: number, limit: number): Promise<StoredNotification[]> {
    // IndexedDB counts in an unsigned long: a larger limit (`Number.MAX_SAFE_INTEGER`, "all") would throw.
    const count = Math.min(limit, MAX_COUNT);
    const recent = this.#database.db.isOpen() ? this.#recent.select(start, count) : undefined;
    if (recent !== undefined) return Promise.resolve(recent);
    return this.#try(async () => {
      const rows = await this.#database.events
        .where('[app+id]')
        .between([this.#app, start], [this.#app, Infinity], true, true)
        .limit(count)
        .toArray();
      const notifications = rows.map(notificationOf);
      this.#hear(notifications.at(-1)?.id ?? 0);
      return notifications;
    });
  }

  maxNotificationId(): Promise<number> {
    return this.#try(async () => {
      const head = await this.#head();
      this.#hear(head);
      return head;
    });
  }

  position(upstreamName: string): Promise<number> {
    return this.#try(async () => (await this.#database.tracking.get([this.#app, upstreamName]))?.notificationId ?? 0);
  }

  selectAggregate(originatorId: string, upTo = Infinity): Promise<AggregateRecords> {
    const { events, snapshots } = this.#database;
    return this.#try(() =>
      this.#database.db.transaction('r', [snapshots, events], async () => {
        const snapshot = await this.#latestSnapshot(originatorId, upTo);
        const after = snapshot?.originatorVersion ?? 0;
        const rows = await events
          .where('[app+originatorId+originatorVersion]')
          .between([this.#app, originatorId, after], [this.#app, originatorId, upTo], false, true)
          .toArray();
        return { snapshot, events: rows.map(storedEventOf) };
      }),
    );
  }

  recentEvents(originatorId: string, afterId: number): StoredNotification[] | undefined {
    return this.#database.db.isOpen() ? this.#recent.eventsOf(originatorId, afterId) : undefined;
  }

  selectSnapshot(originatorId: string, upTo = Infinity): Promise<Snapshot | undefined> {
    return this.#try(() => this.#latestSnapshot(originatorId, upTo));
  }

  deleteSnapshots(originatorId?: string): Promise<void> {
    return this.#try(async () => {
      const snapshots = this.#database.snapshots.where('[app+originatorId+originatorVersion]');
      if (originatorId === undefined) await snapshots.between(...keysOf(this.#app)).delete();
      else
        await snapshots.between([this.#app, originatorId, 0], [this.#app, originatorId, Infinity], true, true).delete();
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#stopListening();
    this.#commits$.complete();
    this.#database.db.on('close').unsubscribe(this.#forget);
    if (this.#ownsDatabase) this.#database.close();
    this.#onClose?.();
    return Promise.resolve();
  }

  async erase(): Promise<void> {
    this.#recent.reset();
    const { events, snapshots, tracking } = this.#database;
    // The application's rows go, and with them its highest id: the next event is 1 again.
    await this.#try(() =>
      this.#database.db.transaction('rw', [events, snapshots, tracking], async () => {
        await events
          .where('[app+id]')
          .between(...keysOf(this.#app))
          .delete();
        await snapshots
          .where('[app+originatorId+originatorVersion]')
          .between(...keysOf(this.#app))
          .delete();
        await tracking
          .where('[app+upstreamName]')
          .between(...keysOf(this.#app))
          .delete();
      }),
    );
    this.#database.heads.announce(this.#app, 'erased', this.#onHeard, true);
    await this.close();
  }

  /**
   * The events, tracking record and snapshots of one insert, inside the caller's transaction; returns their ids. Its
   * requests are issued in one round when the ids are known beforehand (`expectedHead`, or, when `guess` allows, the
   * head this recorder knows of), else two rounds deep (the reads, then the writes); the writes of several recorders
   * side by side. In a browser every request is a round trip to another process, so their depth is what a commit
   * waits for. In one round the reads still come first (a transaction runs its requests in order) and are checked
   * before the writes are awaited: a failed check throws, which aborts the transaction with nothing stored.
   */
  async #write(
    transaction: IDBTransaction,
    events: readonly StoredEvent[],
    options: InsertOptions,
    guess: boolean,
    positions: StoredPositions,
    checked: () => void,
  ): Promise<number[]> {
    const { tracking, expectedHead } = options;
    const known = expectedHead ?? (guess && events.length > 0 ? this.#recent.knownHead() : undefined);
    // A head known in memory need not be read when the writes check it themselves: the first event takes the id after
    // it, which fails if another writer took that id, and the position read fails if the store was erased (its
    // tracking records went with it). Every derived application's write in a deposit is such a write.
    const checkedByWrites = expectedHead === undefined && known !== undefined && (tracking?.expectedPosition ?? 0) > 0;
    const reads = Promise.all([
      tracking === undefined ? undefined : positions(this.#app, tracking.upstreamName),
      checkedByWrites || (events.length === 0 && known === undefined) ? (known ?? 0) : this.#headIn(transaction),
    ]);
    const check = ([stored, head]: [TrackingRow | undefined, number]) => {
      if (tracking !== undefined) {
        const storedPosition = stored?.notificationId ?? 0;
        if (storedPosition !== tracking.expectedPosition || tracking.notificationId <= storedPosition) {
          throw new TrackingConflictError({ ...tracking, storedPosition });
        }
      }
      if (expectedHead !== undefined && head !== expectedHead) {
        throw new HeadConflictError({ expectedHead, storedHead: head });
      }
      if (known !== undefined && head !== known) throw new StaleHeadError();
    };
    if (known === undefined) {
      const read = await reads;
      check(read);
      const ids = events.map((_, index) => read[1] + 1 + index);
      const written = this.#writeRows(transaction, events, ids, options);
      if (written.whole) checked();
      await written.settled;
      return ids;
    }
    const ids = events.map((_, index) => known + 1 + index);
    // Settled here, so that a failed write is reported after the reads' checks (which say why it failed).
    const issued = this.#writeRows(transaction, events, ids, options);
    const written = issued.settled.then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    check(await reads);
    if (issued.whole) checked();
    const failure = await written;
    // A taken id and a taken version fail alike: read the head, and the next try says which it was.
    if (failure?.error instanceof ConcurrencyError && checkedByWrites) throw new StaleHeadError();
    if (failure !== undefined) throw failure.error;
    return ids;
  }

  /** The writes of one insert: its events under `ids`, its tracking record and its snapshots. */
  #writeRows(
    transaction: IDBTransaction,
    events: readonly StoredEvent[],
    ids: readonly number[],
    options: InsertOptions,
  ): IssuedWrites {
    const { tracking, snapshots = [] } = options;
    const { tracking: positions, events: table, snapshots: snapshotTable } = this.#database;
    const requests: Promise<unknown>[] = [];
    // Issued in one go, so that a store throwing at once (a full disk) fails the whole insert.
    try {
      if (tracking !== undefined) {
        const row: TrackingRow = {
          app: this.#app,
          upstreamName: tracking.upstreamName,
          notificationId: tracking.notificationId,
        };
        requests.push(requested(transaction.objectStore(positions.name).put(row)));
      }
      const store = transaction.objectStore(table.name);
      const adds = events.map((event, index) => store.add({ ...event, app: this.#app, id: ids[index] ?? 0 }));
      requests.push(
        allSucceeded(adds, (error, index) => {
          const event = events[index];
          return (event === undefined ? undefined : concurrencyErrorFor(error, event)) ?? error;
        }),
      );
      if (snapshots.length > 0) {
        const store = transaction.objectStore(snapshotTable.name);
        requests.push(allSucceeded(snapshots.map((snapshot) => store.put({ ...snapshot, app: this.#app }))));
      }
    } catch (error) {
      const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      return { settled: Promise.all([...requests, failed]), whole: false };
    }
    return { settled: Promise.all(requests), whole: true };
  }

  /** This application's highest notification id, read inside `transaction`. */
  async #headIn(transaction: IDBTransaction): Promise<number> {
    const [lower, upper] = keysOf(this.#app);
    const events = transaction.objectStore(this.#database.events.name);
    const cursor = await requested(events.openKeyCursor(this.#database.keyRange.bound(lower, upper), 'prev'));
    return (cursor?.primaryKey as [string, number] | undefined)?.[1] ?? 0;
  }

  /** A closed recorder answers nothing, even while other recorders keep the shared connection open. */
  #throwIfClosed(): void {
    if (this.#closed) throw new StorageError('closed', 'the recorder was closed');
  }

  /** Resolves once the application's records are in the database (a failed move is tried again by the next call). */
  #ready(): Promise<void> {
    return this.#database.ready(this.#app);
  }

  /** After a commit: remembers its events and announces the new head. */
  #announce(events: readonly StoredEvent[], ids: readonly number[]): void {
    this.#recent.committed(events.map((event, index) => ({ ...event, id: ids[index] ?? 0 })));
    const head = ids.at(-1);
    if (head === undefined) return;
    this.#commits$.next(head);
    this.#database.heads.announce(this.#app, head, this.#onHeard);
  }

  async #head(): Promise<number> {
    const key = await this.#database.events
      .where('[app+id]')
      .between(...keysOf(this.#app))
      .lastKey();
    return (key as [string, number] | undefined)?.[1] ?? 0;
  }

  /**
   * A head announced by another recorder or seen in storage: what storage shows counts as heard of, so a commit whose
   * announcement never came (its tab crashed in between) is neither hidden by memory nor missing from `head$`.
   */
  #hear(head: number): void {
    this.#recent.heard(head);
    this.#commits$.next(head);
  }

  async #latestSnapshot(originatorId: string, upTo: number): Promise<Snapshot | undefined> {
    const row = await this.#database.snapshots
      .where('[app+originatorId+originatorVersion]')
      .between([this.#app, originatorId, 0], [this.#app, originatorId, upTo], true, true)
      .last();
    return row === undefined ? undefined : snapshotOf(row);
  }

  async #try<T>(work: () => Promise<T>): Promise<T> {
    try {
      this.#throwIfClosed();
      await this.#ready();
      return await work();
    } catch (error) {
      throw translateStorageError(error);
    }
  }
}

function storedEventOf({ app: _app, id: _id, ...event }: EventRow): StoredEvent {
  return event;
}

function notificationOf({ app: _app, ...notification }: EventRow): StoredNotification {
  return notification;
}

function snapshotOf({ app: _app, ...snapshot }: SnapshotRow): Snapshot {
  return snapshot;
}

/**
 * The requests of one insert's writes: `settled` once all have succeeded or one has failed; `whole` when every one
 * was issued (a store can refuse one at once, on a full disk, and the transaction must not commit then).
 */
interface IssuedWrites {
  readonly settled: Promise<unknown>;
  readonly whole: boolean;
}

/** One `selectEvents` call. */
interface EventsRead {
  readonly originatorId: string;
  readonly range: EventRange;
}

/** One `selectEvents` call waiting for the reads of its task to be answered. */
interface PendingRead extends EventsRead {
  readonly resolve: (events: StoredEvent[]) => void;
  readonly reject: (error: unknown) => void;
}

/** How one read of a shared read transaction went. */
type ReadOutcome = { readonly events: StoredEvent[] } | { readonly error: unknown };

const answer = (events: StoredEvent[]): ReadOutcome => ({ events });
const refusal = (error: unknown): ReadOutcome => ({ error });

/** The largest count IndexedDB accepts (`getAll`'s count is an unsigned long). */
const MAX_COUNT = 2 ** 32 - 1;

/** The tracking record stored for an application and upstream, read inside the write transaction. */
type StoredPositions = (app: string, upstreamName: string) => Promise<TrackingRow | undefined>;

/**
 * The stored positions the tracking records of `writes` are checked against: read one by one when one write has a
 * tracking record, else all in one request (the tracking table holds a record per application and upstream, a few
 * dozen at most), since in a browser every request costs a round trip to another process. The read is issued here,
 * before any write of the transaction.
 */
function storedPositions(
  transaction: IDBTransaction,
  trackingStore: string,
  writes: readonly DexieRecorderWrite[],
): StoredPositions {
  const tracked = writes.filter(({ options }) => options?.tracking !== undefined).length;
  if (tracked === 0) return () => Promise.resolve(undefined);
  const store = transaction.objectStore(trackingStore);
  if (tracked === 1)
    return (app, upstreamName) => requested(store.get([app, upstreamName])) as Promise<TrackingRow | undefined>;
  const all = (requested(store.getAll()) as Promise<TrackingRow[]>).then(
    (rows) => new Map(rows.map((row) => [JSON.stringify([row.app, row.upstreamName]), row])),
  );
  return (app, upstreamName) => all.then((rows) => rows.get(JSON.stringify([app, upstreamName])));
}

/** Names the event whose add hit the unique index (or a taken id), when the failure is that. */
function concurrencyErrorFor(error: unknown, event: StoredEvent): ConcurrencyError | undefined {
  if ((error as { name?: unknown }).name !== 'ConstraintError') return undefined;
  return new ConcurrencyError({ ...describeEvent(event), cause: error });
}

function describeEvent(event: StoredEvent | undefined): { originatorId?: string; originatorVersion?: number } {
  return event === undefined ? {} : { originatorId: event.originatorId, originatorVersion: event.originatorVersion };
}
