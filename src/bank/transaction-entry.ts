/**
 * One line of the transaction log: an account's opening (amount 0), credit or debit (a positive amount; `kind` gives
 * the direction), with the time of the account event and, when the event had one, its transaction id.
 */
export interface TransactionEntry {
  readonly accountId: string;
  readonly kind: 'opening' | 'credit' | 'debit';
  /** In cents: positive for a credit or a debit, 0 for an opening. */
  readonly amount: number;
  /** ISO 8601: the timestamp of the account event. */
  readonly timestamp: string;
  readonly transactionId?: string;
}
