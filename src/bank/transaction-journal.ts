import { Aggregate, type Clock, type DomainEvent, type EventData, type EventSchema } from '../eventsourcing';
import type { TransactionEntry } from './transaction-entry';

/** The state of the journal: only how many entries it holds. The entries themselves are its events. */
export type TransactionJournalState = { readonly entries: number };

/**
 * One entry of the transaction log: the fields of a `TransactionEntry` (written out, since an event's data must be a
 * type alias with an index signature) and the version of the account event it records, for tracing.
 */
export type TransactionLogged = DomainEvent<
  'TransactionLogged',
  {
    readonly accountId: string;
    readonly kind: TransactionEntry['kind'];
    readonly amount: number;
    readonly timestamp: string;
    readonly transactionId?: string;
    readonly note?: string;
    readonly occurredOn?: string;
    readonly accountVersion: number;
  }
>;

/**
 * The schema of the journal's entries: version 2 may hold a note and a date, version 1 (entries logged before there
 * were notes) has neither and reads as having none, as it is. As for the account events (`ACCOUNT_EVENT_SCHEMAS`),
 * the version stops an older app that would drop a note it does not know.
 */
export const TRANSACTION_JOURNAL_SCHEMAS: Readonly<Record<string, EventSchema>> = {
  TransactionLogged: { version: 2, upcasters: { 1: (data: EventData) => data } },
};

/** Every event of the journal: its start (version 1), then one per entry. */
export type TransactionJournalEvent =
  DomainEvent<'TransactionJournalStarted', Readonly<Record<string, never>>> | TransactionLogged;

/**
 * The id of the bank's one transaction journal: the original's `uuid5(NAMESPACE_URL, '/transactions')` (see
 * `GENERAL_LEDGER_ID` for why it is written out); `test/bank/transaction-log.test.ts` computes it again.
 */
export const TRANSACTION_JOURNAL_ID = 'f45f51f3-f9ac-5c59-af83-8d7b9e105625';

/**
 * The transaction log as one event-sourced aggregate whose events are the entries (the original's
 * `EventSourcedLog`). Its state is only a count, so appending stays cheap however long the log grows: loading it
 * reads the latest snapshot (every 50 entries) and fewer than 50 events, and reading the entries goes through the
 * application's notification log, page by page.
 */
export class TransactionJournal extends Aggregate<TransactionJournalState, TransactionJournalEvent> {
  static readonly aggregateType = 'TransactionJournal';
  static readonly snapshotVersion = 1;

  constructor(id: string, clock?: Clock) {
    super(id, { entries: 0 }, clock);
  }

  /** Starts the journal, with no entries yet. */
  static begin(clock?: Clock): TransactionJournal {
    const journal = new TransactionJournal(TRANSACTION_JOURNAL_ID, clock);
    journal.trigger('TransactionJournalStarted', {});
    return journal;
  }

  /** Appends an entry. */
  append(entry: TransactionEntry, accountVersion: number): void {
    this.trigger('TransactionLogged', { ...entry, accountVersion });
  }

  protected evolve(state: TransactionJournalState, event: TransactionJournalEvent): TransactionJournalState {
    switch (event.type) {
      case 'TransactionJournalStarted':
        return state;
      case 'TransactionLogged':
        return { entries: state.entries + 1 };
      default:
        return this.unknownEvent(event);
    }
  }
}
