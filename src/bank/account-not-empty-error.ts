import { BankError } from './bank-error';

/**
 * Raised, under the second rules and after, when an account is to be closed while its balance is not zero: closing
 * it would strand that money (or that debt). Nothing was stored. The caller moves the balance to another account,
 * or pays the debt, and closes it then.
 */
export class AccountNotEmptyError extends BankError {
  override readonly name = 'AccountNotEmptyError';
  readonly code = 'account-not-empty';
  /** The account that was not closed. */
  readonly accountId: string;
  /** Its balance when the closing was decided, in cents: positive money left, or negative when overdrawn. */
  readonly balance: number;

  constructor(options: { accountId: string; balance: number }) {
    super(`Account ${options.accountId} cannot be closed with a balance of ${options.balance} cents`);
    this.accountId = options.accountId;
    this.balance = options.balance;
  }
}
