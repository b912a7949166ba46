import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryPersistence, SyncRunner } from '../../src/eventsourcing';
import {
  AccountClosedError,
  AccountNotEmptyError,
  AccountNotFoundError,
  createBankApplications,
  InvalidAmountError,
  MAX_AMOUNT,
  MAX_BALANCE,
  OPENING_BALANCE_NOTE,
  sumCents,
  type BankApplications,
} from '../../src/bank';
import { steppingClock } from '../fixtures/stored-events';
import { deriveFirstRulesLog, STORES, type StoredRecord } from './fixtures/first-rules-log';

/** The first reading of `steppingClock()`: every request below is made on this day. */
const DAY = '2026-01-01';

/** A bank whose requests are recorded under `rulesVersion` (this code's by default), derived by a synchronous runner. */
function bankOf(rulesVersion?: number) {
  const persistence = memoryPersistence();
  const bank = createBankApplications({
    persistence,
    clock: steppingClock(),
    ...(rulesVersion === undefined ? {} : { rulesVersion }),
  });
  const derive = async () => {
    const runner = new SyncRunner(bank.system);
    runner.start();
    await runner.settled();
    await runner.stop();
  };
  return { bank, persistence, derive };
}

async function accountEvents(bank: BankApplications, accountId: string) {
  const page = await bank.accounts.log.select(1, 10_000);
  return page.filter((event) => event.originatorId === accountId).map(({ type, data }) => ({ type, data }));
}

describe('Requests of the first rules', () => {
  it('derive exactly the events the code before the second rules derived (amounts, limits, closings, refunds)', async () => {
    const fixture = JSON.parse(
      readFileSync(new URL('./fixtures/first-rules-derivation-a7ff799.json', import.meta.url), 'utf8'),
    ) as { stores: Record<string, StoredRecord[]> };
    const { bank, persistence, derive } = bankOf(1);
    const stores = await deriveFirstRulesLog({
      commands: bank.commands,
      derive,
      events: (store) => persistence.recorder(store).selectNotifications(1, 1_000_000),
    });
    // The data, ids, versions and times are the same; only the schema version of the events that may now carry
    // a note says 2 (their data, without one, reads the same under either).
    const newSchemas = new Set(['AccountCredited', 'AccountDebited', 'AccountRefunded', 'TransactionLogged']);
    for (const store of STORES) {
      const before = fixture.stores[store] ?? [];
      const now = stores[store] ?? [];
      expect(now.map(({ schemaVersion: _version, ...event }) => event)).toEqual(
        before.map(({ schemaVersion: _version, ...event }) => event),
      );
      now.forEach((event, index) => {
        const old = before[index]?.schemaVersion;
        expect(event.schemaVersion).toBe(newSchemas.has(event.type) ? 2 : old);
      });
      expect(JSON.stringify(now.map((event) => event.data))).toBe(JSON.stringify(before.map((event) => event.data)));
    }
  });
});

describe('Requests of the second rules', () => {
  describe('a note and a date on a movement', () => {
    it('travel to the saga, both account events of a transfer, and the transaction log; the date defaults to the day it was asked', async () => {
      const { bank, derive } = bankOf();
      const alice = await bank.commands.openAccount();
      const bob = await bank.commands.openAccount();
      const deposit = await bank.commands.depositFunds(alice, 5_000, { note: 'Salary' });
      const transfer = await bank.commands.transferFunds(alice, bob, 1_200, {
        note: 'Dinner',
        occurredOn: '2025-12-24',
      });
      const withdrawal = await bank.commands.withdrawFunds(bob, 200, { note: '' });
      await derive();

      expect(await bank.sagas.getSaga(transfer)).toMatchObject({
        status: 'succeeded',
        note: 'Dinner',
        occurredOn: '2025-12-24',
      });
      expect(await bank.sagas.getSaga(deposit)).toMatchObject({ note: 'Salary', occurredOn: DAY });
      const withdrawn = await bank.sagas.getSaga(withdrawal);
      expect(withdrawn).not.toHaveProperty('note');
      expect((await accountEvents(bank, alice)).at(-1)).toEqual({
        type: 'AccountDebited',
        data: { amount: 1_200, transactionId: transfer, note: 'Dinner', occurredOn: '2025-12-24' },
      });
      expect((await accountEvents(bank, bob)).at(-2)).toEqual({
        type: 'AccountCredited',
        data: { amount: 1_200, transactionId: transfer, note: 'Dinner', occurredOn: '2025-12-24' },
      });
      const entries = await bank.transactionLog.getTransactions();
      expect(
        entries.filter((entry) => entry.kind !== 'opening').map((entry) => [entry.note, entry.occurredOn]),
      ).toEqual([
        ['Salary', DAY],
        ['Dinner', '2025-12-24'],
        ['Dinner', '2025-12-24'],
        [undefined, DAY],
      ]);
    });

    it('refuses bad details up front, recording nothing', async () => {
      const { bank } = bankOf();
      const alice = await bank.commands.openAccount();
      await expect(bank.commands.depositFunds(alice, 1, { note: 'x'.repeat(201) })).rejects.toBeInstanceOf(RangeError);
      await expect(bank.commands.depositFunds(alice, 1, { occurredOn: '2026-02-30' })).rejects.toBeInstanceOf(
        RangeError,
      );
      await expect(bank.commands.depositFunds(alice, 1, { note: 5 as unknown as string })).rejects.toBeInstanceOf(
        TypeError,
      );
      expect(await bank.commands.log.select(1, 100)).toHaveLength(1);
    });
  });

  describe('an opening balance', () => {
    it('is credited right after the opening, with the request id and its note: the ledger and the log follow it', async () => {
      const { bank, derive } = bankOf();
      const alice = await bank.commands.openAccount({ name: 'Savings', openingBalance: 25_000 });
      const bob = await bank.commands.openAccount();
      await derive();
      expect(await bank.accounts.getAccount(alice)).toMatchObject({ name: 'Savings', balance: 25_000, version: 2 });
      expect((await accountEvents(bank, alice))[1]).toEqual({
        type: 'AccountCredited',
        data: { amount: 25_000, transactionId: alice, note: OPENING_BALANCE_NOTE, occurredOn: DAY },
      });
      expect((await accountEvents(bank, bob)).map((event) => event.type)).toEqual(['AccountOpened']);
      expect(await bank.ledger.getBalance()).toBe(25_000);
      expect(await bank.ledger.getExactBalance()).toBe(25_000n);
      expect(await bank.ledger.getTransactionCount()).toBe(1);
      const entries = await bank.transactionLog.getTransactions();
      expect(entries.filter((entry) => entry.accountId === alice).map((entry) => [entry.kind, entry.amount])).toEqual([
        ['opening', 0],
        ['credit', 25_000],
      ]);
    });

    it('is refused up front beyond MAX_BALANCE with InvalidAmountError', async () => {
      const { bank } = bankOf();
      await expect(bank.commands.openAccount({ openingBalance: MAX_BALANCE + 1 })).rejects.toBeInstanceOf(
        InvalidAmountError,
      );
      await expect(bank.commands.openAccount({ overdraftLimit: MAX_BALANCE + 1 })).rejects.toBeInstanceOf(
        InvalidAmountError,
      );
    });
  });

  describe('renaming an account', () => {
    it('records AccountRenamed; an unknown account is refused with AccountNotFoundError, a closed one with AccountClosedError', async () => {
      const { bank, derive } = bankOf();
      const alice = await bank.commands.openAccount({ name: 'Savings' });
      const bob = await bank.commands.openAccount();
      const renamed = await bank.commands.renameAccount(alice, 'Holidays');
      await bank.commands.closeAccount(bob);
      const closed = await bank.commands.renameAccount(bob, 'Old');
      const unknown = await bank.commands.renameAccount('nobody', 'Ghost');
      await derive();
      expect(await bank.sagas.outcomeOf(renamed)).toBeNull();
      expect((await bank.accounts.getAccount(alice)).name).toBe('Holidays');
      expect(await bank.sagas.outcomeOf(closed)).toMatchObject({ code: 'account-closed', accountId: bob });
      expect(await bank.sagas.outcomeOf(unknown)).toMatchObject({ code: 'account-not-found', accountId: 'nobody' });
      expect((await bank.accounts.getAccount(bob)).name).toBe('');
      await expect(bank.commands.renameAccount(alice, 'x'.repeat(1_001))).rejects.toBeInstanceOf(RangeError);
    });

    it('resolves through Accounts once derived, and rejects with the refusal', async () => {
      const { bank } = bankOf();
      const runner = new SyncRunner(bank.system);
      runner.start();
      const alice = await bank.accounts.openAccount({ name: 'Savings' });
      await bank.accounts.renameAccount(alice, 'Rainy day');
      expect((await bank.accounts.getAccount(alice)).name).toBe('Rainy day');
      await expect(bank.accounts.renameAccount('nobody', 'x')).rejects.toBeInstanceOf(AccountNotFoundError);
      await bank.accounts.closeAccount(alice);
      await expect(bank.accounts.renameAccount(alice, 'x')).rejects.toBeInstanceOf(AccountClosedError);
      await runner.stop();
    });
  });

  describe('closing an account', () => {
    it('is refused with AccountNotEmptyError when the balance is not zero at the moment it is decided', async () => {
      const { bank, derive } = bankOf();
      const alice = await bank.commands.openAccount({ openingBalance: 700 });
      const bob = await bank.commands.openAccount();
      // Decided after the opening balance landed: refused; after the transfer out: closed.
      const refused = await bank.commands.closeAccount(alice);
      await bank.commands.transferFunds(alice, bob, 700);
      const closed = await bank.commands.closeAccount(alice);
      await derive();
      const error = await bank.sagas.outcomeOf(refused);
      expect(error).toMatchObject({ name: 'AccountNotEmptyError', accountId: alice, balance: 700 });
      expect(await bank.sagas.outcomeOf(closed)).toBeNull();
      expect((await bank.accounts.getAccount(alice)).isClosed).toBe(true);
    });

    it('rejects Accounts.closeAccount with AccountNotEmptyError', async () => {
      const { bank } = bankOf();
      const runner = new SyncRunner(bank.system);
      runner.start();
      const alice = await bank.accounts.openAccount({ openingBalance: 1 });
      await expect(bank.accounts.closeAccount(alice)).rejects.toBeInstanceOf(AccountNotEmptyError);
      await runner.stop();
    });

    it('closes whatever the balance under the first rules, as those requests always did', async () => {
      const { bank, derive } = bankOf(1);
      const alice = await bank.commands.openAccount();
      await bank.commands.depositFunds(alice, 700);
      const closing = await bank.commands.closeAccount(alice);
      await derive();
      expect(await bank.sagas.outcomeOf(closing)).toBeNull();
      expect(await bank.accounts.getAccount(alice)).toMatchObject({ isClosed: true, balance: 700 });
    });
  });

  describe('the maxima', () => {
    it('refuse amounts above MAX_AMOUNT and limits above MAX_BALANCE up front, recording nothing', async () => {
      const { bank } = bankOf();
      const alice = await bank.commands.openAccount();
      await expect(bank.commands.depositFunds(alice, MAX_AMOUNT + 1)).rejects.toBeInstanceOf(InvalidAmountError);
      await expect(bank.commands.withdrawFunds(alice, MAX_AMOUNT + 1)).rejects.toBeInstanceOf(InvalidAmountError);
      await expect(bank.commands.transferFunds(alice, 'b', MAX_AMOUNT + 1)).rejects.toBeInstanceOf(InvalidAmountError);
      await expect(bank.commands.setOverdraftLimit(alice, MAX_BALANCE + 1)).rejects.toBeInstanceOf(InvalidAmountError);
      expect(await bank.commands.log.select(1, 100)).toHaveLength(1);
    });

    it('refuse a forged request above MAX_AMOUNT with InvalidAmountError, and a credit above MAX_BALANCE with BalanceLimitError', async () => {
      const { bank, derive } = bankOf();
      const alice = await bank.commands.openAccount();
      await bank.commands.recorder.insert([
        {
          originatorId: 'forged-deposit',
          originatorVersion: 1,
          type: 'DepositRequested',
          schemaVersion: 2,
          timestamp: '2026-01-02T00:00:00.000Z',
          data: { creditAccountId: alice, amount: MAX_AMOUNT + 1, rulesVersion: 2 },
        },
      ]);
      await bank.commands.depositFunds(alice, MAX_AMOUNT);
      const over = await bank.commands.depositFunds(alice, 1);
      await derive();
      const forged = await bank.sagas.getSaga('forged-deposit');
      expect(forged.status).toBe('failed');
      expect(forged.errors[0]).toBeInstanceOf(InvalidAmountError);
      const refused = await bank.sagas.getSaga(over);
      expect(refused.status).toBe('failed');
      expect(refused.errors[0]).toMatchObject({ code: 'balance-limit', accountId: alice, balance: MAX_BALANCE });
      expect(await bank.accounts.getBalance(alice)).toBe(MAX_BALANCE);
    });

    it('never refuse a refund, even one that restores a balance above MAX_BALANCE (the saga ends failed, not compensating)', async () => {
      // A balance above MAX_BALANCE, left by requests of the first rules, which allowed it.
      const { bank, persistence, derive } = bankOf(1);
      const alice = await bank.commands.openAccount();
      const bob = await bank.commands.openAccount();
      await bank.commands.depositFunds(alice, Number.MAX_SAFE_INTEGER - 10);
      await bank.commands.closeAccount(bob);
      await derive();
      // The same device, updated: its requests are of the second rules now.
      const updated = createBankApplications({ persistence, clock: steppingClock(Date.parse('2026-02-01')) });
      const transfer = await updated.commands.transferFunds(alice, bob, MAX_AMOUNT);
      const runner = new SyncRunner(updated.system);
      runner.start();
      await runner.settled();
      const saga = await updated.sagas.getSaga(transfer);
      expect(saga.status).toBe('failed');
      expect(saga.errors.map((error) => error.code)).toEqual(['account-closed']);
      expect(await updated.accounts.getBalance(alice)).toBe(Number.MAX_SAFE_INTEGER - 10);
      expect(await updated.ledger.getExactBalance()).toBe(BigInt(Number.MAX_SAFE_INTEGER - 10));
      await runner.stop();
    });
  });

  describe('the ledger total', () => {
    it('stays exact where balances of the first rules add up beyond Number.MAX_SAFE_INTEGER', async () => {
      const { bank, derive } = bankOf(1);
      const balances = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 3];
      const ids: string[] = [];
      for (const balance of balances) {
        const id = await bank.commands.openAccount();
        ids.push(id);
        await bank.commands.depositFunds(id, balance);
      }
      await derive();
      const views = await bank.accounts.listAccounts();
      expect(await bank.ledger.getExactBalance()).toBe(sumCents(views.map((view) => view.balance)));
      expect(await bank.ledger.getExactBalance()).toBe(2n * BigInt(Number.MAX_SAFE_INTEGER) + 2n);
      expect(ids).toHaveLength(3);
    });
  });

  describe('a request of newer rules', () => {
    it('stops the derivation with NewerRulesError whatever its shape (a kind this code does not know)', async () => {
      const { bank } = bankOf();
      const alice = await bank.commands.openAccount();
      await bank.commands.recorder.insert([
        {
          originatorId: 'from-the-future',
          originatorVersion: 1,
          type: 'AccountFreezingRequested',
          schemaVersion: 1,
          timestamp: '2026-01-02T00:00:00.000Z',
          data: { accountId: alice, until: '2027-01-01', rulesVersion: 3 },
        },
      ]);
      await bank.commands.depositFunds(alice, 100);
      const runner = new SyncRunner(bank.system);
      runner.start();
      // Until this change, a request of a kind this code did not know was passed over in this device's own log.
      await expect(runner.settled()).rejects.toMatchObject({
        name: 'NewerRulesError',
        requestId: 'from-the-future',
        rulesVersion: 3,
      });
      await runner.stop().catch(() => undefined);
    });
  });
});
