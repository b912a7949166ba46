import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryPersistence } from '../../src/eventsourcing';
import { createBankSystem, type Accounts, type Commands } from '../../src/bank';
import { freshDexiePersistence } from '../fixtures/persistences';

/** A step of a workload, naming accounts by their index in opening order. */
type Step =
  | { readonly op: 'deposit'; readonly account: number; readonly amount: number }
  | { readonly op: 'withdraw'; readonly account: number; readonly amount: number }
  | { readonly op: 'transfer'; readonly from: number; readonly to: number; readonly amount: number }
  | { readonly op: 'close'; readonly account: number }
  | { readonly op: 'limit'; readonly account: number; readonly limit: number };

const ACCOUNTS = 4;

/** Records a step: commands for money, direct calls for the rest (whose refusals are expected and ignored). */
async function record(commands: Commands, accounts: Accounts, ids: readonly string[], step: Step) {
  const id = (index: number) => ids[index] ?? 'missing';
  switch (step.op) {
    case 'deposit':
      return commands.depositFunds(id(step.account), step.amount);
    case 'withdraw':
      return commands.withdrawFunds(id(step.account), step.amount);
    case 'transfer':
      return commands.transferFunds(id(step.from), id(step.to), step.amount);
    case 'close':
      await accounts.closeAccount(id(step.account)).catch(() => undefined);
      return undefined;
    case 'limit':
      await accounts.setOverdraftLimit(id(step.account), step.limit).catch(() => undefined);
      return undefined;
  }
}

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('deposit' as const),
      account: fc.nat(ACCOUNTS),
      amount: fc.integer({ min: 1, max: 50000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('withdraw' as const),
      account: fc.nat(ACCOUNTS),
      amount: fc.integer({ min: 1, max: 50000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        op: fc.constant('transfer' as const),
        from: fc.nat(ACCOUNTS),
        to: fc.nat(ACCOUNTS),
        amount: fc.integer({ min: 1, max: 50000 }),
      })
      .filter((step) => step.from !== step.to),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), account: fc.nat(ACCOUNTS - 1) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('limit' as const),
      account: fc.nat(ACCOUNTS - 1),
      limit: fc.integer({ min: 0, max: 30000 }),
    }),
  },
);

describe('Bank system › a seeded random workload with the rx runner', () => {
  for (const [name, persistence, numRuns] of [
    ['memory', memoryPersistence, 25],
    ['dexie (fake-indexeddb)', freshDexiePersistence, 6],
  ] as const) {
    it(`never creates or destroys money, and every saga ends (${name})`, async () => {
      const seed = 20261124;
      await fc.assert(
        fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 30 }), async (steps) => {
          const bank = await createBankSystem({ persistence: persistence(), runner: 'rx' });
          try {
            // Index ACCOUNTS names an account that does not exist.
            const ids = [];
            for (let index = 0; index < ACCOUNTS; index++) ids.push(await bank.accounts.openAccount());
            const transactions = [];
            for (const step of steps) transactions.push(await record(bank.commands, bank.accounts, ids, step));
            await bank.settled();
            const sagas = await bank.sagas.listSagas();
            expect(sagas).toHaveLength(transactions.filter((id) => id !== undefined).length);
            let deposited = 0;
            for (const saga of sagas) {
              expect(['succeeded', 'failed']).toContain(saga.status);
              if (saga.status !== 'succeeded') continue;
              if (saga.kind === 'deposit') deposited += saga.amount;
              if (saga.kind === 'withdrawal') deposited -= saga.amount;
            }
            const accounts = await bank.accounts.listAccounts();
            const sum = accounts.reduce((total, account) => total + account.balance, 0);
            expect(sum).toBe(deposited);
            expect(await bank.ledger.getBalance()).toBe(sum);
            const entries = await bank.transactionLog.getTransactions();
            const movements = entries.filter((entry) => entry.kind !== 'opening');
            expect(await bank.ledger.getTransactionCount()).toBe(movements.length);
            for (const account of accounts) {
              const mine = movements.filter((entry) => entry.accountId === account.id);
              const net = mine.reduce((total, e) => total + (e.kind === 'credit' ? e.amount : -e.amount), 0);
              expect(account.balance).toBe(net);
            }
          } finally {
            await bank.stop();
          }
        }),
        { seed, numRuns, verbose: true },
      );
    });
  }
});
