import { describe, expect, it } from 'vitest';
import { readStatementTable, transactionsCsv, type LoggedEntry, type MoneyRequest } from '../../src/ui';

/** The transaction log as a CSV file a spreadsheet opens in the display's locale. */

const alice = 'alice';
const bob = 'bob';
const names: Record<string, string> = { alice: '=HYPERLINK("http://evil")', bob: 'Bob "the builder"' };
const nameOf = (id: string) => names[id] ?? 'someone';
const at = '2026-11-24T10:00:00.000Z';
const deposit = {
  kind: 'deposit',
  creditAccountId: alice,
  amount: 1_234,
  transactionId: 'd1',
  timestamp: at,
  note: '+1 for lunch, "the usual"',
  occurredOn: '2026-11-20',
} as MoneyRequest;
const byId = new Map([[deposit.transactionId, deposit]]);
const requestOf = (id: string) => byId.get(id);
const log: LoggedEntry[] = [
  { position: 1, accountId: alice, kind: 'opening', amount: 0, timestamp: at },
  { position: 2, accountId: bob, kind: 'opening', amount: 0, timestamp: at },
  { position: 3, accountId: alice, kind: 'credit', amount: 1_234, timestamp: at, transactionId: 'd1' },
  { position: 4, accountId: bob, kind: 'debit', amount: 5, timestamp: at, transactionId: 'x1' },
  { position: 5, accountId: alice, kind: 'debit', amount: 2_000, timestamp: at, transactionId: 'w1' },
];

describe('transactionsCsv', () => {
  const text = transactionsCsv(log, { nameOf, requestOf, locale: 'en-US' });

  it('starts with a byte order mark, ends every row with CRLF and quotes every field', () => {
    expect(
      text.startsWith('\uFEFF"date","recorded","account","kind","amount","balance after","note","request id"\r\n'),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.slice(1).split('\r\n')).toHaveLength(log.length + 2);
  });

  it('reads back cell for cell, with quotes doubled and commas kept inside fields', async () => {
    const table = await readStatementTable(text);
    expect(table.header).toEqual([
      'date',
      'recorded',
      'account',
      'kind',
      'amount',
      'balance after',
      'note',
      'request id',
    ]);
    expect(table.rows[2]).toEqual([
      '2026-11-20',
      at,
      `'=HYPERLINK("http://evil")`,
      'deposit',
      '12.34',
      '12.34',
      `'+1 for lunch, "the usual"`,
      'd1',
    ]);
    expect(table.rows[3]).toEqual(['2026-11-24', at, 'Bob "the builder"', 'debit', '-0.05', '-0.05', '', 'x1']);
    expect(table.rows[4]?.slice(4, 6)).toEqual(['-20.00', '-7.66']);
  });

  it('keeps the rows of one account only when asked, with balances over the whole log', async () => {
    const table = await readStatementTable(
      transactionsCsv(log, { nameOf, requestOf, locale: 'en-US', accountIds: new Set([alice]) }),
    );
    expect(table.rows.map((row) => row[5])).toEqual(['0.00', '12.34', '-7.66']);
  });

  it('writes decimal commas and separates fields by semicolons in a locale that writes 12,34', () => {
    const german = transactionsCsv(log.slice(0, 3), { nameOf, requestOf, locale: 'de-DE' });
    expect(german.split('\r\n')[3]).toBe(
      `"2026-11-20";"${at}";"'=HYPERLINK(""http://evil"")";"deposit";"12,34";"12,34";"'+1 for lunch, ""the usual""";"d1"`,
    );
  });

  it('makes plain text of every cell a spreadsheet would take for a formula', async () => {
    const notes = ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '\rCR', 'fine = ok'];
    const entries: LoggedEntry[] = notes.map((note, index) => ({
      position: index,
      accountId: bob,
      kind: 'credit',
      amount: 1,
      timestamp: at,
      note,
    }));
    const table = await readStatementTable(transactionsCsv(entries, { nameOf, requestOf, locale: 'en-US' }));
    expect(table.rows.map((row) => row[6])).toEqual([
      "'=1+2",
      "'+SUM(A1)",
      "'-2+3",
      "'@cmd",
      "'\tTAB",
      "'\rCR",
      'fine = ok',
    ]);
  });

  it('sums balances exactly in cents beyond what a double holds', async () => {
    const huge = Number.MAX_SAFE_INTEGER;
    const entries: LoggedEntry[] = [1, 2, 3].map((position) => ({
      position,
      accountId: bob,
      kind: 'credit',
      amount: huge,
      timestamp: at,
    }));
    const table = await readStatementTable(transactionsCsv(entries, { nameOf, requestOf, locale: 'en-US' }));
    expect(table.rows.map((row) => row[5])).toEqual(['90071992547409.91', '180143985094819.82', '270215977642229.73']);
  });
});
