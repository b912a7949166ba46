/** The bank's general ledger: the sum of every account's balance and how many credits and debits made it. */
export interface LedgerTotals {
  readonly balance: number;
  readonly transactionCount: number;
}
