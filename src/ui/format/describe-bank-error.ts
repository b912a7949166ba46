import type { BankError } from '../../bank';
import { availableClause } from './describe-available';
import { formatMoney } from './format-money';
import type { MoneyFormat } from './money-format';

/** Why the bank refused something, in plain words, naming accounts by the names people gave them. */
export function describeBankError(
  error: BankError,
  nameOf: (accountId: string) => string,
  format: MoneyFormat,
): string {
  const fields = error as BankError & { accountId?: string; available?: number; requested?: number };
  const account = fields.accountId === undefined ? 'the account' : nameOf(fields.accountId);
  switch (error.code) {
    case 'insufficient-funds':
      return `Not enough money in ${account}: ${availableClause(fields.available ?? 0, format)}, ${formatMoney(
        fields.requested ?? 0,
        format,
      )} requested.`;
    case 'account-closed':
      return `${account} is closed.`;
    case 'account-not-found':
      return 'That account does not exist on this device.';
    case 'same-account-transfer':
      return 'Choose two different accounts for a transfer.';
    case 'invalid-amount':
      return 'The amount is not valid.';
    case 'invalid-request':
      return 'This request was made by another version of the app and could not be carried out.';
    case 'account-not-empty':
      return `${account} can only be closed at a zero balance: move its money out (or pay its overdraft) first.`;
    case 'balance-limit':
      return `${account} cannot hold that much.`;
  }
}
