import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { seededRandom } from './fixtures/faulty-fetch';
import { recordRandomRequest } from './fixtures/random-requests';
import { expectSameBank } from './fixtures/same-bank';
import { pathOf, SyncedDevice, syncUntilQuiet, type Through } from './fixtures/synced-device';
import { keepLocalBank } from './fixtures/local-bank';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultLog } from './fixtures/vault-requests';

describe('Two devices that each find the vault empty and begin it, each with a key of its own', () => {
  const context = vaultPerTest();

  it('when the phone’s history reaches the vault first, the laptop’s is refused whole: it stops for good, sends nothing, keeps its bank, and the vault stays the phone’s', async () => {
    const random = seededRandom(20261202);
    const { vault } = context;
    const phone = new SyncedDevice('phone', vault);
    const laptop = new SyncedDevice('laptop', vault);
    context.devices.push(phone, laptop);
    await keepLocalBank(phone, 30, random);
    const laptopBefore = await keepLocalBank(laptop, 20, random);

    // Both read an empty vault when they join; the laptop's pushes are held back until the phone has pushed.
    laptop.through = failing('POST /v2/requests');
    const laptopBank = await laptop.open();
    const phoneBank = await phone.open();
    await phoneBank.sync.syncNow();
    laptop.through = undefined;

    await expect(laptopBank.sync.syncNow()).rejects.toMatchObject({ code: 'cannot-join', reason: 'vault-taken' });
    const entries = await vaultLog(vault.url, vault.token);
    expect(entries).toHaveLength(30);
    expect(new Set(entries.map((entry) => entry.deviceId)).size).toBe(1);
    const status = await firstValueFrom(laptopBank.sync.status$);
    expect(status).toMatchObject({ state: 'stopped', error: { code: 'vault-taken' } });
    expect(status.error?.message).toMatch(/Another device began this vault/);
    expect(await bankSnapshot(laptopBank)).toEqual(laptopBefore);

    // It stays refused, for new requests too, and tries nothing more.
    const accounts = (await laptopBank.accounts.listAccounts()).map((account) => account.id);
    await recordRandomRequest(laptopBank.commands, accounts, random);
    const pushes = laptop.calls.get('POST /v2/requests') ?? 0;
    await expect(laptopBank.sync.syncNow()).rejects.toMatchObject({ reason: 'vault-taken' });
    expect(laptop.calls.get('POST /v2/requests') ?? 0).toBe(pushes);
    expect(await vaultLog(vault.url, vault.token)).toHaveLength(30);

    // The vault is the phone's: a device joining with its code derives the phone's bank.
    const tablet = new SyncedDevice('tablet', vault);
    context.devices.push(tablet);
    const tabletBank = await tablet.open(await phoneBank.sync.recoveryCode());
    await tabletBank.sync.syncNow();
    expectSameBank([await bankSnapshot(phoneBank), await bankSnapshot(tabletBank)]);
  });

  it('when a device given the first device’s recovery code pushes before it, the vault is still the first device’s: both carry on', async () => {
    const { vault } = context;
    const phone = new SyncedDevice('phone', vault);
    const laptop = new SyncedDevice('laptop', vault);
    context.devices.push(phone, laptop);
    const phoneBank = await phone.open();
    phone.online = false;
    const laptopBank = await laptop.open(await phoneBank.sync.recoveryCode());
    const alice = await laptopBank.commands.openAccount({ name: 'Alice' });
    await laptopBank.sync.syncNow();
    await phoneBank.commands.depositFunds(alice, 500);
    phone.online = true;
    await syncUntilQuiet([phoneBank, laptopBank]);
    expect(await vaultLog(vault.url, vault.token)).toHaveLength(2);
    expect(await phoneBank.accounts.getBalance(alice)).toBe(500);
    expectSameBank([await bankSnapshot(phoneBank), await bankSnapshot(laptopBank)]);
  });

  it('when the laptop begins it empty and the phone’s history arrives first, the laptop keeps nothing of the phone’s and stops for good', async () => {
    const { vault } = context;
    const phone = new SyncedDevice('phone', vault);
    const laptop = new SyncedDevice('laptop', vault);
    context.devices.push(phone, laptop);
    await keepLocalBank(phone, 10, seededRandom(7));

    const laptopBank = await laptop.open();
    await laptopBank.sync.syncNow();
    const phoneBank = await phone.open();
    await phoneBank.sync.syncNow();

    await expect(laptopBank.sync.syncNow()).rejects.toMatchObject({ code: 'cannot-join', reason: 'vault-taken' });
    expect((await laptopBank.confirmedRequests?.state())?.head).toBe(0);
    expect(await laptopBank.accounts.listAccounts()).toEqual([]);
    expect(await vaultLog(vault.url, vault.token)).toHaveLength(10);
  });
});

/** A network on which every call to `call` (`POST /v2/requests`) fails like a lost connection. */
function failing(call: string): Through {
  return (inner) => async (input, init) => {
    if (`${init?.method ?? 'GET'} ${pathOf(input)}` === call) throw new TypeError('fetch failed (no network)');
    return inner(input, init);
  };
}
