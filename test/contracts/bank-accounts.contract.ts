import { describe, expect, it } from 'vitest';
import { ConcurrencyError, type Persistence } from '../../src/eventsourcing';
import {
  Account,
  AccountClosedError,
  AccountNotFoundError,
  BankAccounts,
  fromErrorData,
  InsufficientFundsError,
  InvalidAmountError,
  isBankError,
  SameAccountTransferError,
  type AccountRefusalRecorded,
  type AccountView,
} from '../../src/bank';
import { BAD_AMOUNTS, BAD_LIMITS, NON_STRING_IDS, UNKNOWN_STRING_IDS } from '../bank/fixtures/bad-values';
import { interferingPersistence } from '../bank/fixtures/interfering-persistence';
import { rejectionOf } from '../bank/fixtures/rejection';
import { steppingClock } from '../fixtures/stored-events';

/** What a refused command must leave exactly as it was: the head of the log and every account's view. */
async function storedState(accounts: BankAccounts, ids: readonly string[]) {
  return {
    head: await accounts.log.maxNotificationId(),
    views: await Promise.all(ids.map((id) => accounts.getAccount(id))),
  };
}

/** Every public method that takes an account id, called with `id` in each of its id positions. */
function callsWithId(accounts: BankAccounts, id: unknown, other: string) {
  const given = id as string;
  return [
    ['getAccount', () => accounts.getAccount(given)],
    ['getBalance', () => accounts.getBalance(given)],
    ['getOverdraftLimit', () => accounts.getOverdraftLimit(given)],
    ['deposit', () => accounts.deposit(given, 100)],
    ['withdraw', () => accounts.withdraw(given, 100)],
    ['transfer (debit side)', () => accounts.transfer(given, other, 100)],
    ['transfer (credit side)', () => accounts.transfer(other, given, 100)],
    ['setOverdraftLimit', () => accounts.setOverdraftLimit(given, 100)],
    ['closeAccount', () => accounts.closeAccount(given)],
  ] as const;
}

/**
 * The contract of `BankAccounts`, the simple application, on any persistence: the original scripted test
 * (`TestSimpleBankAccountApplication`), the library's successor test (its own `bankaccounts` example), the rules of the
 * simple application and the inputs the originals did not check, atomic transfers, the account list and restarts, and
 * concurrent writers.
 */
export function bankAccountsContract(name: string, persistence: () => Persistence): void {
  describe(`BankAccounts contract › ${name}`, () => {
    const open = (store: Persistence = persistence(), maxAttempts?: number) =>
      new BankAccounts({
        persistence: store,
        clock: steppingClock(),
        ...(maxAttempts === undefined ? {} : { maxAttempts }),
      });

    describe('the original scripted test, in cents', () => {
      it('reproduces TestSimpleBankAccountApplication step by step', async () => {
        const accounts = open();
        // 1. A new account has balance 0.
        const account1 = await accounts.openAccount();
        expect(await accounts.getBalance(account1)).toBe(0);
        // 2. Deposit 200.00.
        await accounts.deposit(account1, 20000);
        expect(await accounts.getBalance(account1)).toBe(20000);
        // 3. Withdraw 50.00.
        await accounts.withdraw(account1, 5000);
        expect(await accounts.getBalance(account1)).toBe(15000);
        // 4. Withdrawing 151.00 fails; the balance stays 150.00.
        expect(await rejectionOf(() => accounts.withdraw(account1, 15100))).toBeInstanceOf(InsufficientFundsError);
        expect(await accounts.getBalance(account1)).toBe(15000);
        // 5. Transfer 100.00 to a second account.
        const account2 = await accounts.openAccount();
        await accounts.transfer(account1, account2, 10000);
        expect(await accounts.getBalance(account1)).toBe(5000);
        expect(await accounts.getBalance(account2)).toBe(10000);
        // 6. Transferring 1000.00 fails; both balances stay.
        expect(await rejectionOf(() => accounts.transfer(account1, account2, 100000))).toBeInstanceOf(
          InsufficientFundsError,
        );
        expect(await accounts.getBalance(account1)).toBe(5000);
        expect(await accounts.getBalance(account2)).toBe(10000);
        // 7. Close account 1.
        await accounts.closeAccount(account1);
        // 8. Transfer from the closed account fails.
        expect(await rejectionOf(() => accounts.transfer(account1, account2, 5000))).toMatchObject({
          code: 'account-closed',
          accountId: account1,
        });
        // 9. Transfer into the closed account fails, and the debit of account 2 is not saved.
        expect(await rejectionOf(() => accounts.transfer(account2, account1, 5000))).toMatchObject({
          code: 'account-closed',
          accountId: account1,
        });
        expect(await accounts.getBalance(account2)).toBe(10000);
        // 10. Withdrawing from the closed account fails.
        expect(await rejectionOf(() => accounts.withdraw(account1, 100))).toBeInstanceOf(AccountClosedError);
        // 11. Depositing into the closed account fails; its balance stays 50.00.
        expect(await rejectionOf(() => accounts.deposit(account1, 100000))).toBeInstanceOf(AccountClosedError);
        expect(await accounts.getBalance(account1)).toBe(5000);
        // 12. Overdraft limit of account 2: 0, then 500.00; −500.00 is refused (the original's AssertionError).
        expect(await accounts.getOverdraftLimit(account2)).toBe(0);
        await accounts.setOverdraftLimit(account2, 50000);
        expect(await rejectionOf(() => accounts.setOverdraftLimit(account2, -50000))).toBeInstanceOf(
          InvalidAmountError,
        );
        expect(await accounts.getOverdraftLimit(account2)).toBe(50000);
        // 13. Withdraw 500.00 from 100.00: −400.00.
        await accounts.withdraw(account2, 50000);
        expect(await accounts.getBalance(account2)).toBe(-40000);
        // 14. Withdrawing 101.00 more fails (−501.00 < −500.00).
        expect(await rejectionOf(() => accounts.withdraw(account2, 10100))).toBeInstanceOf(InsufficientFundsError);
        expect(await accounts.getBalance(account2)).toBe(-40000);
        // 15. Setting a limit on the closed account fails.
        expect(await rejectionOf(() => accounts.setOverdraftLimit(account1, 50000))).toBeInstanceOf(AccountClosedError);
        await accounts.close();
      });
    });

    describe("the library's successor test (its own bankaccounts example), in cents", () => {
      it('rejects an unknown id with AccountNotFoundError, then follows the scripted test with its differences', async () => {
        const accounts = open();
        const unknown = crypto.randomUUID();
        const notFound = await rejectionOf(() => accounts.getBalance(unknown));
        expect(notFound).toBeInstanceOf(AccountNotFoundError);
        expect(notFound).toMatchObject({ code: 'account-not-found', accountId: unknown });

        const alice = await accounts.openAccount({ name: 'Alice' });
        expect(await accounts.getBalance(alice)).toBe(0);
        await accounts.deposit(alice, 20000);
        await accounts.withdraw(alice, 5000);
        expect(await accounts.getBalance(alice)).toBe(15000);
        expect(await rejectionOf(() => accounts.withdraw(alice, 15100))).toBeInstanceOf(InsufficientFundsError);
        const bob = await accounts.openAccount({ name: 'Bob' });
        await accounts.transfer(alice, bob, 10000);
        expect([await accounts.getBalance(alice), await accounts.getBalance(bob)]).toEqual([5000, 10000]);
        expect(await rejectionOf(() => accounts.transfer(alice, bob, 100000))).toBeInstanceOf(InsufficientFundsError);
        await accounts.closeAccount(alice);
        expect(await rejectionOf(() => accounts.transfer(alice, bob, 5000))).toBeInstanceOf(AccountClosedError);
        expect(await rejectionOf(() => accounts.withdraw(alice, 100))).toBeInstanceOf(AccountClosedError);
        expect(await rejectionOf(() => accounts.deposit(alice, 100000))).toBeInstanceOf(AccountClosedError);
        expect(await rejectionOf(() => accounts.setOverdraftLimit(alice, 50000))).toBeInstanceOf(AccountClosedError);
        expect([await accounts.getBalance(alice), await accounts.getBalance(bob)]).toEqual([5000, 10000]);
        expect([await accounts.getOverdraftLimit(alice), await accounts.getOverdraftLimit(bob)]).toEqual([0, 0]);
        await accounts.setOverdraftLimit(bob, 50000);
        expect(await rejectionOf(() => accounts.setOverdraftLimit(bob, -50000))).toBeInstanceOf(InvalidAmountError);
        await accounts.withdraw(bob, 50000);
        expect(await accounts.getBalance(bob)).toBe(-40000);
        expect(await rejectionOf(() => accounts.withdraw(bob, 10100))).toBeInstanceOf(InsufficientFundsError);
        await accounts.close();
      });
    });

    describe('the public methods', () => {
      it('open, read, deposit, withdraw, transfer, set a limit and close, each returning a promise', async () => {
        const accounts = open();
        const opening = accounts.openAccount({ name: 'Alice', overdraftLimit: 1000 });
        expect(opening).toBeInstanceOf(Promise);
        const alice = await opening;
        const bob = await accounts.openAccount();
        const calls = [
          () => accounts.deposit(alice, 5000),
          () => accounts.withdraw(alice, 2000),
          () => accounts.transfer(alice, bob, 1000),
          () => accounts.setOverdraftLimit(bob, 300),
          () => accounts.closeAccount(bob),
        ];
        for (const call of calls) {
          const result = call();
          expect(result).toBeInstanceOf(Promise);
          expect(await result).toBeUndefined();
        }
        expect(await accounts.getAccount(alice)).toEqual({
          id: alice,
          name: 'Alice',
          balance: 2000,
          overdraftLimit: 1000,
          isClosed: false,
          version: 4,
        });
        expect(await accounts.getAccount(bob)).toEqual({
          id: bob,
          name: '',
          balance: 1000,
          overdraftLimit: 300,
          isClosed: true,
          version: 4,
        });
        expect(await accounts.getBalance(alice)).toBe(2000);
        expect(await accounts.getOverdraftLimit(alice)).toBe(1000);
        expect((await accounts.listAccounts()).map((view) => view.id)).toEqual([alice, bob]);
        await accounts.close();
      });

      it('gives each new account a fresh UUID', async () => {
        const accounts = open();
        const ids = [await accounts.openAccount(), await accounts.openAccount()];
        for (const id of ids)
          expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(ids[0]).not.toBe(ids[1]);
        await accounts.close();
      });
    });

    describe('transfers', () => {
      it('saves the debit and the credit in one transaction, the debit event first', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice' });
        const bob = await accounts.openAccount({ name: 'Bob' });
        await accounts.deposit(alice, 20000);
        const head = await accounts.log.maxNotificationId();
        await accounts.transfer(alice, bob, 7500);
        const written = await accounts.log.select(head + 1, 10);
        expect(written.map((n) => [n.type, n.originatorId, n.data])).toEqual([
          ['AccountDebited', alice, { amount: 7500 }],
          ['AccountCredited', bob, { amount: 7500 }],
        ]);
        expect(written[1]?.id).toBe((written[0]?.id ?? 0) + 1);
        await accounts.close();
      });

      it('a refused transfer (debit closed, credit closed, insufficient funds) stores nothing on either side', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice' });
        const bob = await accounts.openAccount({ name: 'Bob' });
        const carol = await accounts.openAccount({ name: 'Carol' });
        await accounts.deposit(alice, 20000);
        await accounts.deposit(carol, 5000);
        await accounts.closeAccount(carol);
        const ids = [alice, bob, carol];
        const before = await storedState(accounts, ids);
        expect(await rejectionOf(() => accounts.transfer(carol, bob, 100))).toMatchObject({
          code: 'account-closed',
          accountId: carol,
        });
        expect(await rejectionOf(() => accounts.transfer(alice, carol, 100))).toMatchObject({
          code: 'account-closed',
          accountId: carol,
        });
        expect(await rejectionOf(() => accounts.transfer(alice, bob, 20001))).toMatchObject({
          code: 'insufficient-funds',
          accountId: alice,
          available: 20000,
          requested: 20001,
        });
        expect(await storedState(accounts, ids)).toEqual(before);
        await accounts.close();
      });

      it('a transfer whose credit collides with another writer stores neither event, all or nothing (the v8 POPO recorder kept the debit)', async () => {
        const store = interferingPersistence(persistence());
        const accounts = open(store, 1);
        const other = open(store);
        const alice = await accounts.openAccount({ name: 'Alice' });
        const bob = await accounts.openAccount({ name: 'Bob' });
        await accounts.deposit(alice, 20000);
        // Between loading and saving the transfer, another writer deposits into bob: the credit event of the
        // transfer now collides with bob's version 2, while the debit event (written first) would fit.
        store.interfereOnce(() => other.deposit(bob, 100));
        const error = await rejectionOf(() => accounts.transfer(alice, bob, 5000));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(await accounts.getAccount(alice)).toMatchObject({ balance: 20000, version: 2 });
        expect(await accounts.getAccount(bob)).toMatchObject({ balance: 100, version: 2 });
        const types = (await accounts.log.select(1, 100)).map((n) => n.type);
        expect(types).toEqual(['AccountOpened', 'AccountOpened', 'AccountCredited', 'AccountCredited']);
        await Promise.all([accounts.close(), other.close()]);
      });

      it('a transfer that loses a race with another writer is decided again on fresh state, once', async () => {
        const store = interferingPersistence(persistence());
        const accounts = open(store);
        const other = open(store);
        const alice = await accounts.openAccount({ name: 'Alice' });
        const bob = await accounts.openAccount({ name: 'Bob' });
        await accounts.deposit(alice, 20000);
        store.interfereOnce(() => other.deposit(bob, 100));
        await accounts.transfer(alice, bob, 5000);
        expect(await accounts.getAccount(alice)).toMatchObject({ balance: 15000, version: 3 });
        expect(await accounts.getAccount(bob)).toMatchObject({ balance: 5100, version: 3 });
        await Promise.all([accounts.close(), other.close()]);
      });

      it('a transfer to the same account rejects with SameAccountTransferError and keeps the balance (the original kept the debit: 10000 → 7000)', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice' });
        await accounts.deposit(alice, 10000);
        const before = await storedState(accounts, [alice]);
        const error = await rejectionOf(() => accounts.transfer(alice, alice, 3000));
        expect(error).toBeInstanceOf(SameAccountTransferError);
        expect(error).toMatchObject({ code: 'same-account-transfer', accountId: alice });
        expect(await storedState(accounts, [alice])).toEqual(before);
        expect(await accounts.getBalance(alice)).toBe(10000);
        await accounts.close();
      });
    });

    describe('rules at the application', () => {
      it('a deposit into an account below its lowered limit succeeds (the eventsourcing 8 original refused it)', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice', overdraftLimit: 50000 });
        await accounts.withdraw(alice, 40000);
        await accounts.setOverdraftLimit(alice, 10000);
        await accounts.deposit(alice, 5000);
        expect(await accounts.getBalance(alice)).toBe(-35000);
        expect(await rejectionOf(() => accounts.withdraw(alice, 1))).toMatchObject({
          code: 'insufficient-funds',
          available: -25000,
          requested: 1,
        });
        await accounts.close();
      });

      it('accepts an overdraft limit of 0, so a limit can be removed', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ overdraftLimit: 50000 });
        await accounts.setOverdraftLimit(alice, 0);
        expect(await accounts.getOverdraftLimit(alice)).toBe(0);
        expect(await rejectionOf(() => accounts.withdraw(alice, 1))).toBeInstanceOf(InsufficientFundsError);
        await accounts.close();
      });

      it('accepts a limit below the current overdraft, which then blocks further debits', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ overdraftLimit: 50000 });
        await accounts.withdraw(alice, 40000);
        await accounts.setOverdraftLimit(alice, 10000);
        expect(await accounts.getAccount(alice)).toMatchObject({ balance: -40000, overdraftLimit: 10000 });
        expect(await rejectionOf(() => accounts.withdraw(alice, 1))).toBeInstanceOf(InsufficientFundsError);
        await accounts.close();
      });

      it('closing twice rejects with AccountClosedError and stores no second event; a non-zero balance may close', async () => {
        const accounts = open();
        const alice = await accounts.openAccount();
        await accounts.deposit(alice, 5000);
        await accounts.closeAccount(alice);
        const before = await storedState(accounts, [alice]);
        expect(await rejectionOf(() => accounts.closeAccount(alice))).toMatchObject({
          code: 'account-closed',
          accountId: alice,
        });
        expect(await storedState(accounts, [alice])).toEqual(before);
        expect(await accounts.getAccount(alice)).toMatchObject({ balance: 5000, isClosed: true });
        await accounts.close();
      });

      it('a closed account refuses deposits, withdrawals, transfers both ways and limit changes, and stays readable', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice', overdraftLimit: 700 });
        const bob = await accounts.openAccount({ name: 'Bob' });
        await accounts.deposit(alice, 5000);
        await accounts.deposit(bob, 5000);
        await accounts.closeAccount(alice);
        const before = await storedState(accounts, [alice, bob]);
        for (const act of [
          () => accounts.deposit(alice, 100),
          () => accounts.withdraw(alice, 100),
          () => accounts.transfer(alice, bob, 100),
          () => accounts.transfer(bob, alice, 100),
          () => accounts.setOverdraftLimit(alice, 100),
        ]) {
          const error = await rejectionOf(act);
          expect(error).toBeInstanceOf(AccountClosedError);
          expect(error).toMatchObject({ code: 'account-closed', accountId: alice });
        }
        expect(await storedState(accounts, [alice, bob])).toEqual(before);
        expect(await accounts.getBalance(alice)).toBe(5000);
        expect(await accounts.getOverdraftLimit(alice)).toBe(700);
        await accounts.close();
      });

      it('checks in the order amount → distinct accounts → exists → open → funds', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice' });
        const bob = await accounts.openAccount({ name: 'Bob' });
        const carol = await accounts.openAccount({ name: 'Carol' });
        await accounts.closeAccount(bob);
        await accounts.closeAccount(carol);
        const nobody = crypto.randomUUID();
        const nobodyElse = crypto.randomUUID();
        const cases: readonly (readonly [() => Promise<unknown>, Record<string, unknown>])[] = [
          [() => accounts.transfer(nobody, nobody, 0), { code: 'invalid-amount', value: 0 }],
          [() => accounts.deposit(nobody, -5), { code: 'invalid-amount', value: -5 }],
          [() => accounts.setOverdraftLimit(bob, -1), { code: 'invalid-amount', value: -1 }],
          [() => accounts.transfer(nobody, nobody, 100), { code: 'same-account-transfer', accountId: nobody }],
          [() => accounts.transfer(nobody, nobodyElse, 100), { code: 'account-not-found', accountId: nobody }],
          [() => accounts.transfer(bob, nobody, 100), { code: 'account-not-found', accountId: nobody }],
          [() => accounts.transfer(bob, carol, 100), { code: 'account-closed', accountId: bob }],
          [() => accounts.transfer(alice, carol, 100), { code: 'account-closed', accountId: carol }],
          [() => accounts.withdraw(bob, 100), { code: 'account-closed', accountId: bob }],
          [() => accounts.transfer(alice, bob, 100), { code: 'account-closed', accountId: bob }],
        ];
        for (const [act, expected] of cases) expect(await rejectionOf(act)).toMatchObject(expected);
        await accounts.close();
      });
    });

    describe('bad input on every public method', () => {
      for (const [label, id] of UNKNOWN_STRING_IDS) {
        it(`every method given ${label} rejects with AccountNotFoundError carrying the id, storing nothing`, async () => {
          const accounts = open();
          const alice = await accounts.openAccount({ name: 'Alice' });
          await accounts.deposit(alice, 1000);
          const before = await storedState(accounts, [alice]);
          for (const [method, call] of callsWithId(accounts, id, alice)) {
            const error = await rejectionOf(call);
            expect(error, method).toBeInstanceOf(AccountNotFoundError);
            expect(error, method).toMatchObject({
              name: 'AccountNotFoundError',
              code: 'account-not-found',
              accountId: id,
            });
          }
          expect(await storedState(accounts, [alice])).toEqual(before);
          await accounts.close();
        });
      }

      for (const [label, id, described] of NON_STRING_IDS) {
        it(`every method given ${label} as an id rejects with AccountNotFoundError, storing nothing`, async () => {
          const accounts = open();
          const alice = await accounts.openAccount({ name: 'Alice' });
          await accounts.deposit(alice, 1000);
          const before = await storedState(accounts, [alice]);
          for (const [method, call] of callsWithId(accounts, id, alice)) {
            const error = await rejectionOf(call);
            expect(error, method).toBeInstanceOf(AccountNotFoundError);
            expect(error, method).toMatchObject({ code: 'account-not-found', accountId: described });
          }
          expect(await storedState(accounts, [alice])).toEqual(before);
          await accounts.close();
        });
      }

      it('deposit, withdraw and transfer reject every bad amount with InvalidAmountError carrying it, storing nothing', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice', overdraftLimit: 100000 });
        const bob = await accounts.openAccount({ name: 'Bob' });
        await accounts.deposit(alice, 20000);
        const before = await storedState(accounts, [alice, bob]);
        for (const [label, value] of BAD_AMOUNTS) {
          const amount = value as number;
          for (const call of [
            () => accounts.deposit(alice, amount),
            () => accounts.withdraw(alice, amount),
            () => accounts.transfer(alice, bob, amount),
          ]) {
            const error = await rejectionOf(call);
            expect(error, label).toBeInstanceOf(InvalidAmountError);
            expect(error, label).toMatchObject({ name: 'InvalidAmountError', code: 'invalid-amount' });
            expect(Object.is((error as InvalidAmountError).value, value), label).toBe(true);
          }
        }
        expect(await storedState(accounts, [alice, bob])).toEqual(before);
        await accounts.close();
      });

      it('setOverdraftLimit and openAccount reject every bad limit with InvalidAmountError carrying it, storing nothing', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice', overdraftLimit: 5000 });
        const before = await storedState(accounts, [alice]);
        for (const [label, value] of BAD_LIMITS) {
          const limit = value as number;
          for (const call of [
            () => accounts.setOverdraftLimit(alice, limit),
            () => accounts.openAccount({ name: 'Bob', overdraftLimit: limit }),
          ]) {
            const error = await rejectionOf(call);
            expect(error, label).toBeInstanceOf(InvalidAmountError);
            expect(error, label).toMatchObject({ code: 'invalid-amount' });
            expect(Object.is((error as InvalidAmountError).value, value), label).toBe(true);
          }
        }
        expect(await storedState(accounts, [alice])).toEqual(before);
        expect(await accounts.listAccounts()).toHaveLength(1);
        await accounts.close();
      });

      it('openAccount rejects options or a name of the wrong type with TypeError, storing nothing', async () => {
        const accounts = open();
        for (const options of [null, 42, 'Alice', { name: 42 }, { name: null }]) {
          const error = await rejectionOf(() => accounts.openAccount(options as { name?: string }));
          expect(error).toBeInstanceOf(TypeError);
        }
        expect(await accounts.log.maxNotificationId()).toBe(0);
        await accounts.close();
      });

      it('every error is a rejected promise carrying a BankError, never a synchronous throw', async () => {
        const accounts = open();
        const calls = [
          () => accounts.getAccount(undefined as unknown as string),
          () => accounts.deposit(undefined as unknown as string, NaN),
          () => accounts.transfer('a', 'a', Infinity),
          () => accounts.setOverdraftLimit(null as unknown as string, -1),
          () => accounts.openAccount({ overdraftLimit: NaN }),
        ];
        for (const call of calls) expect(isBankError(await rejectionOf(call))).toBe(true);
        await accounts.close();
      });
    });

    describe('the account list', () => {
      it('lists every account, closed ones too, in opening order, from the stored events (the original kept the list in memory)', async () => {
        const accounts = open();
        const alice = await accounts.openAccount({ name: 'Alice' });
        const bob = await accounts.openAccount({ name: 'Bob', overdraftLimit: 2500 });
        await accounts.deposit(alice, 100);
        const carol = await accounts.openAccount({ name: 'Carol' });
        await accounts.closeAccount(bob);
        const listed = await accounts.listAccounts();
        expect(listed.map((view) => [view.id, view.name])).toEqual([
          [alice, 'Alice'],
          [bob, 'Bob'],
          [carol, 'Carol'],
        ]);
        expect(listed[1]).toEqual({
          id: bob,
          name: 'Bob',
          balance: 0,
          overdraftLimit: 2500,
          isClosed: true,
          version: 2,
        });
        await accounts.close();
      });

      it('after a restart, a new BankAccounts on the same store sees the same accounts, in order, with equal state', async () => {
        const store = persistence();
        const first = open(store);
        const alice = await first.openAccount({ name: 'Alice', overdraftLimit: 1000 });
        const bob = await first.openAccount({ name: 'Bob' });
        await first.deposit(alice, 5000);
        await first.transfer(alice, bob, 5500);
        await first.closeAccount(bob);
        const before = await first.listAccounts();
        await first.close();
        const second = open(store);
        expect(await second.listAccounts()).toEqual(before);
        expect(before.map((view) => view.id)).toEqual([alice, bob]);
        await second.close();
      });

      it('includes accounts opened by another BankAccounts on the same store (another tab)', async () => {
        const store = persistence();
        const here = open(store);
        const there = open(store);
        const alice = await here.openAccount({ name: 'Alice' });
        expect((await here.listAccounts()).map((view) => view.id)).toEqual([alice]);
        const bob = await there.openAccount({ name: 'Bob' });
        const carol = await here.openAccount({ name: 'Carol' });
        expect((await here.listAccounts()).map((view) => view.id)).toEqual([alice, bob, carol]);
        expect((await there.listAccounts()).map((view) => view.id)).toEqual([alice, bob, carol]);
        await Promise.all([here.close(), there.close()]);
      });

      it('is empty before any account is opened, and answers concurrent calls alike', async () => {
        const accounts = open();
        expect(await accounts.listAccounts()).toEqual([]);
        await accounts.openAccount({ name: 'Alice' });
        const [one, two] = await Promise.all([accounts.listAccounts(), accounts.listAccounts()]);
        expect(one).toHaveLength(1);
        expect(two).toEqual(one);
        await accounts.close();
      });
    });

    describe('concurrent writers', () => {
      const deposits = Array.from({ length: 12 }, (_, index) => 100 + index);

      async function depositConcurrently(maxAttempts: number | undefined) {
        const store = persistence();
        const tab1 = open(store, maxAttempts);
        const tab2 = open(store, maxAttempts);
        const alice = await tab1.openAccount({ name: 'Alice' });
        const results = await Promise.allSettled(
          deposits.map((amount, index) => (index % 2 === 0 ? tab1 : tab2).deposit(alice, amount)),
        );
        const succeeded = deposits.filter((_, index) => results[index]?.status === 'fulfilled');
        const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
        const view: AccountView = await tab2.getAccount(alice);
        await Promise.all([tab1.close(), tab2.close()]);
        return { succeeded, failures, view };
      }

      it('two BankAccounts depositing into one account at once lose no update (retried on conflict)', async () => {
        const { succeeded, failures, view } = await depositConcurrently(undefined);
        // Ten attempts with growing random pauses: every deposit gets through.
        expect(failures).toEqual([]);
        expect(view.balance).toBe(succeeded.reduce((sum, amount) => sum + amount, 0));
        expect(view.version).toBe(1 + succeeded.length);
      });

      it('with no retry, a lost race surfaces as ConcurrencyError and stores nothing', async () => {
        const { succeeded, failures, view } = await depositConcurrently(1);
        expect(succeeded.length + failures.length).toBe(deposits.length);
        // All twelve load the account at the same version, so all but the first writers lose the race.
        expect(failures.length).toBeGreaterThan(0);
        for (const failure of failures) expect(failure).toBeInstanceOf(ConcurrencyError);
        expect(view.balance).toBe(succeeded.reduce((sum, amount) => sum + amount, 0));
        expect(view.version).toBe(1 + succeeded.length);
      });
    });

    describe('refusals stored in events', () => {
      it('a refusal recorded on an account comes back from storage as an equal error of the same class', async () => {
        const store = persistence();
        const accounts = open(store);
        const alice = await accounts.openAccount({ name: 'Alice' });
        const refusals = [
          new InsufficientFundsError({ accountId: alice, available: 0, requested: 100 }),
          new AccountClosedError({ accountId: alice }),
          new InvalidAmountError({ value: NaN }),
        ];
        const account = await accounts.repository.get(Account, alice);
        refusals.forEach((refusal, index) => account.recordRefusal(refusal, `transaction-${index}`));
        await accounts.save(account);
        await accounts.close();
        const restarted = open(store);
        const recorded = (await restarted.log.select(1, 100)).filter(
          (n): n is typeof n & AccountRefusalRecorded => n.type === 'AccountRefusalRecorded',
        );
        const rebuilt = recorded.map((n) => fromErrorData(n.data.error));
        expect(rebuilt).toEqual(refusals);
        rebuilt.forEach((error, index) => expect(error).toBeInstanceOf(refusals[index]?.constructor as typeof Error));
        expect(Number.isNaN((rebuilt[2] as InvalidAmountError).value)).toBe(true);
        expect(recorded.map((n) => n.data.transactionId)).toEqual(['transaction-0', 'transaction-1', 'transaction-2']);
        expect(await restarted.getAccount(alice)).toMatchObject({ balance: 0, isClosed: false, version: 4 });
        await restarted.close();
      });
    });

    describe('snapshots', () => {
      it('snapshots an account at versions 50 and 100, and loading from them equals a full replay', async () => {
        const store = persistence();
        const accounts = open(store);
        const alice = await accounts.openAccount({ name: 'Alice' });
        for (let index = 0; index < 109; index++) await accounts.deposit(alice, 100 + index);
        expect((await accounts.recorder.selectSnapshot(alice))?.originatorVersion).toBe(100);
        expect((await accounts.recorder.selectSnapshot(alice, 99))?.originatorVersion).toBe(50);
        expect((await accounts.recorder.selectSnapshot(alice, 49))?.originatorVersion).toBeUndefined();
        const fromSnapshot = await accounts.repository.get(Account, alice);
        await accounts.recorder.deleteSnapshots();
        const replayed = await accounts.repository.get(Account, alice);
        expect(fromSnapshot.version).toBe(110);
        expect(fromSnapshot.state).toEqual(replayed.state);
        expect(replayed.balance).toBe(109 * 100 + (108 * 109) / 2);
        await accounts.close();
      });
    });
  });
}
