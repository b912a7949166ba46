import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankApplications, createBankSystem, type BankSystem } from '../../src/bank';
import { memoryPersistence, type Persistence } from '../../src/eventsourcing';
import { interceptInserts } from '../fixtures/intercept-inserts';
import { bankApplications, restoreBank } from './fixtures/bank-wiring';
import { device } from './fixtures/devices';
import { pgliteStorage } from './fixtures/storages';
import { startTestServer, type TestServer } from './fixtures/test-server';

/**
 * Restores that follow other restores, and vaults written partly by code older than the tracking stamps: the
 * followers of the restored device must neither process anything twice nor leave anything unprocessed.
 */

/** Balances, ledger and saga statuses: what a person sees of a bank. */
async function seen(bank: BankSystem) {
  return {
    balances: (await bank.accounts.listAccounts()).map((a) => a.balance),
    ledger: await bank.ledger.getBalance(),
    sagas: (await bank.sagas.listSagas()).map((s) => s.status),
  };
}

/** A persistence whose recorders drop the tracking stamps while `legacy()` holds (events written by older code). */
function legacyPersistence(inner: Persistence, legacy: () => boolean): Persistence {
  return interceptInserts(
    inner,
    (_name, insert) => (events, options) =>
      insert(legacy() ? events.map(({ tracking: _stamp, ...event }) => event) : events, options),
  );
}

async function restoreInto(server: TestServer, token: string, name: string) {
  const persistence = memoryPersistence();
  const dev = await restoreBank({ url: server.url, token }, name, persistence);
  return { dev, bank: await createBankSystem({ persistence, runner: 'sync' }) };
}

describe('Restore › follower positions from tracking stamps', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ storage: await pgliteStorage() });
  });
  afterAll(async () => {
    await server.close();
    await server.closeStorage();
  });

  it('given phone → laptop → tablet restores, the laptop having finished a request the phone left, then the tablet does nothing twice', async () => {
    const token = await server.vault();
    const phonePersistence = memoryPersistence();
    const phone = await createBankSystem({ persistence: phonePersistence, runner: 'sync' });
    const alice = await phone.accounts.openAccount({ name: 'Alice' });
    await phone.commands.depositFunds(alice, 100_00);
    await phone.stop();
    // The phone records one more deposit, then dies before its followers run.
    const stalled = createBankApplications({ persistence: phonePersistence });
    await stalled.commands.depositFunds(alice, 7_00);
    await device('phone', phonePersistence)
      .client({ url: server.url, token, applications: stalled.system.applications })
      .syncNow();

    const { dev: laptopDevice, bank: laptop } = await restoreInto(server, token, 'laptop');
    await laptop.settled();
    expect(await seen(laptop)).toEqual({ balances: [107_00], ledger: 107_00, sagas: ['succeeded', 'succeeded'] });
    // The laptop pushes what it wrote (finishing the phone's deposit), and nothing else happens on it.
    const laptopClient = laptopDevice.client({ url: server.url, token, applications: bankApplications(laptop) });
    await laptopClient.syncNow();
    expect(laptopClient.status).toMatchObject({ state: 'idle', pending: 0 });

    const { bank: tablet } = await restoreInto(server, token, 'tablet');
    await tablet.settled();
    expect(await seen(tablet)).toEqual({ balances: [107_00], ledger: 107_00, sagas: ['succeeded', 'succeeded'] });
  });

  it('given a vault pushed partly by code older than the stamps (an app update in between), then nothing runs twice', async () => {
    const token = await server.vault();
    let legacy = true;
    const phonePersistence = legacyPersistence(memoryPersistence(), () => legacy);
    const phone = await createBankSystem({ persistence: phonePersistence, runner: 'sync' });
    const alice = await phone.accounts.openAccount({ name: 'Alice' });
    await phone.commands.depositFunds(alice, 100_00);
    await phone.settled();
    legacy = false; // the app is updated; the user opens one more account
    await phone.accounts.openAccount({ name: 'Bob' });
    await phone.settled();
    const before = await seen(phone);
    expect(before).toEqual({ balances: [100_00, 0], ledger: 100_00, sagas: ['succeeded'] });
    await device('phone', phonePersistence)
      .client({ url: server.url, token, applications: bankApplications(phone) })
      .syncNow();

    const { bank: laptop } = await restoreInto(server, token, 'laptop');
    await laptop.settled();
    expect(await seen(laptop)).toEqual(before);
    // And the restored bank carries on.
    await laptop.commands.depositFunds(alice, 1_00);
    await laptop.settled();
    expect((await seen(laptop)).balances).toEqual([101_00, 0]);
  });
});
