import type { AccountEvent } from './account-event';
import { detailsOf, type MovementDetails } from './movement-details';
import type { TransactionEntry } from './transaction-entry';

/**
 * The transaction-log entry of an account event: its opening, a credit (refunds included) or a debit, with the
 * event's time and transaction id (and its note and date, when it has them); `undefined` for what the log does not list.
 */
export function transactionEntryOf(event: AccountEvent): TransactionEntry | undefined {
  const { originatorId: accountId, timestamp } = event;
  switch (event.type) {
    case 'AccountOpened':
      return { accountId, kind: 'opening', amount: 0, timestamp };
    case 'AccountCredited':
    case 'AccountRefunded':
      return withTransaction({ accountId, kind: 'credit', amount: event.data.amount, timestamp }, event.data);
    case 'AccountDebited':
      return withTransaction({ accountId, kind: 'debit', amount: event.data.amount, timestamp }, event.data);
    default:
      return undefined;
  }
}

function withTransaction(
  entry: TransactionEntry,
  data: { readonly transactionId?: string } & MovementDetails,
): TransactionEntry {
  const withId = data.transactionId === undefined ? entry : { ...entry, transactionId: data.transactionId };
  return { ...withId, ...detailsOf(data) };
}
