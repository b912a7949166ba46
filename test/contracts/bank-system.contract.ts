import { describe, expect, it } from 'vitest';
import type { Persistence } from '../../src/eventsourcing';
import {
  AccountClosedError,
  AccountNotEmptyError,
  AccountNotFoundError,
  createBankSystem,
  InsufficientFundsError,
  InvalidAmountError,
  type BankSystem,
  type SagaView,
} from '../../src/bank';

type RunnerKind = 'sync' | 'rx';

/**
 * The original closed an account whatever its balance; the tests that close an account holding money or owing it
 * record their requests under the first rules, which still decide such requests so.
 */
const FIRST_RULES = 1;

/** The ledger must always equal the sum of the balances once the system is quiet. */
export async function expectLedgerMatchesBalances(bank: BankSystem): Promise<void> {
  await bank.settled();
  const accounts = await bank.accounts.listAccounts();
  const sum = accounts.reduce((total, account) => total + account.balance, 0);
  expect(await bank.ledger.getBalance()).toBe(sum);
}

/** The saga after the system settled. */
async function settledSaga(bank: BankSystem, transactionId: string): Promise<SagaView> {
  await bank.settled();
  return bank.sagas.getSaga(transactionId);
}

async function expectSucceeded(bank: BankSystem, transactionId: string): Promise<void> {
  const saga = await settledSaga(bank, transactionId);
  expect(saga.status).toBe('succeeded');
  expect(saga.errors).toEqual([]);
}

async function expectFailed(bank: BankSystem, transactionId: string, expected: readonly Record<string, unknown>[]) {
  const saga = await settledSaga(bank, transactionId);
  expect(saga.status).toBe('failed');
  expect(saga.errors).toHaveLength(expected.length);
  saga.errors.forEach((error, index) => expect(error).toMatchObject(expected[index] ?? {}));
  return saga;
}

/**
 * The original system tests (the bank-accounts example's `test_bank_account_system.py`, amounts in cents), over runner
 * × persistence, and the decisions where the original lost money or stalled.
 */
export function bankSystemContract(name: string, persistence: () => Persistence): void {
  for (const runner of ['sync', 'rx'] as const satisfies readonly RunnerKind[]) {
    describe(`Bank system › ${name} › ${runner} runner`, () => {
      const withBank = (test: (bank: BankSystem) => Promise<void>, rulesVersion?: number) => async () => {
        const bank = await createBankSystem({
          persistence: persistence(),
          runner,
          ...(rulesVersion === undefined ? {} : { rulesVersion }),
        });
        try {
          await test(bank);
          await expectLedgerMatchesBalances(bank);
        } finally {
          await bank.stop();
        }
      };

      describe('the original system tests', () => {
        it(
          'test_deposit_funds_ok: a deposit of 20000 succeeds',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount({ name: 'Alice' });
            expect(await bank.accounts.getBalance(alice)).toBe(0);
            const deposit = await bank.commands.depositFunds(alice, 20000);
            await expectSucceeded(bank, deposit);
            expect(await bank.accounts.getBalance(alice)).toBe(20000);
          }),
        );

        it(
          'test_deposit_funds_error_account_closed: a deposit into a closed account fails with AccountClosedError',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            await bank.accounts.closeAccount(alice);
            const deposit = await bank.commands.depositFunds(alice, 20000);
            const saga = await expectFailed(bank, deposit, [{ code: 'account-closed', accountId: alice }]);
            expect(saga.errors[0]).toBeInstanceOf(AccountClosedError);
            expect(await bank.accounts.getBalance(alice)).toBe(0);
          }),
        );

        it(
          'test_withdraw_funds_ok: 20000 in, 5000 out leaves 15000',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            await bank.commands.depositFunds(alice, 20000);
            const withdrawal = await bank.commands.withdrawFunds(alice, 5000);
            await expectSucceeded(bank, withdrawal);
            expect(await bank.accounts.getBalance(alice)).toBe(15000);
          }),
        );

        it(
          'test_withdraw_funds_error_insufficient_funds: 20001 out of 20000 fails',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            await bank.commands.depositFunds(alice, 20000);
            const withdrawal = await bank.commands.withdrawFunds(alice, 20001);
            const saga = await expectFailed(bank, withdrawal, [
              { code: 'insufficient-funds', accountId: alice, available: 20000, requested: 20001 },
            ]);
            expect(saga.errors[0]).toBeInstanceOf(InsufficientFundsError);
            expect(await bank.accounts.getBalance(alice)).toBe(20000);
          }),
        );

        it(
          'test_withdraw_funds_error_account_closed: a withdrawal from a closed account fails',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            await expectSucceeded(bank, await bank.commands.depositFunds(alice, 20000));
            await bank.accounts.closeAccount(alice);
            const withdrawal = await bank.commands.withdrawFunds(alice, 5000);
            await expectFailed(bank, withdrawal, [{ code: 'account-closed', accountId: alice }]);
            expect(await bank.accounts.getBalance(alice)).toBe(20000);
          }, FIRST_RULES),
        );

        it(
          'test_transfer_funds_ok: 5000 from alice (20000) to bob',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const bob = await bank.accounts.openAccount();
            await bank.commands.depositFunds(alice, 20000);
            const transfer = await bank.commands.transferFunds(alice, bob, 5000);
            await expectSucceeded(bank, transfer);
            expect(await bank.accounts.getBalance(alice)).toBe(15000);
            expect(await bank.accounts.getBalance(bob)).toBe(5000);
          }),
        );

        it(
          'test_transfer_funds_error_insufficient_funds: 100000 from 20000 fails, nothing moves',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const bob = await bank.accounts.openAccount();
            await bank.commands.depositFunds(alice, 20000);
            const transfer = await bank.commands.transferFunds(alice, bob, 100000);
            await expectFailed(bank, transfer, [{ code: 'insufficient-funds', accountId: alice }]);
            expect(await bank.accounts.getBalance(alice)).toBe(20000);
            expect(await bank.accounts.getBalance(bob)).toBe(0);
          }),
        );

        it(
          'test_transfer_funds_error_debit_account_closed: a transfer from a closed account fails',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const bob = await bank.accounts.openAccount();
            await expectSucceeded(bank, await bank.commands.depositFunds(alice, 20000));
            expect(await bank.accounts.getBalance(alice)).toBe(20000);
            await bank.accounts.closeAccount(alice);
            const transfer = await bank.commands.transferFunds(alice, bob, 5000);
            await expectFailed(bank, transfer, [{ code: 'account-closed', accountId: alice }]);
            expect(await bank.accounts.getBalance(alice)).toBe(20000);
            expect(await bank.accounts.getBalance(bob)).toBe(0);
          }, FIRST_RULES),
        );

        it(
          'test_transfer_funds_error_credit_account_closed: the debit is refunded and the saga fails with the credit error',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const bob = await bank.accounts.openAccount();
            await bank.commands.depositFunds(bob, 20000);
            await bank.accounts.closeAccount(alice);
            const transfer = await bank.commands.transferFunds(bob, alice, 5000);
            await expectFailed(bank, transfer, [{ code: 'account-closed', accountId: alice }]);
            expect(await bank.accounts.getBalance(alice)).toBe(0);
            expect(await bank.accounts.getBalance(bob)).toBe(20000);
            const entries = (await bank.transactionLog.getTransactions()).filter((e) => e.transactionId === transfer);
            expect(entries.map((e) => [e.accountId, e.kind, e.amount])).toEqual([
              [bob, 'debit', 5000],
              [bob, 'credit', 5000],
            ]);
          }),
        );

        it(
          'test_overdraft_limit: limit 50000, withdraw to -30000, a further 20001 fails, closed refuses a new limit',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            await expectSucceeded(bank, await bank.commands.depositFunds(alice, 20000));
            expect(await bank.accounts.getOverdraftLimit(alice)).toBe(0);
            await bank.accounts.setOverdraftLimit(alice, 50000);
            await expect(bank.accounts.setOverdraftLimit(alice, -50000)).rejects.toBeInstanceOf(InvalidAmountError);
            expect(await bank.accounts.getOverdraftLimit(alice)).toBe(50000);
            await expectSucceeded(bank, await bank.commands.withdrawFunds(alice, 50000));
            expect(await bank.accounts.getBalance(alice)).toBe(-30000);
            const tooMuch = await bank.commands.withdrawFunds(alice, 20001);
            await expectFailed(bank, tooMuch, [
              { code: 'insufficient-funds', accountId: alice, available: 20000, requested: 20001 },
            ]);
            expect(await bank.accounts.getBalance(alice)).toBe(-30000);
            await bank.accounts.closeAccount(alice);
            await expect(bank.accounts.setOverdraftLimit(alice, 500000)).rejects.toBeInstanceOf(AccountClosedError);
          }, FIRST_RULES),
        );
      });

      describe('under the current rules, closing an account', () => {
        it(
          'is refused with AccountNotEmptyError while it holds money or owes it, and closes it once its balance is zero',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount({ overdraftLimit: 5000 });
            const bob = await bank.accounts.openAccount();
            await expectSucceeded(bank, await bank.commands.depositFunds(alice, 20000));
            const full = await bank.accounts.closeAccount(alice).catch((error: unknown) => error);
            expect(full).toBeInstanceOf(AccountNotEmptyError);
            expect(full).toMatchObject({ code: 'account-not-empty', accountId: alice, balance: 20000 });
            await expectSucceeded(bank, await bank.commands.transferFunds(alice, bob, 23000));
            const owing = await bank.accounts.closeAccount(alice).catch((error: unknown) => error);
            expect(owing).toMatchObject({ code: 'account-not-empty', accountId: alice, balance: -3000 });
            expect((await bank.accounts.getAccount(alice)).isClosed).toBe(false);
            await expectSucceeded(bank, await bank.commands.transferFunds(bob, alice, 3000));
            await bank.accounts.closeAccount(alice);
            expect(await bank.accounts.getAccount(alice)).toMatchObject({ isClosed: true, balance: 0 });
          }),
        );
      });

      describe('an unknown account (the original stalled for ever here)', () => {
        it(
          'fails the saga of a deposit, a withdrawal and each side of a transfer with AccountNotFoundError, and a later command succeeds',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            await expectSucceeded(bank, await bank.commands.depositFunds(alice, 10000));
            const nobody = 'no-such-account';
            const notFound = [{ code: 'account-not-found', accountId: nobody }];
            const deposit = await expectFailed(bank, await bank.commands.depositFunds(nobody, 100), notFound);
            expect(deposit.errors[0]).toBeInstanceOf(AccountNotFoundError);
            await expectFailed(bank, await bank.commands.withdrawFunds(nobody, 100), notFound);
            await expectFailed(bank, await bank.commands.transferFunds(nobody, alice, 100), notFound);
            const toNobody = await expectFailed(bank, await bank.commands.transferFunds(alice, nobody, 100), notFound);
            expect(toNobody.kind).toBe('transfer');
            expect(await bank.accounts.getBalance(alice)).toBe(10000);
            await expectSucceeded(bank, await bank.commands.depositFunds(alice, 1));
            expect(await bank.accounts.getBalance(alice)).toBe(10001);
          }),
        );
      });

      describe('commands', () => {
        it(
          'refuses invalid amounts and same-account transfers up front, recording nothing',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const recorded = await bank.commands.log.maxNotificationId();
            for (const amount of [0, -1, 0.5, Number.NaN, Infinity, 2 ** 53, '100' as unknown as number]) {
              await expect(bank.commands.depositFunds(alice, amount)).rejects.toMatchObject({
                code: 'invalid-amount',
              });
              await expect(bank.commands.withdrawFunds(alice, amount)).rejects.toBeInstanceOf(InvalidAmountError);
              await expect(bank.commands.transferFunds(alice, 'other', amount)).rejects.toBeInstanceOf(
                InvalidAmountError,
              );
            }
            await expect(bank.commands.transferFunds(alice, alice, 100)).rejects.toMatchObject({
              code: 'same-account-transfer',
              accountId: alice,
            });
            expect(await bank.commands.log.maxNotificationId()).toBe(recorded);
            expect(await bank.sagas.listSagas()).toEqual([]);
          }),
        );

        it(
          'shows a command not yet picked up as pending, and lists sagas oldest first',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const first = await bank.commands.depositFunds(alice, 300);
            const pending = await bank.sagas.getSaga(first);
            expect(['pending', 'succeeded']).toContain(pending.status);
            expect(pending).toMatchObject({ id: first, kind: 'deposit', creditAccountId: alice, amount: 300 });
            const second = await bank.commands.withdrawFunds(alice, 100);
            await bank.settled();
            expect((await bank.sagas.listSagas()).map((saga) => [saga.id, saga.kind, saga.status])).toEqual([
              [first, 'deposit', 'succeeded'],
              [second, 'withdrawal', 'succeeded'],
            ]);
            await expect(bank.sagas.getSaga('no-such-transaction')).rejects.toMatchObject({
              code: 'aggregate-not-found',
            });
          }),
        );
      });

      describe('the ledger and the transaction log', () => {
        it(
          'follow every credit and debit of the system: a transfer changes the ledger balance by 0 and its count by 2',
          withBank(async (bank) => {
            const alice = await bank.accounts.openAccount();
            const bob = await bank.accounts.openAccount();
            await bank.commands.depositFunds(alice, 20000);
            await bank.settled();
            const [balance, count] = [await bank.ledger.getBalance(), await bank.ledger.getTransactionCount()];
            expect([balance, count]).toEqual([20000, 1]);
            const transfer = await bank.commands.transferFunds(alice, bob, 7000);
            await expectSucceeded(bank, transfer);
            expect(await bank.ledger.getBalance()).toBe(balance);
            expect(await bank.ledger.getTransactionCount()).toBe(count + 2);
            const entries = await bank.transactionLog.getTransactions();
            expect(entries.map((e) => e.kind)).toEqual(['opening', 'opening', 'credit', 'debit', 'credit']);
            expect(entries.slice(3).map((e) => [e.accountId, e.amount, e.transactionId])).toEqual([
              [alice, 7000, transfer],
              [bob, 7000, transfer],
            ]);
          }),
        );
      });
    });
  }
}
