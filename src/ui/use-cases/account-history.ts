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

const DAY_MS = 86_400_000;

/** How much of the history the chart shows. */
export type ChartRange = 'month' | 'year' | 'all';

export const CHART_RANGES: readonly { readonly range: ChartRange; readonly label: string; readonly days?: number }[] = [
  { range: 'month', label: 'Month', days: 31 },
  { range: 'year', label: 'Year', days: 366 },
  { range: 'all', label: 'All' },
];

/** The points of `range` ending at `now`, led by the balance held when it began (a balance holds until it changes). */
export function pointsInRange(points: readonly BalancePoint[], range: ChartRange, now: number): BalancePoint[] {
  const days = CHART_RANGES.find((candidate) => candidate.range === range)?.days;
  if (days === undefined) return [...points];
  const start = now - days * DAY_MS;
  const inside = points.filter((point) => Date.parse(point.timestamp) >= start);
  const before = points.filter((point) => Date.parse(point.timestamp) < start).at(-1);
  return before === undefined
    ? inside
    : [{ timestamp: new Date(start).toISOString(), balance: before.balance }, ...inside];
}
