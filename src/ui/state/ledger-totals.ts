/** The bank's general ledger: the sum of every account's balance and how many credits and debits made it. */
export interface LedgerTotals {
  /** Exact for any number of accounts: a sum of balances can pass the safe integers. */
  readonly balance: bigint;
  readonly transactionCount: number;
}
