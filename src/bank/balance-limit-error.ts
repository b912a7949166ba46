import { BankError } from './bank-error';

/**
 * Raised, under the second rules and after, for a credit (a deposit, a transfer's credit, an opening balance) that
 * would take an account's balance above `MAX_BALANCE`. Nothing was stored. The caller moves less, or into another
 * account.
 */
export class BalanceLimitError extends BankError {
  override readonly name = 'BalanceLimitError';
  readonly code = 'balance-limit';
  /** The account that refused the credit. */
  readonly accountId: string;
  /** Its balance before the credit, in cents. */
  readonly balance: number;
  /** The amount asked for, in cents. */
  readonly requested: number;

  constructor(options: { accountId: string; balance: number; requested: number }) {
    super(
      `Account ${options.accountId} cannot be credited ${options.requested} cents: its balance of ` +
        `${options.balance} cents would pass the largest a balance may be`,
    );
    this.accountId = options.accountId;
    this.balance = options.balance;
    this.requested = options.requested;
  }
}
