import { BankError } from './bank-error';

/**
 * Raised when no account has the given id, whatever its format (an empty string, a malformed id, or a value that is
 * not a string at all). Nothing was stored. The caller picks an existing account.
 */
export class AccountNotFoundError extends BankError {
  override readonly name = 'AccountNotFoundError';
  readonly code = 'account-not-found';
  /** The id asked for; a value that was not a string is given as its string description. */
  readonly accountId: string;

  constructor(options: { accountId: string }) {
    super(`No account has the id ${JSON.stringify(options.accountId)}`);
    this.accountId = options.accountId;
  }
}
