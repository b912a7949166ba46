import { describe, expect, it } from 'vitest';
import { accountHistory, describeEntry, pointsInRange, type LoggedEntry, type MoneyRequest } from '../../src/ui';

/** An account's history as the account page shows it: running balance and words, from the transaction log. */

const alice = 'alice';
const bob = 'bob';
const at = '2026-11-24T10:00:00.000Z';
const names: Record<string, string> = { alice: 'Alice', bob: 'Bob' };
const nameOf = (id: string) => names[id] ?? 'someone';

const transfer: MoneyRequest = {
  kind: 'transfer',
  debitAccountId: alice,
  creditAccountId: bob,
  amount: 300,
  transactionId: 't1',
  timestamp: at,
};
const log: LoggedEntry[] = [
  { position: 1, accountId: alice, kind: 'opening', amount: 0, timestamp: at },
  { position: 2, accountId: bob, kind: 'opening', amount: 0, timestamp: at },
  { position: 3, accountId: alice, kind: 'credit', amount: 1_000, timestamp: at, transactionId: 'd1' },
  { position: 4, accountId: alice, kind: 'debit', amount: 300, timestamp: at, transactionId: 't1' },
  { position: 5, accountId: bob, kind: 'credit', amount: 300, timestamp: at, transactionId: 't1' },
  { position: 6, accountId: alice, kind: 'debit', amount: 50, timestamp: at, transactionId: 't2' },
  { position: 7, accountId: alice, kind: 'credit', amount: 50, timestamp: at, transactionId: 't2' },
];

describe('accountHistory', () => {
  it('keeps only the account’s lines, oldest first, with the balance in cents after each', () => {
    expect(accountHistory(log, alice).map((line) => [line.entry.position, line.balanceAfter])).toEqual([
      [1, 0],
      [3, 1_000],
      [4, 700],
      [6, 650],
      [7, 700],
    ]);
  });
});

describe('describeEntry', () => {
  const failed: MoneyRequest = { ...transfer, transactionId: 't2', amount: 50 };

  it('names the other account of a transfer on both sides, and a refund after a refused credit', () => {
    expect(describeEntry(log[3]!, transfer, nameOf)).toBe('Transfer to Bob');
    expect(describeEntry(log[4]!, transfer, nameOf)).toBe('Transfer from Alice');
    expect(describeEntry(log[6]!, failed, nameOf)).toBe('Refund: transfer to Bob refused');
  });

  it('says what an opening, a deposit and an entry without a request are', () => {
    expect(describeEntry(log[0]!, undefined, nameOf)).toBe('Account opened');
    const deposit: MoneyRequest = {
      kind: 'deposit',
      creditAccountId: alice,
      amount: 1_000,
      transactionId: 'd1',
      timestamp: at,
    };
    expect(describeEntry(log[2]!, deposit, nameOf)).toBe('Deposit');
    expect(describeEntry(log[2]!, undefined, nameOf)).toBe('Credit');
  });
});

describe('pointsInRange', () => {
  const now = Date.parse('2026-12-01T12:00:00.000Z');
  const points = [
    { timestamp: '2025-06-01T00:00:00.000Z', balance: 100 },
    { timestamp: '2026-10-01T00:00:00.000Z', balance: 250 },
    { timestamp: '2026-11-20T00:00:00.000Z', balance: -40 },
  ];

  it('shows every change for all of the history', () => {
    expect(pointsInRange(points, 'all', now)).toEqual(points);
  });

  it('starts the last month with the balance held when it began', () => {
    expect(pointsInRange(points, 'month', now)).toEqual([
      { timestamp: '2026-10-31T12:00:00.000Z', balance: 250 },
      { timestamp: '2026-11-20T00:00:00.000Z', balance: -40 },
    ]);
  });

  it('starts the last year with the balance held when it began', () => {
    expect(pointsInRange(points, 'year', now)).toEqual([
      { timestamp: '2025-11-30T12:00:00.000Z', balance: 100 },
      points[1],
      points[2],
    ]);
  });

  it('shows the balance held throughout a month in which nothing changed', () => {
    expect(pointsInRange(points.slice(0, 1), 'month', Date.parse('2025-08-01T00:00:00.000Z'))).toEqual([
      { timestamp: '2025-07-01T00:00:00.000Z', balance: 100 },
    ]);
  });
});
