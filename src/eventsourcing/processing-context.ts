import type { AggregateClass, AnyAggregate } from './aggregate';
import { AggregateNotFoundError } from './aggregate-not-found-error';
import type { Repository } from './repository';

/**
 * What a policy works with while a batch of upstream notifications is processed: aggregates it loads are kept for
 * the rest of the batch (so a later notification sees the changes of an earlier one), and everything it loads or
 * collects is saved with the batch's tracking record in one transaction.
 */
export class ProcessingContext {
  /** The application whose notifications are being processed. */
  readonly upstreamName: string;
  readonly #repository: Repository;
  readonly #aggregates = new Map<string, AnyAggregate>();

  constructor(repository: Repository, upstreamName: string) {
    this.#repository = repository;
    this.upstreamName = upstreamName;
  }

  /** Loads an aggregate (once per batch); `AggregateNotFoundError` when it does not exist. */
  async get<A extends AnyAggregate>(type: AggregateClass<A>, id: string): Promise<A> {
    const aggregate = await this.find(type, id);
    if (aggregate === undefined) throw new AggregateNotFoundError(id);
    return aggregate;
  }

  /** Loads an aggregate (once per batch), or `undefined` when it does not exist. */
  async find<A extends AnyAggregate>(type: AggregateClass<A>, id: string): Promise<A | undefined> {
    const known = this.#aggregates.get(id);
    if (known !== undefined) {
      if (!(known instanceof type)) throw new TypeError(`Aggregate ${id} is not a ${type.aggregateType}`);
      return known;
    }
    // Whatever a policy loads is saved with the batch: an aggregate kept in memory is safe to start from.
    const loaded = await this.#repository.find(type, id, { cached: true });
    if (loaded !== undefined) this.#aggregates.set(id, loaded);
    return loaded;
  }

  /** Adds aggregates created by the policy to what the batch saves. */
  collect(...aggregates: AnyAggregate[]): void {
    for (const aggregate of aggregates) this.#aggregates.set(aggregate.id, aggregate);
  }

  /** Everything to save with the batch. */
  get aggregates(): Iterable<AnyAggregate> {
    return this.#aggregates.values();
  }
}
