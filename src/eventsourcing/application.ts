import type { AggregateClass, AnyAggregate } from './aggregate';
import { systemClock, type Clock } from './domain-event';
import type { Follower } from './follower';
import { FollowerError } from './follower-error';
import { Mapper, type EventSchema } from './mapper';
import { NotificationLog } from './notification-log';
import type { Persistence, RecorderWrite } from './persistence';
import type { InsertOptions, Recorder, TrackingInsert } from './recorder';
import { canRecordTogether, recordTogether } from './record-together';
import { Repository } from './repository';
import type { Snapshot, StoredEvent, TrackingStamp } from './stored-event';

export interface ApplicationOptions {
  /** Names the application's store and its log; unique within a system. */
  readonly name: string;
  readonly persistence: Persistence;
  /** Schema versions and upcasters per event type. */
  readonly schemas?: Readonly<Record<string, EventSchema>>;
  /** Snapshot interval per aggregate type: a snapshot is stored at every multiple of it (50 → 50, 100, …). */
  readonly snapshotting?: Readonly<Record<string, number>>;
  readonly clock?: Clock;
}

/** A follower's tracking record for a batch, with the upstream notification it reaches (stamped on its events). */
export interface BatchTracking extends TrackingInsert {
  readonly upstreamEvent: Pick<StoredEvent, 'originatorId' | 'originatorVersion'>;
}

/** One application's part of a commit, made by `Application.prepareWrite`. */
export interface PreparedWrite extends RecorderWrite {
  readonly application: Application;
  readonly options: InsertOptions;
  /** Marks the aggregates saved and remembers them, given the ids the commit returned. */
  readonly stored: (ids: readonly number[]) => void;
  /** Forgets what the repository kept of the aggregates, since the commit failed. */
  readonly failed: () => void;
}

/** Called after each `save` has committed; a runner uses it to run followers before `save` resolves. */
export type SaveListener = () => Promise<void>;

/**
 * An event-sourced application: a recorder for its events, a repository to load aggregates, and its notification
 * log for followers.
 *
 * Invariants:
 * - `save(...aggregates)` writes the pending events of all the aggregates in one recorder transaction, with the
 *   snapshots due at that point: all of it or nothing. Only after the commit are the aggregates marked saved.
 * - Snapshots are taken at exactly the multiples of the interval of the aggregate's type, from the state at that
 *   version, even when one save crosses a multiple in the middle of its events.
 */
export class Application {
  readonly name: string;
  readonly clock: Clock;
  readonly mapper: Mapper;
  /** Where its store lives: shared with the other applications of its system. */
  readonly persistence: Persistence;
  readonly recorder: Recorder;
  readonly repository: Repository;
  readonly log: NotificationLog;
  readonly #snapshotting: ReadonlyMap<string, number>;
  readonly #saveListeners = new Set<SaveListener>();
  /** The follower whose results are committed with this application's events, when one follows along. */
  #along: Follower | undefined;

  constructor(options: ApplicationOptions) {
    this.name = options.name;
    this.clock = options.clock ?? systemClock;
    this.mapper = new Mapper(options.schemas);
    this.persistence = options.persistence;
    this.recorder = options.persistence.recorder(options.name);
    this.repository = new Repository({ recorder: this.recorder, mapper: this.mapper, clock: this.clock });
    this.log = new NotificationLog(this.recorder, this.mapper);
    this.#snapshotting = new Map(Object.entries(options.snapshotting ?? {}));
  }

  /**
   * Stores the pending events of every aggregate given, atomically, and returns their notification ids. A
   * `ConcurrencyError` means one of them changed since it was loaded: nothing was stored. A `FollowerError` (only
   * under a runner that follows inside the save) means everything was stored but a follower then failed.
   */
  async save(...aggregates: AnyAggregate[]): Promise<number[]> {
    const ids = await this.record(aggregates);
    try {
      for (const listener of this.#saveListeners) await listener();
    } catch (error) {
      throw new FollowerError({ applicationName: this.name, cause: error });
    }
    return ids;
  }

  /** Registers a listener run after each `save`; returns the function that removes it. */
  onSaved(listener: SaveListener): () => void {
    this.#saveListeners.add(listener);
    return () => this.#saveListeners.delete(listener);
  }

  /**
   * Lets a follower decide along with this application's commits: before each commit of events, the follower is
   * offered them (`Follower.prepareAlong`) with the ids they will take, and what it returns is committed in the same
   * transaction, the log required to end where the follower's position is. When it declines, or another commit moved
   * the log or the follower meanwhile, the events are committed alone and the follower takes them up by pulling, as
   * ever. Only where the persistence can commit several applications together. Returns the function that stops it.
   */
  followAlong(follower: Follower): () => void {
    if (this.persistence.insertAll === undefined || follower.prepareAlong === undefined) return () => undefined;
    if (this.#along !== undefined) throw new TypeError(`${this.name} is already followed along by ${this.#along.name}`);
    this.#along = follower;
    return () => {
      if (this.#along === follower) this.#along = undefined;
    };
  }

  /** Stores a snapshot of an aggregate at its current (or the given) version, outside the snapshot schedule. */
  async takeSnapshot(type: AggregateClass, id: string, version?: number): Promise<void> {
    const aggregate = await this.repository.get(type, id, version === undefined ? {} : { version });
    const [latest] = await this.recorder.selectEvents(id, { upTo: aggregate.version, descending: true, limit: 1 });
    const snapshot = snapshotOf(type, aggregate.id, aggregate.version, aggregate.state, latest?.timestamp ?? '');
    await this.recorder.insert([], { snapshots: [snapshot] });
  }

  /** Releases the storage connection. The persistence keeps the data for the next application on it. */
  close(): Promise<void> {
    return this.recorder.close();
  }

  /**
   * Writes the pending events of the aggregates, the snapshots due, and optionally a tracking record, in one
   * transaction; then marks the aggregates saved.
   */
  protected async record(aggregates: Iterable<AnyAggregate>, tracking?: BatchTracking): Promise<number[]> {
    const write = this.prepareWrite(aggregates, tracking);
    const along = this.#along;
    const ids = along === undefined || write.events.length === 0 ? undefined : await this.#commitAlong(along, write);
    return ids ?? this.commit(write);
  }

  /**
   * Commits a write with the results its follower works out for it, in one transaction; `undefined` when the follower
   * declined, or when the log or the follower's position moved meanwhile (nothing was stored then).
   */
  async #commitAlong(follower: Follower, write: PreparedWrite): Promise<number[] | undefined> {
    const head = follower.knownPosition(this.name);
    if (head === undefined || this.persistence.insertAll === undefined) return undefined;
    const notifications = write.events.map((event, index) => ({
      ...this.mapper.toDomainEvent(event),
      id: head + 1 + index,
    }));
    const results = await follower.prepareAlong?.(this, notifications);
    if (results === undefined) return undefined;
    if (!canRecordTogether([this.persistence, ...results.map(({ application }) => application.persistence)])) {
      for (const result of results) result.failed();
      return undefined;
    }
    // Settled first once the transaction committed: from then on a failure is not the commit's, and must not lead
    // to committing the same events again.
    let committed = false;
    const own: PreparedWrite = {
      ...write,
      options: { ...write.options, expectedHead: head },
      stored: (ids) => {
        committed = true;
        write.stored(ids);
      },
    };
    try {
      const [ids] = await recordTogether(this.persistence, [own, ...results]);
      return ids;
    } catch (error) {
      if (committed) throw error;
      // Whatever refused the commit (the log or a position moved, another deriver changed an aggregate of the
      // follower's, or the write itself cannot be stored), nothing was stored: the events are committed alone,
      // which says for themselves.
      follower.forgetPositions();
      return undefined;
    }
  }

  /** Commits a prepared write of this application alone, then settles it (`stored` or `failed`). */
  protected async commit(write: PreparedWrite): Promise<number[]> {
    let ids: number[];
    try {
      ids = await this.recorder.insert(write.events, write.options);
    } catch (error) {
      write.failed();
      throw error;
    }
    write.stored(ids);
    return ids;
  }

  /**
   * What `record` writes, made ready for a caller that commits it with other applications' writes in one
   * transaction (`recordTogether`): the stored events, snapshots due and tracking record, and what to do once the
   * commit succeeded or failed.
   */
  prepareWrite(aggregates: Iterable<AnyAggregate>, tracking?: BatchTracking): PreparedWrite {
    const unique = [...new Set(aggregates)];
    const events: StoredEvent[] = [];
    const snapshots: Snapshot[] = [];
    for (const aggregate of unique) {
      for (const event of aggregate.pendingEvents) {
        const stored = this.mapper.toStoredEvent(event);
        events.push(tracking === undefined ? stored : { ...stored, tracking: tracked(tracking) });
      }
      snapshots.push(...this.#snapshotsDue(aggregate));
    }
    return {
      application: this,
      recorder: this.recorder,
      events,
      options: {
        ...(tracking === undefined ? {} : { tracking: trackingRecord(tracking) }),
        ...(snapshots.length === 0 ? {} : { snapshots }),
      },
      stored: (ids) => {
        // The ids follow the order of `events`: each aggregate's last one is where its pending events end.
        let index = 0;
        for (const aggregate of unique) {
          const saved = aggregate.pendingEvents.length;
          index += saved;
          aggregate.markSaved();
          const id = ids[index - 1];
          if (saved > 0 && id !== undefined) this.repository.remember(aggregate, id);
        }
      },
      failed: () => {
        for (const aggregate of unique) this.repository.forget(aggregate.id);
      },
    };
  }

  #snapshotsDue(aggregate: AnyAggregate): Snapshot[] {
    const type = aggregate.constructor as AggregateClass;
    const interval = this.#snapshotting.get(type.aggregateType);
    if (interval === undefined || aggregate.pendingEvents.length === 0) return [];
    const due: Snapshot[] = [];
    for (const event of aggregate.pendingEvents) {
      if (event.originatorVersion % interval === 0) {
        const state = aggregate.stateAt(event.originatorVersion);
        due.push(snapshotOf(type, aggregate.id, event.originatorVersion, state, event.timestamp));
      }
    }
    return due;
  }
}

function snapshotOf(
  type: AggregateClass,
  originatorId: string,
  originatorVersion: number,
  state: Snapshot['state'],
  timestamp: string,
): Snapshot {
  return {
    originatorId,
    originatorVersion,
    aggregateType: type.aggregateType,
    schemaVersion: type.snapshotVersion ?? 1,
    timestamp,
    state,
  };
}

/** The tracking record as an event carries it: without the position it was based on, with the notification's identity. */
function tracked({ upstreamName, notificationId, upstreamEvent }: BatchTracking): TrackingStamp {
  return {
    upstreamName,
    notificationId,
    originatorId: upstreamEvent.originatorId,
    originatorVersion: upstreamEvent.originatorVersion,
  };
}

/** The tracking record as the recorder stores it. */
function trackingRecord({ upstreamName, notificationId, expectedPosition }: TrackingInsert): TrackingInsert {
  return { upstreamName, notificationId, expectedPosition };
}
