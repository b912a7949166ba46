import type { AccountEvent } from './account-event';

/**
 * What an account event adds to the ledger, in signed cents: a credit or a refund its amount, a debit minus its
 * amount; `undefined` for what is no transaction (an opening, a limit, a closing, a refusal).
 */
export function ledgerAmountOf(event: AccountEvent): number | undefined {
  switch (event.type) {
    case 'AccountCredited':
    case 'AccountRefunded':
      return event.data.amount;
    case 'AccountDebited':
      return -event.data.amount;
    default:
      return undefined;
  }
}
