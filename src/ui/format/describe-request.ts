import type { CommandRequest } from '../../bank';
import { formatMoney } from './format-money';
import type { MoneyFormat } from './money-format';

/** A request to move money in words: "Transfer of €12.00 from Alice to Bob". */
export function describeRequest(
  request: CommandRequest,
  nameOf: (accountId: string) => string,
  format: MoneyFormat,
): string {
  const amount = formatMoney(request.amount, format);
  switch (request.kind) {
    case 'deposit':
      return `Deposit of ${amount} to ${nameOf(request.creditAccountId)}`;
    case 'withdrawal':
      return `Withdrawal of ${amount} from ${nameOf(request.debitAccountId)}`;
    case 'transfer':
      return `Transfer of ${amount} from ${nameOf(request.debitAccountId)} to ${nameOf(request.creditAccountId)}`;
  }
}
