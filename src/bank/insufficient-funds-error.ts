import { BankError } from './bank-error';

/**
 * Raised when a debit would take an account below minus its overdraft limit (`balance - amount < -overdraftLimit`).
 * Nothing was stored. The caller asks for at most `available`, or raises the limit first.
 */
export class InsufficientFundsError extends BankError {
  override readonly name = 'InsufficientFundsError';
  readonly code = 'insufficient-funds';
  /** The account that refused the debit. */
  readonly accountId: string;
  /** What could be debited now, in cents: balance + overdraft limit (negative if the limit was lowered below it). */
  readonly available: number;
  /** The amount asked for, in cents. */
  readonly requested: number;

  constructor(options: { accountId: string; available: number; requested: number }) {
    super(`Account ${options.accountId} cannot be debited ${options.requested} cents: ${options.available} available`);
    this.accountId = options.accountId;
    this.available = options.available;
    this.requested = options.requested;
  }
}
