import type { AccountView } from '../../bank';
import type { MoneyRequest } from '../state/money-request';

/**
 * What an account can still pay out: its confirmed balance plus its overdraft limit, less what this device asked
 * to take out of it that is still waiting to sync (`pendingIds`). Money coming in counts only once confirmed.
 * `undefined` for a closed account, which pays out nothing. Exact for any stored values: a balance and a limit can
 * each be as large as the safe integers, so their sum is a bigint.
 */
export function availableToSpend(
  account: AccountView,
  requests: readonly MoneyRequest[],
  pendingIds: ReadonlySet<string>,
): bigint | undefined {
  if (account.isClosed) return undefined;
  return (
    BigInt(account.balance) + BigInt(account.overdraftLimit) - BigInt(pendingDebits(account.id, requests, pendingIds))
  );
}

/** The total this device asked to take out of an account (withdrawals, transfers from it) still waiting to sync. */
export function pendingDebits(
  accountId: string,
  requests: readonly MoneyRequest[],
  pendingIds: ReadonlySet<string>,
): number {
  // Each pending amount is at most a movement's maximum and a device holds few pending requests: a safe sum.
  let total = 0;
  for (const request of requests) {
    if (request.kind !== 'deposit' && request.debitAccountId === accountId && pendingIds.has(request.transactionId)) {
      total += request.amount;
    }
  }
  return total;
}
