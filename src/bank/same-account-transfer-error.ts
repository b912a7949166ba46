import { BankError } from './bank-error';

/**
 * Raised for a transfer whose debit and credit accounts are the same: it would move nothing, and the originals got it
 * wrong (a kept debit, a skipped refund). Nothing was stored. The caller picks two different accounts.
 */
export class SameAccountTransferError extends BankError {
  override readonly name = 'SameAccountTransferError';
  readonly code = 'same-account-transfer';
  /** The account named on both sides. */
  readonly accountId: string;

  constructor(options: { accountId: string }) {
    super(`Cannot transfer from account ${options.accountId} to itself`);
    this.accountId = options.accountId;
  }
}
