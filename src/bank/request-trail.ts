import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';

/** How a request ended, as the derivation decided it. */
export type TracedOutcome =
  /** Carried out. */
  | 'done'
  /** Refused: nothing changed but the record of the refusal. */
  | 'refused'
  /** A transfer whose credit was refused and whose debit was given back. */
  | 'refunded'
  /** A request whose id an earlier request of the log had: it changed nothing. */
  | 'replay'
  /** A notification of the log that is no request. */
  | 'none';

/**
 * The versions `from` (exclusive) to `to` (inclusive) of one aggregate that a request wrote, and, for an account,
 * its balance once the request was decided.
 */
export type TracedAggregate = {
  readonly id: string;
  readonly from: number;
  readonly to: number;
  readonly balance: number | null;
};

/** The versions of the bank's one ledger or one transaction journal that a request wrote. */
export type TracedRange = { readonly from: number; readonly to: number };

/**
 * What one request of the confirmed order caused: its outcome and, per application, which versions of which
 * aggregates it wrote. The sagas' part needs no versions: a request's saga or outcome is the aggregate with the
 * request's id, and all of it.
 */
export type RequestTraced = DomainEvent<
  'RequestTraced',
  {
    readonly seq: number;
    readonly requestId: string | null;
    readonly outcome: TracedOutcome;
    readonly accounts: readonly TracedAggregate[];
    readonly ledger: TracedRange | null;
    readonly journal: TracedRange | null;
    /** The versions the ledger and the journal reached with this request (0: not begun), carried on from the last. */
    readonly ledgerVersion: number;
    readonly journalVersion: number;
  }
>;

/** What one request's trace holds. */
export type RequestTrace = RequestTraced['data'];

/**
 * Where the trail is: the `seq` of its first and last traces, and the versions the ledger and the journal reached
 * with the last one (0: not begun). Those two are counted here, from the account events, rather than read from the
 * ledger and the journal, which may already hold a batch that the accounts do not (see `Derivation`).
 */
export type RequestTrailState = {
  readonly firstSeq: number | null;
  readonly lastSeq: number;
  readonly ledgerVersion: number;
  readonly journalVersion: number;
};

/**
 * The trail of the derivation: one event per notification of the confirmed order, in that order, saying what the
 * request there caused, written by the derivation into the accounts' store with the batch (so it is exactly as far
 * as the derivation). Version `v` traces `seq` `firstSeq + v - 1`: a page of the log is one range read of it.
 * Requests derived by code before the trail have none; the trail begins at the first request derived since.
 */
export class RequestTrail extends Aggregate<RequestTrailState, RequestTraced> {
  static readonly aggregateType = 'RequestTrail';
  static readonly snapshotVersion = 1;
  static readonly id = 'request-trail';

  constructor(id: string, clock?: Clock) {
    super(id, { firstSeq: null, lastSeq: 0, ledgerVersion: 0, journalVersion: 0 }, clock);
  }

  get firstSeq(): number | null {
    return this.state.firstSeq;
  }

  get ledgerVersion(): number {
    return this.state.ledgerVersion;
  }

  get journalVersion(): number {
    return this.state.journalVersion;
  }

  /** The version of the trail that traces `seq`, if it is in the trail. */
  versionOf(seq: number): number | undefined {
    const { firstSeq, lastSeq } = this.state;
    if (firstSeq === null || seq < firstSeq || seq > lastSeq) return undefined;
    return seq - firstSeq + 1;
  }

  /** Traces the next request of the confirmed order. */
  trace(trace: RequestTrace): void {
    this.trigger('RequestTraced', trace);
  }

  protected evolve(state: RequestTrailState, event: RequestTraced): RequestTrailState {
    switch (event.type) {
      case 'RequestTraced': {
        const { seq, ledgerVersion, journalVersion } = event.data;
        return { firstSeq: state.firstSeq ?? seq, lastSeq: seq, ledgerVersion, journalVersion };
      }
      default:
        return this.unknownEvent(event.type);
    }
  }
}
