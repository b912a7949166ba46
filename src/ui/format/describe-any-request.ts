import { isMoneyRequest, type BankRequest } from '../../bank';
import { describeRequest } from './describe-request';
import { formatMoney } from './format-money';
import type { MoneyFormat } from './money-format';

/**
 * Any request in words, money movements as the activity says them ("Transfer of $20.00 from Savings to Checking")
 * and the others likewise ("Open the account Savings", "Close Checking"); null, one that could not be read.
 */
export function describeAnyRequest(
  request: BankRequest | null,
  nameOf: (accountId: string) => string,
  format: MoneyFormat,
): string {
  if (request === null) return 'A request this app cannot read';
  if (isMoneyRequest(request)) return describeRequest(request, nameOf, format);
  switch (request.kind) {
    case 'account-opening': {
      const name = request.name.trim() === '' ? 'an unnamed account' : `the account ${request.name}`;
      return request.overdraftLimit === 0
        ? `Open ${name}`
        : `Open ${name} with an overdraft limit of ${formatMoney(request.overdraftLimit, format)}`;
    }
    case 'overdraft-limit':
      return `Set the overdraft limit of ${nameOf(request.accountId)} to ${formatMoney(request.overdraftLimit, format)}`;
    case 'account-closing':
      return `Close ${nameOf(request.accountId)}`;
    case 'account-renaming':
      return `Rename ${nameOf(request.accountId)} to ${request.name.trim() === '' ? 'no name' : request.name}`;
  }
}
