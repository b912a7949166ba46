import { requestAccounts } from '../../bank';
import type { HistoryLine } from './account-history';
import type { LoggedEntry } from '../state/logged-entry';
import { movementDay, movementNotesOf } from '../state/movement-details';
import type { MoneyRequest } from '../state/money-request';
import type { MovementKind, MovementShape } from '../state/movement-search';

/**
 * What a line of an account's history was for that account. The request behind it (this device's, found by its
 * transaction id) tells a deposit from the credit of a transfer; without one it is only a credit or a debit.
 */
export function entryKind(entry: LoggedEntry, request: MoneyRequest | undefined): MovementKind {
  if (entry.kind === 'opening') return 'opening';
  if (request === undefined) return entry.kind;
  switch (request.kind) {
    case 'deposit':
      return 'deposit';
    case 'withdrawal':
      return 'withdrawal';
    case 'transfer':
      if (entry.kind === 'debit') return 'transfer-out';
      return entry.accountId === request.creditAccountId ? 'transfer-in' : 'refund';
  }
}

/** The note of a line: its own, else the note of the request behind it. */
export function entryNote(entry: LoggedEntry, request: MoneyRequest | undefined): string | undefined {
  return movementNotesOf(entry).note ?? (request === undefined ? undefined : movementNotesOf(request).note);
}

/** The day a line happened: its own `occurredOn`, else the request's, else the date it was recorded. */
export function entryDay(entry: LoggedEntry, request: MoneyRequest | undefined): string {
  return (
    movementNotesOf(entry).occurredOn ??
    (request === undefined ? undefined : movementNotesOf(request).occurredOn) ??
    movementDay(entry)
  );
}

/** How the search reads an account's history, with the requests behind its lines. */
export function historyShape(
  requestOf: (transactionId: string) => MoneyRequest | undefined,
): MovementShape<HistoryLine> {
  const request = ({ entry }: HistoryLine) =>
    entry.transactionId === undefined ? undefined : requestOf(entry.transactionId);
  return {
    key: (line) => line.entry,
    note: (line) => entryNote(line.entry, request(line)),
    day: (line) => entryDay(line.entry, request(line)),
    cents: (line) => line.entry.amount,
    sides: (line) => [{ accountId: line.entry.accountId, kind: entryKind(line.entry, request(line)) }],
    // A line's account is always one of its request's (a refund goes back to the transfer's debit account).
    accountIds: (line) => {
      const behind = request(line);
      return behind === undefined ? [line.entry.accountId] : accountsOf(behind);
    },
  };
}

/** How the search reads this device's deposits, withdrawals and transfers. */
export const REQUEST_SHAPE: MovementShape<MoneyRequest> = {
  key: (request) => request,
  note: (request) => movementNotesOf(request).note,
  day: movementDay,
  cents: (request) => request.amount,
  sides: (request) => {
    switch (request.kind) {
      case 'deposit':
        return [{ accountId: request.creditAccountId, kind: 'deposit' }];
      case 'withdrawal':
        return [{ accountId: request.debitAccountId, kind: 'withdrawal' }];
      case 'transfer':
        return [
          { accountId: request.debitAccountId, kind: 'transfer-out' },
          { accountId: request.creditAccountId, kind: 'transfer-in' },
        ];
    }
  },
  accountIds: accountsOf,
};

const accountsCache = new WeakMap<MoneyRequest, readonly string[]>();

function accountsOf(request: MoneyRequest): readonly string[] {
  let accounts = accountsCache.get(request);
  if (accounts === undefined) {
    accounts = requestAccounts(request);
    accountsCache.set(request, accounts);
  }
  return accounts;
}
