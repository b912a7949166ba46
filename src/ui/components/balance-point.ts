/** An account's balance right after one line of its history. */
export interface BalancePoint {
  readonly timestamp: string;
  readonly balance: number;
}
