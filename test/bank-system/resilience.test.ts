import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  memoryPersistence,
  type Application,
  type Persistence,
  type ProcessApplication,
} from '../../src/eventsourcing';
import {
  createBankApplications,
  createBankSystem,
  type Accounts,
  type BankSystem,
  type Commands,
} from '../../src/bank';
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

/** What a run ends with, in terms that do not depend on random ids. */
async function outcome(bank: Pick<BankSystem, 'accounts' | 'sagas' | 'ledger' | 'transactionLog'>) {
  const accounts = await bank.accounts.listAccounts();
  const index = new Map(accounts.map((account, position) => [account.id, position]));
  const sagas = await bank.sagas.listSagas();
  const entries = await bank.transactionLog.getTransactions();
  return {
    balances: accounts.map((account) => account.balance),
    sagas: sagas.map((saga) => [saga.kind, saga.status, saga.errors.map((error) => error.code)]),
    ledger: [await bank.ledger.getBalance(), await bank.ledger.getTransactionCount()],
    // The order of entries depends on how the followers interleaved; what each entry is does not.
    log: entries.map((entry) => `${index.get(entry.accountId)} ${entry.kind} ${entry.amount}`).sort(),
  };
}

/** The applications with no runner, as a crashed tab leaves them. */
function applications(persistence: Persistence) {
  const bank = createBankApplications({ persistence });
  const { commands, accounts, sagas, ledger, transactionLog } = bank;
  const pipes: [ProcessApplication, Application][] = [
    [sagas, commands],
    [accounts, sagas],
    [sagas, accounts],
    [ledger, accounts],
    [transactionLog, accounts],
  ];
  const close = () => Promise.all(bank.system.applications.map((app) => app.close()));
  return { ...bank, pipes, close };
}

/**
 * A script whose outcome does not depend on how the followers interleave its steps (each command's result is the
 * same in any order the pipeline may take), so that a crashed and resumed run can be compared with an uninterrupted
 * one. The direct calls (limit, close) happen while the commands are recorded, before any is processed.
 */
const SCRIPT: readonly Step[] = [
  { op: 'deposit', account: 0, amount: 20000 },
  { op: 'deposit', account: 1, amount: 5000 },
  { op: 'transfer', from: 0, to: 1, amount: 7000 },
  { op: 'withdraw', account: 1, amount: 20000 },
  { op: 'limit', account: 2, limit: 3000 },
  { op: 'withdraw', account: 2, amount: 2500 },
  { op: 'close', account: 3 },
  { op: 'transfer', from: 1, to: 3, amount: 1000 },
  { op: 'deposit', account: 3, amount: 100 },
  { op: 'transfer', from: 0, to: 2, amount: 2500 },
];

describe('Bank system › crash and resume', () => {
  /** The same script, recorded in full and then processed without interruption. */
  const reference = async () => {
    const persistence = memoryPersistence();
    const apps = applications(persistence);
    const ids = [];
    for (let index = 0; index < ACCOUNTS; index++) ids.push(await apps.accounts.openAccount());
    for (const step of SCRIPT) await record(apps.commands, apps.accounts, ids, step);
    await apps.close();
    const bank = await createBankSystem({ persistence, runner: 'rx' });
    await bank.settled();
    const result = await outcome(bank);
    await bank.stop();
    return result;
  };

  for (const crashAfter of [1, 4, 9, 17, 30]) {
    it(`stopped after ${crashAfter} processed notifications and restarted on the same IndexedDB, ends as an uninterrupted run`, async () => {
      const expected = await reference();
      const persistence = freshDexiePersistence();
      const crashed = applications(persistence);
      const ids = [];
      for (let index = 0; index < ACCOUNTS; index++) ids.push(await crashed.accounts.openAccount());
      for (const step of SCRIPT) await record(crashed.commands, crashed.accounts, ids, step);
      // Move the pipeline one notification at a time, round robin, until the crash.
      let processed = 0;
      while (processed < crashAfter) {
        let moved = 0;
        for (const [follower, upstream] of crashed.pipes) {
          if (processed >= crashAfter) break;
          const count = await follower.pull(upstream, 1);
          processed += count;
          moved += count;
        }
        if (moved === 0) break;
      }
      await crashed.close();

      const restarted = await createBankSystem({ persistence, runner: 'rx' });
      await restarted.settled();
      const result = await outcome(restarted);
      expect(result).toEqual(expected);
      const sum = result.balances.reduce((total, balance) => total + balance, 0);
      expect(result.ledger[0]).toBe(sum);
      await restarted.stop();
    });
  }
});

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
