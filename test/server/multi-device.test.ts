import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPersistence, type Persistence } from '../../src/eventsourcing';
import { createBankSystem, type BankSystem } from '../../src/bank';
import { isSyncError, type BankSync } from '../../src/sync';
import { openPgliteClient, SqlRequestStorage, SqlSyncStorage } from '../../server';
import { startTestServer, type TestServer } from './fixtures/test-server';

/** Three devices of one vault through the real server: each is a persistence, with a fetch that can go offline. */
describe('One bank on every device', () => {
  let server: TestServer;
  const running: BankSystem[] = [];

  beforeAll(async () => {
    const sql = await openPgliteClient();
    server = await startTestServer({
      storage: await SqlSyncStorage.open(sql),
      requests: await SqlRequestStorage.open(sql),
    });
  });
  afterAll(async () => {
    await Promise.all(running.map((system) => system.stop()));
    await server.close();
    await server.closeStorage();
  });

  /** A device: its stores and a switch for its network. */
  function device() {
    const state = { online: true };
    const persistence = memoryPersistence();
    const deviceFetch: typeof fetch = (input, init) =>
      state.online ? fetch(input, init) : Promise.reject(new TypeError('offline'));
    return { persistence, state, fetch: deviceFetch };
  }

  async function open(
    on: { persistence: Persistence; fetch: typeof fetch },
    token: string,
    recoveryCode?: string,
  ): Promise<BankSystem & { sync: BankSync }> {
    const system = await createBankSystem({
      persistence: on.persistence,
      runner: 'rx',
      sync: { url: server.url, token, fetch: on.fetch, ...(recoveryCode === undefined ? {} : { recoveryCode }) },
    });
    running.push(system);
    if (system.sync === undefined) throw new Error('no sync');
    return system as BankSystem & { sync: BankSync };
  }

  it('given a bank on a phone, when a laptop joins with the recovery code, then both show the same bank', async () => {
    const token = await server.vault();
    const phone = await open(device(), token);
    const savings = await phone.commands.openAccount({ name: 'Savings' });
    await phone.commands.depositFunds(savings, 35_000);
    await phone.sync.syncNow();
    expect(await phone.accounts.getBalance(savings)).toBe(35_000);

    const laptop = await open(device(), token, await phone.sync.recoveryCode());
    await laptop.sync.syncNow();
    expect(await laptop.accounts.getAccount(savings)).toEqual(await phone.accounts.getAccount(savings));
    expect(await laptop.ledger.getBalance()).toBe(35_000);
  });

  it('given two devices offline, when each deposits and then both sync, then both show both deposits', async () => {
    const token = await server.vault();
    const phoneDevice = device();
    const laptopDevice = device();
    const phone = await open(phoneDevice, token);
    const savings = await phone.commands.openAccount({ name: 'Savings' });
    await phone.commands.depositFunds(savings, 35_050);
    await phone.sync.syncNow();
    const laptop = await open(laptopDevice, token, await phone.sync.recoveryCode());
    await laptop.sync.syncNow();

    phoneDevice.state.online = false;
    laptopDevice.state.online = false;
    await phone.commands.depositFunds(savings, 200);
    await laptop.commands.depositFunds(savings, 100);
    await expect(phone.sync.syncNow()).rejects.toSatisfy(isSyncError);
    phoneDevice.state.online = true;
    laptopDevice.state.online = true;
    await phone.sync.syncNow();
    await laptop.sync.syncNow();
    await phone.sync.syncNow();
    expect(await phone.accounts.getBalance(savings)).toBe(35_350);
    expect(await laptop.accounts.getAccount(savings)).toEqual(await phone.accounts.getAccount(savings));
  });

  it('given two devices offline withdrawing the same money, then exactly one withdrawal succeeds on both', async () => {
    const token = await server.vault();
    const phoneDevice = device();
    const laptopDevice = device();
    const phone = await open(phoneDevice, token);
    const savings = await phone.commands.openAccount({ name: 'Savings' });
    await phone.commands.depositFunds(savings, 2_000);
    await phone.sync.syncNow();
    const laptop = await open(laptopDevice, token, await phone.sync.recoveryCode());
    await laptop.sync.syncNow();

    phoneDevice.state.online = false;
    laptopDevice.state.online = false;
    const fromPhone = await phone.commands.withdrawFunds(savings, 1_500);
    const fromLaptop = await laptop.commands.withdrawFunds(savings, 1_500);
    phoneDevice.state.online = true;
    laptopDevice.state.online = true;
    await phone.sync.syncNow();
    await laptop.sync.syncNow();
    await phone.sync.syncNow();
    for (const system of [phone, laptop]) {
      const outcomes = await Promise.all([fromPhone, fromLaptop].map((id) => system.sagas.getSaga(id)));
      expect(outcomes.map((saga) => saga.status)).toEqual(['succeeded', 'failed']);
      expect(outcomes[1]?.errors.map((error) => error.code)).toEqual(['insufficient-funds']);
      expect(await system.accounts.getBalance(savings)).toBe(500);
    }
  });

  it('refuses a laptop that holds a bank of its own, and a wrong recovery code, before writing anything', async () => {
    const token = await server.vault();
    const phone = await open(device(), token);
    await phone.commands.openAccount({ name: 'Savings' });
    await phone.sync.syncNow();
    const code = await phone.sync.recoveryCode();

    const busy = device();
    const local = await createBankSystem({ persistence: busy.persistence, runner: 'sync' });
    await local.commands.openAccount({ name: 'Mine' });
    await local.stop();
    await expect(open(busy, token, code)).rejects.toMatchObject({ code: 'cannot-join', reason: 'not-empty' });

    const other = device();
    const wrong = await (await open(device(), await server.vault())).sync.recoveryCode();
    await expect(open(other, token, wrong)).rejects.toMatchObject({ code: 'cannot-join', reason: 'wrong-code' });
    await expect(open(device(), token)).rejects.toMatchObject({ code: 'cannot-join', reason: 'code-required' });
    await expect(open(device(), token, 'not a code')).rejects.toMatchObject({ code: 'recovery-code' });
  });
});
