import { describe, expect, it } from 'vitest';
import {
  SyncRunner,
  System,
  type Notification,
  type Persistence,
  type ProcessingContext,
} from '../../src/eventsourcing';
import {
  Account,
  BankAccounts,
  createSimpleBank,
  GENERAL_LEDGER_ID,
  Ledger,
  LedgerService,
  TRANSACTION_JOURNAL_ID,
  TransactionJournal,
  TransactionLog,
  type SimpleBank,
  type TransactionEntry,
} from '../../src/bank';
import { rejectionOf } from '../bank/fixtures/rejection';
import { steppingClock } from '../fixtures/stored-events';

/** A fault that throws once, on one upstream notification, as a crash half-way through a batch would. */
function crashOnce(notificationId: number): (notification: Notification) => void {
  let crashed = false;
  return (notification) => {
    if (notification.id !== notificationId || crashed) return;
    crashed = true;
    throw new Error(`Injected crash at notification ${notification.id}`);
  };
}

/** A transaction log that crashes once after processing a given notification. */
class FaultyTransactionLog extends TransactionLog {
  readonly #crash: (notification: Notification) => void;

  constructor(persistence: Persistence, crash: (notification: Notification) => void) {
    super({ persistence });
    this.#crash = crash;
  }

  protected override async policy(notification: Notification, context: ProcessingContext): Promise<void> {
    await super.policy(notification, context);
    this.#crash(notification);
  }
}

/** A ledger service that crashes once after processing a given notification. */
class FaultyLedgerService extends LedgerService {
  readonly #crash: (notification: Notification) => void;

  constructor(persistence: Persistence, crash: (notification: Notification) => void) {
    super({ persistence });
    this.#crash = crash;
  }

  protected override async policy(notification: Notification, context: ProcessingContext): Promise<void> {
    await super.policy(notification, context);
    this.#crash(notification);
  }
}

/** Σ balances of every account, and the numbers of credits, debits and openings in the accounts' log. */
async function accountTotals(bank: SimpleBank) {
  const views = await bank.accounts.listAccounts();
  const events = await bank.accounts.log.select(1, 100_000);
  const count = (...types: string[]) => events.filter((n) => types.includes(n.type)).length;
  return {
    sumOfBalances: views.reduce((sum, view) => sum + view.balance, 0),
    credits: count('AccountCredited', 'AccountRefunded'),
    debits: count('AccountDebited'),
    openings: count('AccountOpened'),
  };
}

/** Checks the ledger against the accounts, and the transaction log against the accounts' log, at a quiescent point. */
async function expectLedgerAndLogFollowTheAccounts(bank: SimpleBank): Promise<void> {
  await bank.settled();
  const totals = await accountTotals(bank);
  expect(await bank.ledger.getBalance()).toBe(totals.sumOfBalances);
  expect(await bank.ledger.getTransactionCount()).toBe(totals.credits + totals.debits);
  const expected: TransactionEntry[] = [];
  for (const n of await bank.accounts.log.select(1, 100_000)) {
    const base = { accountId: n.originatorId, timestamp: n.timestamp };
    const transactionId = typeof n.data.transactionId === 'string' ? { transactionId: n.data.transactionId } : {};
    if (n.type === 'AccountOpened') expected.push({ ...base, kind: 'opening', amount: 0 });
    if (n.type === 'AccountCredited' || n.type === 'AccountRefunded') {
      expected.push({ ...base, kind: 'credit', amount: Number(n.data.amount), ...transactionId });
    }
    if (n.type === 'AccountDebited')
      expected.push({ ...base, kind: 'debit', amount: Number(n.data.amount), ...transactionId });
  }
  expect(await bank.transactionLog.getTransactions()).toEqual(expected);
}

/**
 * The contract of the simple bank (the original `event_sourced_bank` example's system): `BankAccounts → LedgerService`
 * and `BankAccounts → TransactionLog`, with either runner, on any persistence.
 */
export function simpleBankContract(name: string, persistence: () => Persistence): void {
  for (const runner of ['sync', 'rx'] as const) {
    describe(`Simple bank contract › ${name} › with the ${runner} runner`, () => {
      const start = (store: Persistence = persistence()) =>
        createSimpleBank({ persistence: store, runner, clock: steppingClock() });

      describe('the ledger', () => {
        it('reads balance 0 and 0 transactions before any transaction, and after openings only', async () => {
          const bank = await start();
          expect(await bank.ledger.getBalance()).toBe(0);
          expect(await bank.ledger.getTransactionCount()).toBe(0);
          await bank.accounts.openAccount({ name: 'Alice' });
          await bank.accounts.openAccount({ name: 'Bob', overdraftLimit: 1000 });
          await bank.settled();
          expect(await bank.ledger.getBalance()).toBe(0);
          expect(await bank.ledger.getTransactionCount()).toBe(0);
          expect(await bank.ledger.repository.find(Ledger, GENERAL_LEDGER_ID)).toBeUndefined();
          await bank.stop();
        });

        it('reproduces run_sample: balance 2000 then 5000 cents, 6 transactions, 2 accounts', async () => {
          const bank = await start();
          const ac1 = await bank.accounts.openAccount();
          for (let index = 0; index < 3; index++) await bank.accounts.deposit(ac1, 2000);
          await bank.accounts.withdraw(ac1, 4000);
          await bank.settled();
          expect(await bank.ledger.getBalance()).toBe(2000);
          const ac2 = await bank.accounts.openAccount();
          await bank.accounts.deposit(ac2, 4200);
          await bank.accounts.withdraw(ac2, 1200);
          await bank.settled();
          expect(await bank.ledger.getBalance()).toBe(5000);
          expect(await bank.ledger.getTransactionCount()).toBe(6);
          expect(await bank.accounts.listAccounts()).toHaveLength(2);
          await bank.stop();
        });

        it('a transfer changes the ledger balance by 0 and its transaction count by 2', async () => {
          const bank = await start();
          const alice = await bank.accounts.openAccount({ name: 'Alice' });
          const bob = await bank.accounts.openAccount({ name: 'Bob' });
          await bank.accounts.deposit(alice, 10000);
          await bank.settled();
          const [balance, count] = [await bank.ledger.getBalance(), await bank.ledger.getTransactionCount()];
          await bank.accounts.transfer(alice, bob, 2500);
          await bank.settled();
          expect(await bank.ledger.getBalance()).toBe(balance);
          expect(await bank.ledger.getTransactionCount()).toBe(count + 2);
          await bank.stop();
        });

        it('balance = Σ account balances and count = credits + debits, whatever was refused, limited or closed', async () => {
          const bank = await start();
          const { accounts } = bank;
          const alice = await accounts.openAccount({ name: 'Alice', overdraftLimit: 5000 });
          const bob = await accounts.openAccount({ name: 'Bob' });
          const carol = await accounts.openAccount({ name: 'Carol' });
          await accounts.deposit(alice, 12000);
          await accounts.withdraw(alice, 15000);
          await rejectionOf(() => accounts.withdraw(alice, 2001));
          await accounts.transfer(alice, bob, 2000);
          await rejectionOf(() => accounts.transfer(bob, bob, 1));
          await accounts.setOverdraftLimit(alice, 0);
          await accounts.deposit(carol, 700);
          await accounts.closeAccount(carol);
          await rejectionOf(() => accounts.deposit(carol, 1));
          await expectLedgerAndLogFollowTheAccounts(bank);
          expect(await bank.ledger.getBalance()).toBe(-5000 + 2000 + 700);
          expect(await bank.ledger.getTransactionCount()).toBe(5);
          await bank.stop();
        });

        it('is one ledger named "General" at the deterministic id, created with the first transaction in the same write', async () => {
          const bank = await start();
          const alice = await bank.accounts.openAccount({ name: 'Alice' });
          await bank.accounts.deposit(alice, 100);
          await bank.accounts.deposit(alice, 200);
          await bank.settled();
          const ledger = await bank.ledger.repository.get(Ledger, GENERAL_LEDGER_ID);
          expect(ledger.state).toEqual({ name: 'General', balance: 300, exactBalance: '300', transactionCount: 2 });
          const written = await bank.ledger.log.select(1, 100);
          expect(written.map((n) => [n.type, n.originatorId, n.originatorVersion])).toEqual([
            ['LedgerStarted', GENERAL_LEDGER_ID, 1],
            ['LedgerTransactionAdded', GENERAL_LEDGER_ID, 2],
            ['LedgerTransactionAdded', GENERAL_LEDGER_ID, 3],
          ]);
          expect(await bank.ledger.recorder.position(BankAccounts.applicationName)).toBe(
            await bank.accounts.log.maxNotificationId(),
          );
          await bank.stop();
        });

        it('counts a refund, the compensating credit, as a credit (+)', async () => {
          const bank = await start();
          const alice = await bank.accounts.openAccount({ name: 'Alice' });
          await bank.accounts.deposit(alice, 1000);
          await bank.accounts.withdraw(alice, 400);
          await bank.accounts.closeAccount(alice);
          const account = await bank.accounts.repository.get(Account, alice);
          account.refund(400, 'transaction-1');
          await bank.accounts.save(account);
          await expectLedgerAndLogFollowTheAccounts(bank);
          expect(await bank.ledger.getBalance()).toBe(1000);
          expect((await bank.transactionLog.getTransactions()).at(-1)).toMatchObject({
            accountId: alice,
            kind: 'credit',
            amount: 400,
            transactionId: 'transaction-1',
          });
          await bank.stop();
        });
      });

      describe('the transaction log', () => {
        it('has one entry per opening, credit and debit, oldest first, with the account id and event time', async () => {
          const bank = await start();
          const alice = await bank.accounts.openAccount({ name: 'Alice' });
          const bob = await bank.accounts.openAccount({ name: 'Bob' });
          await bank.accounts.deposit(alice, 2000);
          await bank.accounts.transfer(alice, bob, 500);
          await bank.accounts.setOverdraftLimit(bob, 100);
          await rejectionOf(() => bank.accounts.withdraw(bob, 601));
          await bank.accounts.withdraw(bob, 600);
          await bank.settled();
          const times = (await bank.accounts.log.select(1, 100)).map((n) => n.timestamp);
          const entries = await bank.transactionLog.getTransactions();
          expect(entries.map(({ accountId, kind, amount }) => [accountId, kind, amount])).toEqual([
            [alice, 'opening', 0],
            [bob, 'opening', 0],
            [alice, 'credit', 2000],
            [alice, 'debit', 500],
            [bob, 'credit', 500],
            [bob, 'debit', 600],
          ]);
          expect(entries.map((entry) => entry.timestamp)).toEqual([0, 1, 2, 3, 4, 6].map((index) => times[index]));
          for (const entry of entries) expect(entry).not.toHaveProperty('transactionId');
          await bank.stop();
        });

        it("logs and counts every account event exactly once across a crash half-way and restarts (the original's log was written apart from its tracking record)", async () => {
          const store = persistence();
          const first = await start(store);
          const alice = await first.accounts.openAccount({ name: 'Alice' });
          const bob = await first.accounts.openAccount({ name: 'Bob' });
          await first.accounts.deposit(alice, 5000);
          await first.settled();
          await first.stop();
          // The followers are not running while more happens.
          const alone = new BankAccounts({ persistence: store, clock: steppingClock() });
          for (let index = 1; index <= 8; index++) await alone.transfer(alice, bob, index * 10);
          const head = await alone.log.maxNotificationId();
          // Both followers crash in the middle of their catch-up batch, after processing part of it.
          const faultyLog = new FaultyTransactionLog(store, crashOnce(head - 5));
          const faultyLedger = new FaultyLedgerService(store, crashOnce(head - 2));
          for (const follower of [faultyLog, faultyLedger]) {
            const runner = new SyncRunner(new System([[alone, follower]]));
            runner.start();
            await expect(runner.settled()).rejects.toThrow(/Injected crash/);
            await runner.stop();
          }
          expect(await faultyLog.recorder.position(BankAccounts.applicationName)).toBe(3);
          expect(await faultyLedger.recorder.position(BankAccounts.applicationName)).toBe(3);
          await Promise.all([alone.close(), faultyLog.close(), faultyLedger.close()]);
          // Restart: the whole bank catches up.
          const second = await start(store);
          await expectLedgerAndLogFollowTheAccounts(second);
          const entries = await second.transactionLog.getTransactions();
          expect(entries).toHaveLength(2 + 1 + 16);
          const journal = await second.transactionLog.repository.get(TransactionJournal, TRANSACTION_JOURNAL_ID);
          expect(journal.state.entries).toBe(entries.length);
          expect(await second.ledger.getTransactionCount()).toBe(17);
          expect(await second.ledger.getBalance()).toBe(5000);
          await second.stop();
        });

        it('snapshots the ledger and the journal every 50 events; loading from a snapshot equals a full replay', async () => {
          const bank = await start();
          const alice = await bank.accounts.openAccount({ name: 'Alice' });
          for (let index = 0; index < 109; index++) await bank.accounts.deposit(alice, 1 + index);
          await bank.settled();
          const ledgerSnapshot = await bank.ledger.recorder.selectSnapshot(GENERAL_LEDGER_ID);
          expect(ledgerSnapshot?.originatorVersion).toBe(100);
          expect((await bank.ledger.recorder.selectSnapshot(GENERAL_LEDGER_ID, 99))?.originatorVersion).toBe(50);
          expect((await bank.transactionLog.recorder.selectSnapshot(TRANSACTION_JOURNAL_ID))?.originatorVersion).toBe(
            100,
          );
          const ledger = await bank.ledger.repository.get(Ledger, GENERAL_LEDGER_ID);
          const journal = await bank.transactionLog.repository.get(TransactionJournal, TRANSACTION_JOURNAL_ID);
          await bank.ledger.recorder.deleteSnapshots();
          await bank.transactionLog.recorder.deleteSnapshots();
          expect((await bank.ledger.repository.get(Ledger, GENERAL_LEDGER_ID)).state).toEqual(ledger.state);
          expect((await bank.transactionLog.repository.get(TransactionJournal, TRANSACTION_JOURNAL_ID)).state).toEqual(
            journal.state,
          );
          expect(ledger.state).toEqual({
            name: 'General',
            balance: (109 * 110) / 2,
            exactBalance: String((109 * 110) / 2),
            transactionCount: 109,
          });
          expect(journal.state).toEqual({ entries: 110 });
          await bank.stop();
        });
      });

      describe('after a restart', () => {
        it('the account list, the ledger and the transaction log are all still there, from stored events (the original lost its account list)', async () => {
          const store = persistence();
          const first = await start(store);
          const alice = await first.accounts.openAccount({ name: 'Alice' });
          const bob = await first.accounts.openAccount({ name: 'Bob' });
          await first.accounts.deposit(alice, 3000);
          await first.accounts.transfer(alice, bob, 1000);
          await first.accounts.closeAccount(bob);
          await first.settled();
          const before = {
            accounts: await first.accounts.listAccounts(),
            balance: await first.ledger.getBalance(),
            count: await first.ledger.getTransactionCount(),
            transactions: await first.transactionLog.getTransactions(),
          };
          await first.stop();
          const second = await start(store);
          await second.settled();
          expect({
            accounts: await second.accounts.listAccounts(),
            balance: await second.ledger.getBalance(),
            count: await second.ledger.getTransactionCount(),
            transactions: await second.transactionLog.getTransactions(),
          }).toEqual(before);
          expect(before.accounts.map((view) => view.id)).toEqual([alice, bob]);
          expect(before.transactions).toHaveLength(5);
          await second.stop();
        });

        it('stop() closes the applications: later calls reject with a storage error', async () => {
          const bank = await start();
          const alice = await bank.accounts.openAccount({ name: 'Alice' });
          await bank.stop();
          expect(await rejectionOf(() => bank.accounts.getBalance(alice))).toMatchObject({ code: 'storage' });
        });
      });

      describe("the original event_sourced_bank example's own tests", () => {
        it('account 0 → +2000 → −2000 = 0; service 0 → +3000 → −2000 = 1000; 5 created accounts are all listed', async () => {
          const account = Account.open('alice');
          expect(account.balance).toBe(0);
          account.credit(2000);
          expect(account.balance).toBe(2000);
          account.debit(2000);
          expect(account.balance).toBe(0);

          const bank = await start();
          const id = await bank.accounts.openAccount();
          expect(await bank.accounts.getBalance(id)).toBe(0);
          await bank.accounts.deposit(id, 3000);
          expect(await bank.accounts.getBalance(id)).toBe(3000);
          await bank.accounts.withdraw(id, 2000);
          expect(await bank.accounts.getBalance(id)).toBe(1000);

          const created = [id];
          for (let index = 0; index < 4; index++) created.push(await bank.accounts.openAccount());
          expect(new Set((await bank.accounts.listAccounts()).map((view) => view.id))).toEqual(new Set(created));
          await bank.stop();
        });
      });
    });
  }
}
