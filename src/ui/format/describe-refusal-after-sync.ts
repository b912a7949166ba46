import type { BankError, BankRequestKind } from '../../bank';
import { availableClause } from './describe-available';
import type { MoneyFormat } from './money-format';

/** What each kind of request is called in a sentence. */
const NOUNS: Readonly<Record<BankRequestKind, string>> = {
  deposit: 'deposit',
  withdrawal: 'withdrawal',
  transfer: 'transfer',
  'account-opening': 'opening',
  'overdraft-limit': 'new limit',
  'account-closing': 'closing',
  'account-renaming': 'renaming',
};

/**
 * Why a request that looked fine on this device was refused once the vault put every device's requests in one
 * order, in words: "Refused after syncing: Savings had $20.00 available when this withdrawal was reached." The facts
 * come from the error the rules raised at that point in the order (another device had spent the money, closed the
 * account…).
 */
export function describeRefusalAfterSync(
  error: BankError,
  kind: BankRequestKind,
  nameOf: (accountId: string) => string,
  format: MoneyFormat,
): string {
  const fields = error as BankError & { accountId?: string; available?: number };
  const account = fields.accountId === undefined ? 'the account' : nameOf(fields.accountId);
  const reached = `when this ${NOUNS[kind]} was reached`;
  return `Refused after syncing: ${reason()}.`;

  function reason(): string {
    switch (error.code) {
      case 'insufficient-funds':
        return `${account} had ${availableClause(fields.available ?? 0, format)} ${reached}`;
      case 'account-closed':
        return `${account} was already closed ${reached}`;
      case 'account-not-found':
        return `no device had opened the account it names ${reached}`;
      case 'invalid-request':
        return 'it was made by another version of the app, which this one cannot carry out';
      case 'same-account-transfer':
        return 'a transfer needs two different accounts';
      case 'invalid-amount':
        return 'the amount is not valid';
      case 'account-not-empty':
        return `${account} did not have a zero balance ${reached}`;
      case 'balance-limit':
        return `${account} would have held more than a balance may ${reached}`;
    }
  }
}
