import 'fake-indexeddb/auto';
import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { dexiePersistence } from '../../src/eventsourcing';
import {
  BankStore,
  existingMovements,
  guessStatementMapping,
  planStatementImport,
  readStatementTable,
  recordStatement,
  type StatementMapping,
} from '../../src/ui';

/** A bank statement (CSV) read, mapped, checked row by row, and recorded as deposits and withdrawals. */

const statement = [
  'Date,Description,Amount',
  '2026-11-01,Salary,"2,500.00"',
  '2026-11-02,"Coffee, with cake",-4.50',
  '2026-11-03,Rent,(1200)',
].join('\r\n');

const mapping = (overrides: Partial<StatementMapping> = {}): StatementMapping => ({
  date: 0,
  note: 1,
  amount: { column: 2 },
  dateFormat: 'yyyy-mm-dd',
  numberLocale: 'en-US',
  ...overrides,
});

describe('Statement import › reading and mapping', () => {
  it('guesses the date, note and amount columns from their names', async () => {
    const table = await readStatementTable(statement);
    expect(guessStatementMapping(table.header, 'en-US')).toEqual(mapping());
    expect(guessStatementMapping(['Buchungstag', 'Verwendungszweck', 'Soll', 'Haben'], 'de-DE')).toMatchObject({
      date: 0,
      note: 1,
      amount: { debit: 2, credit: 3 },
    });
  });

  it('plans a deposit or a withdrawal for each row, in cents, numbered as a spreadsheet shows rows', async () => {
    const plan = planStatementImport(await readStatementTable(statement), mapping(), [], 'USD');
    expect(plan).toEqual({
      ok: true,
      lines: [
        { row: 2, occurredOn: '2026-11-01', cents: 250_000, note: 'Salary', duplicate: false },
        { row: 3, occurredOn: '2026-11-02', cents: -450, note: 'Coffee, with cake', duplicate: false },
        { row: 4, occurredOn: '2026-11-03', cents: -120_000, note: 'Rent', duplicate: false },
      ],
    });
  });

  it('reads debit and credit columns, dates written day first, and amounts with a decimal comma', async () => {
    const table = await readStatementTable(
      'Tag;Text;Soll;Haben\n01.11.2026;Lohn;;1.234,50\n31.12.2026;Miete;800,00;\n',
    );
    const plan = planStatementImport(
      table,
      mapping({ amount: { debit: 2, credit: 3 }, dateFormat: 'dd.mm.yyyy', numberLocale: 'de-DE' }),
      [],
      'EUR',
    );
    expect(plan.ok && plan.lines.map((line) => [line.occurredOn, line.cents])).toEqual([
      ['2026-11-01', 123_450],
      ['2026-12-31', -80_000],
    ]);
  });

  it('marks rows already on the account as duplicates, each movement standing for one row', async () => {
    const twice = `${statement}\r\n2026-11-02,"Coffee, with cake",-4.50\r\n`;
    const existing = [{ day: '2026-11-02', cents: -450, note: 'Coffee, with cake' }];
    const plan = planStatementImport(await readStatementTable(twice), mapping(), existing, 'USD');
    expect(plan.ok && plan.lines.map((line) => line.duplicate)).toEqual([false, true, false, false]);
  });
});

describe('Statement import › a file with a bad row', () => {
  const refusal = async (row: string, overrides: Partial<StatementMapping> = {}) => {
    const plan = planStatementImport(
      await readStatementTable(`${statement}\r\n${row}\r\n2026-11-30,Last,1.00`),
      mapping(overrides),
      [],
      'USD',
    );
    return plan.ok ? undefined : plan.refusal;
  };

  it('is refused whole, naming the row and why', async () => {
    expect(await refusal('2026-11-04,Lunch,12.345')).toEqual({ row: 5, problem: 'fraction-of-cent', value: '12.345' });
    expect(await refusal('2026-11-04,Lunch,twelve')).toMatchObject({ row: 5, problem: 'amount' });
    expect(await refusal('2026-11-04,Lunch,')).toMatchObject({ row: 5, problem: 'empty-amount' });
    expect(await refusal('2026-02-30,Lunch,1.00')).toMatchObject({ row: 5, problem: 'date' });
    expect(await refusal(',Lunch,1.00')).toMatchObject({ row: 5, problem: 'empty-date' });
    expect(await refusal('2026-11-04,Lunch,0.00')).toMatchObject({ row: 5, problem: 'zero' });
    expect(await refusal(`2026-11-04,${'x'.repeat(201)},1.00`)).toMatchObject({ row: 5, problem: 'note-too-long' });
  });

  it('refuses a file with a header and nothing under it', async () => {
    const plan = planStatementImport(await readStatementTable('Date,Amount\r\n'), mapping(), [], 'USD');
    expect(plan).toEqual({ ok: false, refusal: { row: 0, problem: 'no-rows', value: '' } });
  });
});

describe('Statement import › recording', () => {
  it('records each new row as a request on the account, and finds them all present the second time', async () => {
    const prefix = `statement-import-${Date.now().toString(36)}`;
    const system = await createBankSystem({ persistence: dexiePersistence({ prefix }), runner: 'sync' });
    const store = new BankStore(system, dexiePersistence({ prefix }));
    try {
      const alice = await system.accounts.openAccount({ name: 'Alice' });
      const table = await readStatementTable(statement);
      const first = planStatementImport(table, mapping(), [], 'USD');
      if (!first.ok) throw new Error('the statement was refused');
      const ids = await recordStatement(store, alice, first.lines);
      expect(ids).toHaveLength(3);
      await system.settled();
      const requests = await firstValueFrom(store.requests$.pipe(filter((all) => all.length === 3)));
      expect(requests.map((request) => [request.kind, request.amount])).toEqual([
        ['deposit', 250_000],
        ['withdrawal', 450],
        ['withdrawal', 120_000],
      ]);
      const entries = await firstValueFrom(store.entries$.pipe(filter((all) => all.length === 4)));
      expect((await system.accounts.getAccount(alice)).balance).toBe(250_000 - 450 - 120_000);

      const again = planStatementImport(table, mapping(), existingMovements(entries, requests, alice), 'USD');
      expect(requests.map((request) => [request.note, request.occurredOn])).toEqual([
        ['Salary', '2026-11-01'],
        ['Coffee, with cake', '2026-11-02'],
        ['Rent', '2026-11-03'],
      ]);
      expect(again.ok && again.lines.map((line) => line.duplicate)).toEqual([true, true, true]);
    } finally {
      await store.stop();
    }
  });
});
