import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankApplications, createBankSystem, type BankSystem } from '../../src/bank';
import { freshDexiePersistence } from '../fixtures/persistences';
import { bankApplications, restoreBank } from './fixtures/bank-wiring';
import { device } from './fixtures/devices';
import { pgliteStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

/** What a person sees of a bank: accounts, ledger, transaction log and transfers. */
async function whatThePersonSees(bank: BankSystem) {
  return {
    accounts: await bank.accounts.listAccounts(),
    ledgerBalance: await bank.ledger.getBalance(),
    transactionCount: await bank.ledger.getTransactionCount(),
    transactions: await bank.transactionLog.getTransactions(),
    sagas: (await bank.sagas.listSagas()).map(({ id, kind, status, amount }) => ({ id, kind, status, amount })),
  };
}

describe('Bank system restored on a new device', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ storage: await pgliteStorage() });
  });
  afterAll(async () => {
    await server.close();
    await server.closeStorage();
  });

  it('given a phone that banked and pushed, when a laptop restores, then it shows the same accounts and balances and carries on', async () => {
    const token = await server.vault();
    const phonePersistence = freshDexiePersistence();
    const phone = await createBankSystem({ persistence: phonePersistence, runner: 'sync' });
    const alice = await phone.accounts.openAccount({ name: 'Alice' });
    const bob = await phone.accounts.openAccount({ name: 'Bob', overdraftLimit: 5_000 });
    await phone.commands.depositFunds(alice, 100_00);
    await phone.commands.transferFunds(alice, bob, 30_00);
    await phone.commands.withdrawFunds(bob, 70_00);
    await phone.accounts.closeAccount(bob);
    await phone.commands.transferFunds(alice, bob, 10_00); // refused by the closed account: refunded
    await phone.commands.withdrawFunds(alice, 1_000_00); // refused for funds
    await phone.settled();
    const seen = await whatThePersonSees(phone);
    const phoneClient = device('phone', phonePersistence).client({
      url: server.url,
      token,
      applications: bankApplications(phone),
    });
    await phoneClient.syncNow();
    expect(phoneClient.status).toMatchObject({ state: 'idle', pending: 0 });

    const laptopPersistence = freshDexiePersistence();
    const laptop = await restoreBank({ url: server.url, token }, 'laptop', laptopPersistence);

    const restored = await createBankSystem({ persistence: laptopPersistence, runner: 'sync' });
    await restored.settled();
    expect(await whatThePersonSees(restored)).toEqual(seen);
    expect(seen.accounts.map((account) => account.balance)).toEqual([70_00, -40_00]);

    // The laptop carries on where the phone stopped, and its own events push without a conflict.
    await restored.commands.depositFunds(alice, 5_00);
    await restored.settled();
    expect(await restored.accounts.getBalance(alice)).toBe(75_00);
    expect(await restored.ledger.getBalance()).toBe(35_00);
    const laptopClient = laptop.client({
      url: server.url,
      token,
      applications: bankApplications(restored),
    });
    await laptopClient.syncNow();
    expect(laptopClient.status).toMatchObject({ state: 'idle', pending: 0 });
    await restored.stop();
    await phone.stop();
  });

  it('given a phone that died before its followers caught up, when a laptop restores, then the laptop finishes every request exactly once', async () => {
    const token = await server.vault();
    const phonePersistence = freshDexiePersistence();
    const phone = await createBankSystem({ persistence: phonePersistence, runner: 'sync' });
    const alice = await phone.accounts.openAccount({ name: 'Alice' });
    const bob = await phone.accounts.openAccount({ name: 'Bob' });
    await phone.commands.depositFunds(alice, 100_00);
    await phone.commands.transferFunds(alice, bob, 10_00);
    await phone.stop();
    // The phone goes on with no follower running (it is about to die): three requests recorded, one of them taken a
    // step further by hand (its saga started, the account not yet credited).
    const stalled = createBankApplications({ persistence: phonePersistence });
    await stalled.commands.depositFunds(bob, 7_00);
    await stalled.sagas.pull(stalled.commands, 100);
    await stalled.commands.withdrawFunds(alice, 25_00);
    await stalled.commands.transferFunds(alice, bob, 5_00);
    const phoneClient = device('phone', phonePersistence).client({
      url: server.url,
      token,
      applications: [stalled.commands, stalled.sagas, stalled.accounts, stalled.ledger, stalled.transactionLog],
    });
    await phoneClient.syncNow();
    expect(phoneClient.status).toMatchObject({ state: 'idle', pending: 0 });
    await Promise.all(stalled.system.applications.map((application) => application.close()));

    const laptopPersistence = freshDexiePersistence();
    await restoreBank({ url: server.url, token }, 'laptop', laptopPersistence);
    const restored = await createBankSystem({ persistence: laptopPersistence, runner: 'sync' });
    await restored.settled();

    // What the phone would have shown had it lived: the same requests run to the end on its own stores.
    const lived = await createBankSystem({ persistence: phonePersistence, runner: 'sync' });
    await lived.settled();
    const seen = await whatThePersonSees(lived);
    expect(seen.accounts.map((account) => account.balance)).toEqual([
      100_00 - 10_00 - 25_00 - 5_00,
      10_00 + 7_00 + 5_00,
    ]);
    expect(seen.sagas.every((saga) => saga.status === 'succeeded')).toBe(true);
    // Everything the same, except when the laptop wrote what the phone never got to.
    const untimed = ({ transactions, ...rest }: typeof seen) => ({
      ...rest,
      transactions: transactions.map(({ timestamp: _timestamp, ...entry }) => entry),
    });
    expect(untimed(await whatThePersonSees(restored))).toEqual(untimed(seen));
    expect(seen.transactionCount).toBe(7); // 1 + 2 + 1 + 1 + 2: a transfer moves money twice
    await restored.stop();
    await lived.stop();
  });

  it('given another tab of the laptop running the followers during the restore, then it processes nothing twice', async () => {
    const token = await server.vault();
    const phonePersistence = freshDexiePersistence();
    const phone = await createBankSystem({ persistence: phonePersistence, runner: 'sync' });
    const alice = await phone.accounts.openAccount({ name: 'Alice' });
    const bob = await phone.accounts.openAccount({ name: 'Bob' });
    await phone.commands.depositFunds(alice, 60_00);
    await phone.commands.transferFunds(alice, bob, 15_00);
    await phone.settled();
    const seen = await whatThePersonSees(phone);
    await device('phone', phonePersistence)
      .client({ url: server.url, token, applications: bankApplications(phone) })
      .syncNow();

    // Two tabs on the laptop's (empty) stores: one leads and runs the followers, the other restores.
    const laptopPersistence = freshDexiePersistence();
    const leader = await createBankSystem({ persistence: laptopPersistence, runner: 'rx' });
    await restoreBank({ url: server.url, token }, 'laptop', laptopPersistence);
    await leader.settled();
    expect(await whatThePersonSees(leader)).toEqual(seen);
    await leader.stop();
    await phone.stop();
  });
});
