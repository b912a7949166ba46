import type { MoneyRequest } from '../state/money-request';
import type { LoggedEntry } from '../state/logged-entry';

/**
 * What a line of an account's history was, in words: a deposit, a transfer to or from someone, or the refund of a
 * transfer whose credit was refused. The request behind the line (found by its transaction id) tells which.
 */
export function describeEntry(
  entry: LoggedEntry,
  request: MoneyRequest | undefined,
  nameOf: (accountId: string) => string,
): string {
  if (entry.kind === 'opening') return 'Account opened';
  if (request === undefined) return entry.kind === 'credit' ? 'Credit' : 'Debit';
  switch (request.kind) {
    case 'deposit':
      return 'Deposit';
    case 'withdrawal':
      return 'Withdrawal';
    case 'transfer':
      if (entry.kind === 'debit') return `Transfer to ${nameOf(request.creditAccountId)}`;
      return entry.accountId === request.creditAccountId
        ? `Transfer from ${nameOf(request.debitAccountId)}`
        : `Refund: transfer to ${nameOf(request.creditAccountId)} refused`;
  }
}
