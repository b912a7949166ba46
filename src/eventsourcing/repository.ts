import type { AggregateClass, AnyAggregate } from './aggregate';
import { AggregateCache } from './aggregate-cache';
import { AggregateNotFoundError } from './aggregate-not-found-error';
import type { Clock } from './domain-event';
import type { Mapper } from './mapper';
import type { Recorder } from './recorder';

export interface LoadOptions {
  /** Load the aggregate as it was at this version (or its last version below it). */
  readonly version?: number;
  /**
   * Start from the aggregate as this application last saved it, kept in memory, when the recorder can bring it up to
   * date without a transaction. Such a load reflects every commit the recorder has heard of: its own at once, those
   * of another tab once their announcement has arrived (a moment later). Only for work that saves the aggregate it
   * loaded, where a stale one cannot do harm: its save fails with `ConcurrencyError` (policies of process
   * applications, which write what they load), or for views that the log keeps current. A decision taken from a
   * cached aggregate and written elsewhere is not protected that way.
   */
  readonly cached?: boolean;
}

/**
 * Loads aggregates: from the latest usable snapshot at or below the wanted version, then the later events. A
 * snapshot of another aggregate type or of another state schema is ignored and the events are replayed instead,
 * since snapshots are only a cache.
 *
 * The latest version of an aggregate this application saved is kept in memory, and a `cached` load starts from it
 * when the recorder can list every event stored for it since (`Recorder.recentEvents`): then no transaction is
 * needed. Whenever the recorder cannot tell (another tab wrote, the entry is old), the load reads storage as above.
 * Other loads always read storage, so they see every commit made before they began, in any tab.
 */
export class Repository {
  readonly #recorder: Recorder;
  readonly #mapper: Mapper;
  readonly #clock: Clock;
  readonly #cache = new AggregateCache();

  constructor(options: { recorder: Recorder; mapper: Mapper; clock: Clock }) {
    this.#recorder = options.recorder;
    this.#mapper = options.mapper;
    this.#clock = options.clock;
  }

  /** Loads an aggregate; `AggregateNotFoundError` when nothing is stored for the id. */
  async get<A extends AnyAggregate>(type: AggregateClass<A>, id: string, options: LoadOptions = {}): Promise<A> {
    const aggregate = await this.find(type, id, options);
    if (aggregate === undefined) throw new AggregateNotFoundError(id);
    return aggregate;
  }

  /** Loads an aggregate, or gives `undefined` when nothing is stored for the id. */
  async find<A extends AnyAggregate>(
    type: AggregateClass<A>,
    id: string,
    options: LoadOptions = {},
  ): Promise<A | undefined> {
    if (options.cached === true && options.version === undefined) {
      const cached = this.#fromCache(type, id);
      if (cached !== undefined) return cached;
    }
    const upTo = options.version ?? Infinity;
    const aggregate = new type(id, this.#clock);
    const records = await this.#recorder.selectAggregate(id, upTo);
    const { snapshot } = records;
    let { events } = records;
    if (snapshot !== undefined) {
      if (snapshot.aggregateType === type.aggregateType && snapshot.schemaVersion === (type.snapshotVersion ?? 1)) {
        aggregate.restore(snapshot.state, snapshot.originatorVersion);
      } else {
        // A snapshot of another shape is only a cache: replay every event instead.
        events = await this.#recorder.selectEvents(id, { upTo });
      }
    }
    if (snapshot === undefined && events.length === 0) return undefined;
    aggregate.replay(events.map((event) => this.#mapper.toDomainEvent<A['pendingEvents'][number]>(event)));
    return aggregate;
  }

  /** Keeps a saved aggregate in memory, with the notification id of its last stored event. */
  remember(aggregate: AnyAggregate, notificationId: number): void {
    if (aggregate.pendingEvents.length > 0) throw new Error(`Aggregate ${aggregate.id} has unsaved events`);
    const type = aggregate.constructor as AggregateClass;
    this.#cache.set(aggregate.id, { type, version: aggregate.version, state: aggregate.state, notificationId });
  }

  /** Forgets what is kept of an aggregate (its save failed). */
  forget(id: string): void {
    this.#cache.delete(id);
  }

  #fromCache<A extends AnyAggregate>(type: AggregateClass<A>, id: string): A | undefined {
    const entry = this.#cache.get(id);
    if (entry?.type !== type) return undefined;
    const recent = this.#recorder.recentEvents(id, entry.notificationId);
    if (recent === undefined) return undefined;
    const aggregate = new type(id, this.#clock);
    aggregate.restore(entry.state, entry.version);
    try {
      aggregate.replay(recent.map((event) => this.#mapper.toDomainEvent<A['pendingEvents'][number]>(event)));
    } catch {
      // The events do not follow the entry (it cannot happen unless storage was rewritten): read storage instead.
      this.#cache.delete(id);
      return undefined;
    }
    const last = recent.at(-1);
    if (last !== undefined) this.remember(aggregate, last.id);
    return aggregate;
  }
}
