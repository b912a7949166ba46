import { BankError } from './bank-error';

/**
 * Raised for a money movement or a limit change on a closed account, and for closing an account twice. Nothing was
 * stored. A closed account stays readable but never opens again: the caller uses another account.
 */
export class AccountClosedError extends BankError {
  override readonly name = 'AccountClosedError';
  readonly code = 'account-closed';
  /** The closed account. */
  readonly accountId: string;

  constructor(options: { accountId: string }) {
    super(`Account ${options.accountId} is closed`);
    this.accountId = options.accountId;
  }
}
