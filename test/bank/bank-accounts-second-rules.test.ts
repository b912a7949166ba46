import { describe, expect, it } from 'vitest';
import { memoryPersistence } from '../../src/eventsourcing';
import {
  BalanceLimitError,
  BankAccounts,
  InvalidAmountError,
  MAX_AMOUNT,
  MAX_BALANCE,
  OPENING_BALANCE_NOTE,
} from '../../src/bank';

function bank(): BankAccounts {
  return new BankAccounts({ persistence: memoryPersistence() });
}

describe('BankAccounts › with the bounds, notes and names of the current rules', () => {
  it('opens an account with an opening balance credited in the same write, with its note', async () => {
    const accounts = bank();
    const alice = await accounts.openAccount({ name: 'Savings', openingBalance: 9_000 });
    expect(await accounts.getAccount(alice)).toMatchObject({ balance: 9_000, version: 2 });
    const events = await accounts.log.select(1, 10);
    expect(events.at(-1)).toMatchObject({
      type: 'AccountCredited',
      data: { amount: 9_000, note: OPENING_BALANCE_NOTE },
    });
  });

  it('carries a note and a date on a deposit', async () => {
    const accounts = bank();
    const alice = await accounts.openAccount();
    await accounts.deposit(alice, 100, { note: 'Birthday', occurredOn: '2026-05-01' });
    const events = await accounts.log.select(1, 10);
    expect(events.at(-1)?.data).toEqual({ amount: 100, note: 'Birthday', occurredOn: '2026-05-01' });
  });

  it('refuses amounts above MAX_AMOUNT and limits above MAX_BALANCE up front with InvalidAmountError', async () => {
    const accounts = bank();
    const alice = await accounts.openAccount();
    await expect(accounts.deposit(alice, MAX_AMOUNT + 1)).rejects.toBeInstanceOf(InvalidAmountError);
    await expect(accounts.setOverdraftLimit(alice, MAX_BALANCE + 1)).rejects.toBeInstanceOf(InvalidAmountError);
    await expect(accounts.openAccount({ openingBalance: MAX_BALANCE + 1 })).rejects.toBeInstanceOf(InvalidAmountError);
  });

  it('refuses a credit past MAX_BALANCE with BalanceLimitError, storing nothing', async () => {
    const accounts = bank();
    const alice = await accounts.openAccount({ openingBalance: MAX_BALANCE });
    await expect(accounts.deposit(alice, 1)).rejects.toBeInstanceOf(BalanceLimitError);
    expect(await accounts.getAccount(alice)).toMatchObject({ balance: MAX_BALANCE, version: 2 });
  });

  it('renames an account, and still closes one that holds money (the simple application keeps that rule)', async () => {
    const accounts = bank();
    const alice = await accounts.openAccount({ name: 'Savings', openingBalance: 500 });
    await accounts.renameAccount(alice, 'Holidays');
    await accounts.closeAccount(alice);
    expect(await accounts.getAccount(alice)).toMatchObject({ name: 'Holidays', balance: 500, isClosed: true });
  });
});
