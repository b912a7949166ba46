import { describe, expect, inject, it } from 'vitest';
import { createBankSystem, type BankSystem } from '../../src/bank';
import { dexiePersistence } from '../../src/eventsourcing';
import { DexieVaultKeyStore, type BankSync } from '../../src/sync';

const { url, tokens } = inject('syncServer');
let nextToken = 0;
const run = Date.now().toString(36);

/** A device in this Chromium: its own IndexedDB databases (the bank's, its sync state, its vault key). */
function chromiumDevice(name: string) {
  const prefix = `vault-${run}-${name}`;
  return { prefix, persistence: dexiePersistence({ prefix }) };
}

async function synced(
  device: ReturnType<typeof chromiumDevice>,
  token: string,
  recoveryCode?: string,
): Promise<BankSystem & { sync: BankSync }> {
  const system = await createBankSystem({
    persistence: device.persistence,
    runner: 'rx',
    sync: { url, token, ...(recoveryCode === undefined ? {} : { recoveryCode }) },
  });
  if (system.sync === undefined) throw new Error('no sync');
  return system as BankSystem & { sync: BankSync };
}

describe('Sync in Chromium (real IndexedDB, real WebCrypto, real server on 127.0.0.1)', () => {
  it('given a bank on a phone, when a laptop joins with its recovery code, then both show the same bank', async () => {
    const token = tokens[nextToken++] ?? '';
    const phoneDevice = chromiumDevice('phone');
    const phone = await synced(phoneDevice, token);
    const alice = await phone.commands.openAccount({ name: 'Alice' });
    const bob = await phone.commands.openAccount({ name: 'Bob' });
    await phone.commands.depositFunds(alice, 250_00);
    await phone.commands.transferFunds(alice, bob, 75_00);
    const refused = await phone.commands.withdrawFunds(bob, 500_00);
    await phone.sync.syncNow();
    expect((await phone.sagas.getSaga(refused)).errors.map((error) => error.code)).toEqual(['insufficient-funds']);

    const laptop = await synced(chromiumDevice('laptop'), token, await phone.sync.recoveryCode());
    await laptop.sync.syncNow();
    expect(await laptop.accounts.listAccounts()).toEqual(await phone.accounts.listAccounts());
    expect(await laptop.ledger.getBalance()).toBe(250_00);
    expect(await laptop.transactionLog.getTransactions()).toEqual(await phone.transactionLog.getTransactions());

    // The vault key is kept as a CryptoKey that cannot be exported.
    const keys = new DexieVaultKeyStore({ databaseName: `${phoneDevice.prefix}-vault-key` });
    expect((await keys.key())?.extractable).toBe(false);
    await keys.close();
    await phone.stop();
    await laptop.stop();
  });

  it('given a restart of the phone, then it keeps its vault and carries on where it was', async () => {
    const token = tokens[nextToken++] ?? '';
    const device = chromiumDevice('restarted');
    const first = await synced(device, token);
    const alice = await first.commands.openAccount({ name: 'Alice' });
    await first.commands.depositFunds(alice, 100);
    await first.sync.syncNow();
    const code = await first.sync.recoveryCode();
    await first.stop();
    const again = await synced(device, token);
    await again.commands.depositFunds(alice, 200);
    await again.sync.syncNow();
    expect(await again.accounts.getBalance(alice)).toBe(300);
    expect(await again.sync.recoveryCode()).toBe(code);
    await again.stop();
  });
});
