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
  /** The note of the movement, when its request had one (the second rules and after). */
  readonly note?: string;
  /**
   * The day the movement happened, `YYYY-MM-DD`, when its request said (the second rules and after, where it
   * defaults to the date of the request). Entries of the first rules have none: `occurredOnOf` gives the date of
   * their timestamp. The log stays in the order the movements were decided, whatever these dates.
   */
  readonly occurredOn?: string;
}
