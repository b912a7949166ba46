import type { Observable } from 'rxjs';
import type { Snapshot, StoredEvent, StoredNotification, Tracking } from './stored-event';

/** What a follower writes with its results: its new position, and the one it started from. */
export interface TrackingInsert extends Tracking {
  /**
   * The stored position this work was based on (0 when nothing was processed yet). The insert succeeds only if it is
   * still the stored position: a compare-and-set that makes processing exactly-once even if two processors race.
   */
  readonly expectedPosition: number;
}

export interface InsertOptions {
  /** Written in the same transaction as the events. */
  readonly tracking?: TrackingInsert;
  /** Written in the same transaction as the events; an existing snapshot at the same version is replaced. */
  readonly snapshots?: readonly Snapshot[];
  /**
   * The highest notification id the log must have before this insert, so that its events take the ids right after
   * it: for a writer that worked those ids out in advance (its followers' results of these very events, committed
   * with them). Otherwise the insert fails with `HeadConflictError`.
   */
  readonly expectedHead?: number;
}

/** The stored records of one aggregate, as `Recorder.selectAggregate` reads them. */
export interface AggregateRecords {
  readonly snapshot: Snapshot | undefined;
  /** Oldest first, after the snapshot's version (or all of them). */
  readonly events: StoredEvent[];
}

export interface EventRange {
  /** Only events with a version greater than this. */
  readonly after?: number;
  /** Only events with a version up to and including this. */
  readonly upTo?: number;
  /** Newest first. */
  readonly descending?: boolean;
  readonly limit?: number;
}

/**
 * Stores the events of one application. Every implementation passes the recorder contract suite
 * (`test/contracts/recorder.contract.ts`).
 *
 * Invariants:
 * - `insert` is one transaction: all its events, its tracking record and its snapshots are stored, or nothing is.
 * - `(originatorId, originatorVersion)` is unique: a second event at a taken version fails the whole insert with
 *   `ConcurrencyError`.
 * - Each stored event gets a notification id, strictly increasing in commit order (there may be gaps).
 * - A tracking record is accepted only if `expectedPosition` is the stored position of its upstream and its
 *   `notificationId` is greater; otherwise the insert fails with `TrackingConflictError`.
 * - An insert with `expectedHead` is accepted only if that is the log's highest notification id; otherwise it fails
 *   with `HeadConflictError`.
 * - Snapshots are a cache, kept apart from events.
 * - Low-level failures surface as `StorageError` with the original as `cause`.
 */
export interface Recorder {
  /** Stores events (and optionally a tracking record and snapshots) atomically; returns their notification ids. */
  insert(events: readonly StoredEvent[], options?: InsertOptions): Promise<number[]>;
  /** The events of one aggregate in a version range, oldest first unless `descending`. */
  selectEvents(originatorId: string, range?: EventRange): Promise<StoredEvent[]>;
  /**
   * Up to `limit` notifications with `id >= start`, in id order. A recorder may answer from its own recent commits:
   * then another recorder's commit is included once its head has been announced to this one (`head$`).
   */
  selectNotifications(start: number, limit: number): Promise<StoredNotification[]>;
  /** The highest notification id stored, 0 when the log is empty. */
  maxNotificationId(): Promise<number>;
  /** The last upstream notification id processed from `upstreamName`, 0 when none. */
  position(upstreamName: string): Promise<number>;
  /**
   * What loading an aggregate needs, read together (one transaction where the storage has them): its latest snapshot
   * at or below `upTo`, and its events after that snapshot (after version 0 when there is none) up to `upTo`.
   */
  selectAggregate(originatorId: string, upTo?: number): Promise<AggregateRecords>;
  /**
   * The events of one aggregate stored with a notification id above `afterId`, answered from memory when this
   * recorder knows every notification from there to the highest id it has heard of, and `undefined` when only a read
   * of storage could tell. A defined answer is exactly what storage holds. Lets a repository bring an aggregate it
   * keeps in memory up to date without a transaction.
   */
  recentEvents(originatorId: string, afterId: number): StoredNotification[] | undefined;
  /** The latest snapshot of an aggregate at or below `upTo`. */
  selectSnapshot(originatorId: string, upTo?: number): Promise<Snapshot | undefined>;
  /** Deletes every snapshot (of one aggregate, when given). */
  deleteSnapshots(originatorId?: string): Promise<void>;
  /**
   * The highest notification id known, emitted on subscription and after every commit: this recorder's, another
   * recorder's on the same store, or another tab's.
   */
  readonly head$: Observable<number>;
  /** Releases the connection. A persistence can open a new recorder on the same store afterwards. */
  close(): Promise<void>;
  /**
   * Deletes the whole store (events, snapshots, tracking records, and the count of notification ids, so the next
   * event is 1 again) and closes this recorder. Only for undoing a restore or an import into an empty store that
   * failed half-way; other recorders on the store find it closed or empty.
   */
  erase(): Promise<void>;
}
