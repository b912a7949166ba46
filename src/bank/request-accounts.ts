import type { BankRequest } from './command';

/** The accounts a request names, debit side first. */
export function requestAccounts(request: BankRequest): string[] {
  switch (request.kind) {
    case 'deposit':
      return [request.creditAccountId];
    case 'withdrawal':
      return [request.debitAccountId];
    case 'transfer':
      return [request.debitAccountId, request.creditAccountId];
    default:
      return [request.accountId];
  }
}
