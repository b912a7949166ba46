import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';
import type { BankErrorData } from './bank-error-data';

/**
 * A request that no saga carries out was decided: an account opening, an overdraft limit or a closing (done when
 * `error` is null, refused with it otherwise), or a request that could not be read at all (`InvalidRequestError`).
 */
export type RequestDecided = DomainEvent<
  'RequestDecided',
  {
    readonly kind: string;
    readonly accountId: string | null;
    readonly error: BankErrorData | null;
    /** The request's position in the confirmed order of requests. */
    readonly requestSeq: number;
  }
>;

/** The state of an outcome: plain JSON. */
export type RequestOutcomeState = {
  readonly kind: string;
  readonly accountId: string | null;
  readonly error: BankErrorData | null;
  readonly requestSeq: number | null;
};

/**
 * The outcome of one request that is not a money movement, kept by `Sagas` beside the sagas (which are the outcomes
 * of money movements), under the request's id: so every request of the log has exactly one outcome, findable by id.
 */
export class RequestOutcome extends Aggregate<RequestOutcomeState, RequestDecided> {
  static readonly aggregateType = 'RequestOutcome';

  constructor(id: string, clock?: Clock) {
    super(id, { kind: '', accountId: null, error: null, requestSeq: null }, clock);
  }

  /** Records how a request was decided. */
  static decide(
    requestId: string,
    kind: string,
    accountId: string | null,
    error: BankErrorData | null,
    requestSeq: number,
    clock?: Clock,
  ): RequestOutcome {
    const outcome = new RequestOutcome(requestId, clock);
    outcome.trigger('RequestDecided', { kind, accountId, error, requestSeq });
    return outcome;
  }

  /** Why the request was refused; null when it was done. */
  get error(): BankErrorData | null {
    return this.state.error;
  }

  /** The request's position in the confirmed order of requests. */
  get requestSeq(): number | null {
    return this.state.requestSeq;
  }

  protected evolve(_state: RequestOutcomeState, event: RequestDecided): RequestOutcomeState {
    switch (event.type) {
      case 'RequestDecided':
        return event.data;
      default:
        return this.unknownEvent(event.type);
    }
  }
}
