import { describe, expect, it } from 'vitest';
import {
  accountHistory,
  historyShape,
  MovementSearch,
  movementFiltersQuery,
  parseMovementFilters,
  readMovementFilters,
  REQUEST_SHAPE,
  type LoggedEntry,
  type MoneyRequest,
  type MovementFilters,
} from '../../src/ui';

/** Searching an account's history and this device's requests, as the account page and the activity screen do. */

const alice = 'alice';
const bob = 'bob';
const names: Record<string, string> = { alice: 'Alice Müller', bob: 'Bob’s Café' };
const nameOf = (id: string) => names[id] ?? 'someone';
const en = { locale: 'en-US', currency: 'EUR' };
const de = { locale: 'de-DE', currency: 'EUR' };

const requests: MoneyRequest[] = [
  { kind: 'deposit', creditAccountId: alice, amount: 100_000, transactionId: 'd1', timestamp: '2026-11-01T12:00:00Z' },
  {
    kind: 'transfer',
    debitAccountId: alice,
    creditAccountId: bob,
    amount: 1_250,
    transactionId: 't1',
    timestamp: '2026-11-02T12:00:00Z',
    note: 'Crème brûlée',
  },
  {
    kind: 'withdrawal',
    debitAccountId: alice,
    amount: 4_000,
    transactionId: 'w1',
    timestamp: '2026-11-20T12:00:00Z',
    note: 'ATM',
    occurredOn: '2026-11-03',
  },
  {
    kind: 'transfer',
    debitAccountId: alice,
    creditAccountId: 'closed',
    amount: 500,
    transactionId: 't2',
    timestamp: '2026-11-04T12:00:00Z',
  },
];
const log: LoggedEntry[] = [
  { position: 1, accountId: alice, kind: 'opening', amount: 0, timestamp: '2026-11-01T11:00:00Z' },
  {
    position: 2,
    accountId: alice,
    kind: 'credit',
    amount: 100_000,
    timestamp: '2026-11-01T12:00:00Z',
    transactionId: 'd1',
  },
  {
    position: 3,
    accountId: alice,
    kind: 'debit',
    amount: 1_250,
    timestamp: '2026-11-02T12:00:00Z',
    transactionId: 't1',
  },
  {
    position: 4,
    accountId: bob,
    kind: 'credit',
    amount: 1_250,
    timestamp: '2026-11-02T12:00:00Z',
    transactionId: 't1',
  },
  {
    position: 5,
    accountId: alice,
    kind: 'debit',
    amount: 4_000,
    timestamp: '2026-11-20T12:00:00Z',
    transactionId: 'w1',
  },
  { position: 6, accountId: alice, kind: 'debit', amount: 500, timestamp: '2026-11-04T12:00:00Z', transactionId: 't2' },
  {
    position: 7,
    accountId: alice,
    kind: 'credit',
    amount: 500,
    timestamp: '2026-11-04T12:00:01Z',
    transactionId: 't2',
  },
  { position: 8, accountId: alice, kind: 'credit', amount: 700, timestamp: '2026-11-05T12:00:00Z', transactionId: 'x' },
];
const byId = new Map(requests.map((request) => [request.transactionId, request]));
const history = accountHistory(log, alice);
const historySearch = new MovementSearch(historyShape((id) => byId.get(id)));
const requestSearch = new MovementSearch(REQUEST_SHAPE);

const positions = (filters: MovementFilters, format = en) =>
  historySearch
    .page(history, readMovementFilters(filters, format).query, { limit: 100, nameOf })
    .rows.map((line) => line.entry.position);
const requestIds = (filters: MovementFilters) =>
  requestSearch
    .page(requests, readMovementFilters(filters, en).query, { limit: 100, nameOf })
    .rows.map((request) => request.transactionId);

describe('MovementSearch › an account’s history', () => {
  it('without filters gives every line, newest first', () => {
    expect(positions({})).toEqual([8, 7, 6, 5, 3, 2, 1]);
  });

  it('finds a note whatever its case and accents', () => {
    expect(positions({ text: 'CREME brulee' })).toEqual([3]);
  });

  it('finds the lines that name an account, by the other account’s name too', () => {
    expect(positions({ text: 'cafe' })).toEqual([3]);
    expect(positions({ text: 'müller' })).toEqual([8, 7, 6, 5, 3, 2, 1]);
  });

  it('tells deposits, transfers out, refunds and lines of other devices’ requests apart', () => {
    expect(positions({ kind: 'deposit' })).toEqual([2]);
    expect(positions({ kind: 'transfer-out' })).toEqual([6, 3]);
    expect(positions({ kind: 'transfer' })).toEqual([6, 3]);
    expect(positions({ kind: 'refund' })).toEqual([7]);
    expect(positions({ kind: 'withdrawal' })).toEqual([5]);
  });

  it('reads amount bounds as money is typed in the locale, both included', () => {
    expect(positions({ min: '5', max: '1,000' })).toEqual([8, 7, 6, 5, 3, 2]);
    expect(positions({ min: '12,50', max: '40' }, de)).toEqual([5, 3]);
    expect(readMovementFilters({ min: '12.345' }, en).problems).toEqual({ min: 'decimals' });
  });

  it('dates a line by the day it happened when it has one, else by its recorded date', () => {
    expect(positions({ from: '2026-11-03', to: '2026-11-04' })).toEqual([7, 6, 5]);
    expect(positions({ from: '2026-11-20' })).toEqual([]);
  });

  it('gives a page of the newest matches and how many match in all', () => {
    const page = historySearch.page(history, readMovementFilters({ kind: 'transfer-out' }, en).query, {
      limit: 1,
      nameOf,
    });
    expect(page.rows.map((line) => line.entry.position)).toEqual([6]);
    expect(page.total).toBe(2);
  });
});

describe('MovementSearch › this device’s requests', () => {
  it('finds a transfer by either account, and by which end it is', () => {
    expect(requestIds({ accountId: bob })).toEqual(['t1']);
    expect(requestIds({ accountId: bob, kind: 'transfer-out' })).toEqual([]);
    expect(requestIds({ accountId: bob, kind: 'transfer-in' })).toEqual(['t1']);
    expect(requestIds({ text: 'atm', from: '2026-11-03', to: '2026-11-03' })).toEqual(['w1']);
  });
});

describe('movement filters in the address', () => {
  it('round-trip through the query', () => {
    const filters: MovementFilters = { text: 'café & co', kind: 'refund', min: '1,234.50', from: '2026-01-01' };
    expect(parseMovementFilters(movementFiltersQuery(filters))).toEqual(filters);
  });

  it('leave out what does not fit and keep the rest', () => {
    expect(parseMovementFilters('kind=theft&from=yesterday&account=a%20b&q=rent&to=2026-12-31')).toEqual({
      text: 'rent',
      to: '2026-12-31',
    });
  });
});
