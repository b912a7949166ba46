import {
  accountHistory,
  historyShape,
  MovementSearch,
  readMovementFilters,
  type LoggedEntry,
  type MoneyRequest,
  type MovementFilters,
} from '../src/ui';
import { median, round, type BenchResult } from './result';

/** Lines of one account's history searched. */
const ENTRIES = 100_000;
const NOTES = ['Café au lait', 'Rent', 'Groceries', 'Salary', 'Crème brûlée', 'Books', 'Train ticket', 'Électricité'];

/**
 * The history search (`MovementSearch`, as the account page runs it) over 100,000 lines of one account, against a
 * plain scan that copies the same lines newest first (the least any search must do), in the same run: a text search
 * the first time (folding every note) and again (notes folded), and a search by kind, amount range and dates.
 * `ratio` is the scan's time over the search's (below 1: slower than the bare scan).
 */
export function searchBenchmarks(rounds: number): BenchResult[] {
  const { history, byId } = buildHistory();
  const nameOf = (id: string) => (id === 'alice' ? 'Alice' : 'Bob');
  const format = { locale: 'en-US', currency: 'EUR' };
  const query = (filters: MovementFilters) => readMovementFilters(filters, format).query;
  const samples = { scan: [] as number[], cold: [] as number[], warm: [] as number[], fields: [] as number[] };
  for (let round = 0; round < Math.max(3, rounds); round++) {
    samples.scan.push(
      timed(() => {
        const copy = [];
        for (let index = history.length - 1; index >= 0; index--) copy.push(history[index]);
        return copy.length;
      }),
    );
    const search = new MovementSearch(historyShape((id) => byId.get(id)));
    const text = query({ text: 'creme' });
    samples.cold.push(timed(() => search.page(history, text, { limit: 25, nameOf }).total));
    samples.warm.push(timed(() => search.page(history, text, { limit: 25, nameOf }).total));
    const fields = query({ kind: 'transfer-out', min: '10', max: '500', from: '2026-03-01', to: '2026-09-30' });
    samples.fields.push(timed(() => search.page(history, fields, { limit: 25, nameOf }).total));
  }
  const scan = median(samples.scan);
  const figure = (name: string, values: readonly number[], description: string): BenchResult => {
    const value = median(values);
    return {
      name,
      description,
      value: round(value, 2),
      unit: 'ms',
      baseline: round(scan, 2),
      ratio: round(scan / value, 2),
    };
  };
  return [
    figure(
      'search-text-first-ms',
      samples.cold,
      `a text search (case and accents folded) over ${ENTRIES.toLocaleString('en-US')} history lines, the first time (every note folded), median; baseline: copying the lines newest first`,
    ),
    figure('search-text-again-ms', samples.warm, 'the same search again, notes already folded'),
    figure('search-fields-ms', samples.fields, 'a search by kind, amount range and date range over the same lines'),
  ];
}

function buildHistory() {
  const entries: LoggedEntry[] = [];
  const byId = new Map<string, MoneyRequest>();
  const start = Date.UTC(2026, 0, 1);
  for (let index = 0; index < ENTRIES; index++) {
    const transactionId = `t${index}`;
    const amount = 100 + ((index * 7_919) % 100_000);
    const timestamp = new Date(start + index * 300_000).toISOString();
    const note = NOTES[index % NOTES.length] ?? '';
    const request: MoneyRequest =
      index % 3 === 0
        ? { kind: 'deposit', creditAccountId: 'alice', amount, transactionId, timestamp, note }
        : { kind: 'transfer', debitAccountId: 'alice', creditAccountId: 'bob', amount, transactionId, timestamp, note };
    byId.set(transactionId, request);
    entries.push({
      position: index,
      accountId: 'alice',
      kind: index % 3 === 0 ? 'credit' : 'debit',
      amount,
      timestamp,
      transactionId,
      note,
    });
  }
  return { history: accountHistory(entries, 'alice'), byId };
}

function timed(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}
