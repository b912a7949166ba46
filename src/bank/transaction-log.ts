import {
  ProcessApplication,
  type Clock,
  type Notification,
  type Persistence,
  type ProcessingContext,
} from '../eventsourcing';
import { isAccountEvent } from './account-event';
import type { TransactionEntry } from './transaction-entry';
import { transactionEntryOf } from './transaction-entry-of';
import {
  TRANSACTION_JOURNAL_ID,
  TRANSACTION_JOURNAL_SCHEMAS,
  TransactionJournal,
  type TransactionLogged,
} from './transaction-journal';
import { detailsOf } from './movement-details';

/** Notifications read per page by `getTransactions`. */
const PAGE_SIZE = 500;

/** What `TransactionLog` is built with: where it stores its events, and optionally a clock. */
export interface TransactionLogOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
}

/**
 * Follows the accounts (the original `event_sourced_bank` example's `TransactionLogService`) and keeps one entry per
 * opening, credit (refunds included) and debit, oldest first. Its store and log are named `transaction-log`.
 *
 * Invariants:
 * - Each entry is written in the same transaction as the tracking record of the account event it records (the
 *   original saved it separately, so a crash in between logged it twice): every account event is logged exactly
 *   once.
 * - Entries are the events of one `TransactionJournal`, appended in the order of the upstream log, so the
 *   application's own notification log lists them in that order, a transfer's debit before its credit.
 */
export class TransactionLog extends ProcessApplication {
  /** The name of this application's store and log. */
  static readonly applicationName = 'transaction-log';

  constructor(options: TransactionLogOptions) {
    super({
      name: TransactionLog.applicationName,
      persistence: options.persistence,
      schemas: TRANSACTION_JOURNAL_SCHEMAS,
      snapshotting: { [TransactionJournal.aggregateType]: 50 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  }

  /** Every entry, oldest first. */
  async getTransactions(): Promise<TransactionEntry[]> {
    const entries: TransactionEntry[] = [];
    for (let start = 1; ;) {
      const page = await this.log.select(start, PAGE_SIZE);
      for (const notification of page) {
        if (notification.type === 'TransactionLogged')
          entries.push(entryOf(notification as Notification<TransactionLogged>));
      }
      const last = page.at(-1);
      if (last === undefined || page.length < PAGE_SIZE) return entries;
      start = last.id + 1;
    }
  }

  /** Carries on the work of the pipeline that preceded the derivation (see `finishLegacyPipeline`). */
  protected async policy(notification: Notification, context: ProcessingContext): Promise<void> {
    if (!isAccountEvent(notification)) return;
    const entry = transactionEntryOf(notification);
    if (entry === undefined) return;
    const journal =
      (await context.find(TransactionJournal, TRANSACTION_JOURNAL_ID)) ?? TransactionJournal.begin(this.clock);
    context.collect(journal);
    journal.append(entry, notification.originatorVersion);
  }
}

function entryOf({ data }: TransactionLogged): TransactionEntry {
  const { accountId, kind, amount, timestamp, transactionId } = data;
  const entry: TransactionEntry =
    transactionId === undefined
      ? { accountId, kind, amount, timestamp }
      : { accountId, kind, amount, timestamp, transactionId };
  return { ...entry, ...detailsOf(data) };
}
