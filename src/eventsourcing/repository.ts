import type { AggregateClass, AnyAggregate } from './aggregate';
import { AggregateNotFoundError } from './aggregate-not-found-error';
import type { Clock } from './domain-event';
import type { Mapper } from './mapper';
import type { Recorder } from './recorder';

export interface LoadOptions {
  /** Load the aggregate as it was at this version (or its last version below it). */
  readonly version?: number;
}

/**
 * Loads aggregates: from the latest usable snapshot at or below the wanted version, then the later events. A
 * snapshot of another aggregate type or of another state schema is ignored and the events are replayed instead,
 * since snapshots are only a cache.
 */
export class Repository {
  readonly #recorder: Recorder;
  readonly #mapper: Mapper;
  readonly #clock: Clock;

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
}
