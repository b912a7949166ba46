import { Subject, type Observable } from 'rxjs';
import { ConcurrencyError } from './concurrency-error';
import { deepFreeze } from './deep-freeze';
import { headStream } from './head';
import { HeadConflictError } from './head-conflict-error';
import type { AggregateRecords, EventRange, InsertOptions, Recorder } from './recorder';
import { StorageError } from './storage-error';
import { withoutNotificationId, type Snapshot, type StoredEvent, type StoredNotification } from './stored-event';
import { TrackingConflictError } from './tracking-conflict-error';

/**
 * The data of one application kept in memory. It outlives the recorders opened on it, as a database outlives its
 * connections.
 */
export class MemoryStore {
  readonly notifications: StoredNotification[] = [];
  readonly byOriginator = new Map<string, StoredNotification[]>();
  readonly positions = new Map<string, number>();
  readonly snapshots = new Map<string, Snapshot[]>();
  /** Emits the new highest notification id after each commit, to every recorder on this store. */
  readonly commits$ = new Subject<number>();
}

/** What `MemoryRecorder.insertAll` writes into one recorder. */
export interface MemoryRecorderWrite {
  readonly recorder: MemoryRecorder;
  readonly events: readonly StoredEvent[];
  readonly options?: InsertOptions;
}

/**
 * A recorder in memory, for tests and for a session that keeps nothing. Every check of an insert runs before any
 * change is made, in one synchronous step, so an insert is atomic without locks. Records are copied and frozen on
 * the way in, so no caller can change stored data.
 */
export class MemoryRecorder implements Recorder {
  readonly #store: MemoryStore;
  #closed = false;
  readonly head$: Observable<number>;

  constructor(store: MemoryStore = new MemoryStore()) {
    this.#store = store;
    this.head$ = headStream(() => this.maxNotificationId(), store.commits$);
  }

  /**
   * Inserts into several recorders in one step: every check of every write runs before any change is made, so all of
   * them are stored or none. Returns each write's notification ids, in order.
   */
  static async insertAll(writes: readonly MemoryRecorderWrite[]): Promise<number[][]> {
    await Promise.resolve();
    const stores = new Set<MemoryStore>();
    for (const { recorder, events, options } of writes) {
      if (recorder.#closed) throw new StorageError('closed', 'the recorder was closed');
      if (stores.has(recorder.#store)) throw new TypeError('MemoryRecorder.insertAll: two writes into one store');
      stores.add(recorder.#store);
      recorder.#check(events, options);
    }
    return writes.map(({ recorder, events, options }) => recorder.#apply(events, options));
  }

  insert(events: readonly StoredEvent[], options: InsertOptions = {}): Promise<number[]> {
    return this.#run(() => {
      this.#check(events, options);
      return this.#apply(events, options);
    });
  }

  /** Throws what the insert would fail with, changing nothing. */
  #check(events: readonly StoredEvent[], { tracking, expectedHead }: InsertOptions = {}): void {
    const store = this.#store;
    const storedHead = store.notifications.at(-1)?.id ?? 0;
    if (expectedHead !== undefined && expectedHead !== storedHead) {
      throw new HeadConflictError({ expectedHead, storedHead });
    }
    if (tracking !== undefined) {
      const storedPosition = store.positions.get(tracking.upstreamName) ?? 0;
      if (storedPosition !== tracking.expectedPosition || tracking.notificationId <= storedPosition) {
        throw new TrackingConflictError({ ...tracking, storedPosition });
      }
    }
    const taken = new Set<string>();
    for (const event of events) {
      const key = `${event.originatorVersion}\u0000${event.originatorId}`;
      const stored = store.byOriginator.get(event.originatorId);
      if (taken.has(key) || stored?.some((e) => e.originatorVersion === event.originatorVersion)) {
        throw new ConcurrencyError({ originatorId: event.originatorId, originatorVersion: event.originatorVersion });
      }
      taken.add(key);
    }
  }

  /** Stores a checked insert; returns its ids. */
  #apply(events: readonly StoredEvent[], { tracking, snapshots = [] }: InsertOptions = {}): number[] {
    const store = this.#store;
    const ids: number[] = [];
    for (const event of events) {
      const id = (store.notifications.at(-1)?.id ?? 0) + 1;
      const notification = deepFreeze({ ...structuredClone(event), id });
      store.notifications.push(notification);
      const stored = store.byOriginator.get(event.originatorId) ?? [];
      stored.push(notification);
      stored.sort((a, b) => a.originatorVersion - b.originatorVersion);
      store.byOriginator.set(event.originatorId, stored);
      ids.push(id);
    }
    if (tracking !== undefined) store.positions.set(tracking.upstreamName, tracking.notificationId);
    for (const snapshot of snapshots) this.#putSnapshot(snapshot);
    if (ids.length > 0) store.commits$.next(ids.at(-1) ?? 0);
    return ids;
  }

  selectEvents(originatorId: string, range: EventRange = {}): Promise<StoredEvent[]> {
    return this.#run(() => {
      const { after = 0, upTo = Infinity, descending = false, limit = Infinity } = range;
      const events = (this.#store.byOriginator.get(originatorId) ?? []).filter(
        (e) => e.originatorVersion > after && e.originatorVersion <= upTo,
      );
      if (descending) events.reverse();
      return events.slice(0, limit).map(withoutNotificationId);
    });
  }

  selectNotifications(start: number, limit: number): Promise<StoredNotification[]> {
    return this.#run(() => {
      const all = this.#store.notifications;
      let low = 0;
      let high = all.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((all[middle]?.id ?? 0) < start) low = middle + 1;
        else high = middle;
      }
      return all.slice(low, low + limit);
    });
  }

  maxNotificationId(): Promise<number> {
    return this.#run(() => this.#store.notifications.at(-1)?.id ?? 0);
  }

  position(upstreamName: string): Promise<number> {
    return this.#run(() => this.#store.positions.get(upstreamName) ?? 0);
  }

  async selectAggregate(originatorId: string, upTo = Infinity): Promise<AggregateRecords> {
    const snapshot = await this.selectSnapshot(originatorId, upTo);
    const events = await this.selectEvents(originatorId, { after: snapshot?.originatorVersion ?? 0, upTo });
    return { snapshot, events };
  }

  selectSnapshot(originatorId: string, upTo = Infinity): Promise<Snapshot | undefined> {
    return this.#run(() =>
      (this.#store.snapshots.get(originatorId) ?? []).filter((snapshot) => snapshot.originatorVersion <= upTo).at(-1),
    );
  }

  deleteSnapshots(originatorId?: string): Promise<void> {
    return this.#run(() => {
      if (originatorId === undefined) this.#store.snapshots.clear();
      else this.#store.snapshots.delete(originatorId);
    });
  }

  recentEvents(originatorId: string, afterId: number): StoredNotification[] | undefined {
    // Everything is in memory: the answer is always complete, while the recorder is open.
    if (this.#closed) return undefined;
    return (this.#store.byOriginator.get(originatorId) ?? []).filter((event) => event.id > afterId);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  erase(): Promise<void> {
    const store = this.#store;
    store.notifications.length = 0;
    store.byOriginator.clear();
    store.positions.clear();
    store.snapshots.clear();
    return this.close();
  }

  #putSnapshot(snapshot: Snapshot): void {
    const kept = (this.#store.snapshots.get(snapshot.originatorId) ?? []).filter(
      (s) => s.originatorVersion !== snapshot.originatorVersion,
    );
    kept.push(deepFreeze(structuredClone(snapshot)));
    kept.sort((a, b) => a.originatorVersion - b.originatorVersion);
    this.#store.snapshots.set(snapshot.originatorId, kept);
  }

  async #run<T>(work: () => T): Promise<T> {
    // Yield once, as real storage does: callers must not depend on an insert completing synchronously.
    await Promise.resolve();
    if (this.#closed) throw new StorageError('closed', 'the recorder was closed');
    return work();
  }
}
