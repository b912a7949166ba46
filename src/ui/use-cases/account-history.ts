import type { BalancePoint } from '../components/balance-point';
import type { LoggedEntry } from '../state/logged-entry';

/** One line of an account's history with the balance right after it. */
export interface HistoryLine {
  readonly entry: LoggedEntry;
  readonly balanceAfter: number;
}

/** An account's history, oldest first, with the running balance (integer cents) after each line. */
export function accountHistory(entries: readonly LoggedEntry[], accountId: string): HistoryLine[] {
  const lines: HistoryLine[] = [];
  let balance = 0;
  for (const entry of entries) {
    if (entry.accountId !== accountId) continue;
    if (entry.kind === 'credit') balance += entry.amount;
    else if (entry.kind === 'debit') balance -= entry.amount;
    lines.push({ entry, balanceAfter: balance });
  }
  return lines;
}

/** The balance over time of a history, for the chart. */
export function balancePoints(history: readonly HistoryLine[]): BalancePoint[] {
  return history.map((line) => ({ timestamp: line.entry.timestamp, balance: line.balanceAfter }));
}
