import { describe, expect, inject, it } from 'vitest';
import { createBankSystem } from '../../src/bank';
import { dexiePersistence } from '../../src/eventsourcing';
import { DexieSyncStateStore, SyncClient, type PullResponse } from '../../src/sync';
import { bankApplications, restorableBank } from './fixtures/bank-wiring';

const { url, tokens } = inject('syncServer');
let nextToken = 0;
const run = Date.now().toString(36);

/** A device in this Chromium: its own IndexedDB databases for the bank and for the sync state. */
function chromiumDevice(name: string) {
  const prefix = `sync-${run}-${name}`;
  return {
    persistence: dexiePersistence({ prefix }),
    state: new DexieSyncStateStore({ databaseName: `${prefix}-sync-state` }),
  };
}

describe('SyncClient in Chromium (real IndexedDB, real server on 127.0.0.1)', () => {
  it('given a bank that pushed, when another device restores it, then it shows the same accounts and balances', async () => {
    const token = tokens[nextToken++] ?? '';
    const phone = chromiumDevice('phone');
    const bank = await createBankSystem({ persistence: phone.persistence, runner: 'sync' });
    const alice = await bank.accounts.openAccount({ name: 'Alice' });
    const bob = await bank.accounts.openAccount({ name: 'Bob' });
    await bank.commands.depositFunds(alice, 250_00);
    await bank.commands.transferFunds(alice, bob, 75_00);
    await bank.commands.withdrawFunds(bob, 500_00); // refused: insufficient funds
    await bank.settled();
    const client = new SyncClient({ url, token, applications: bankApplications(bank), state: phone.state });
    await client.syncNow();
    expect(client.status).toMatchObject({ state: 'idle', pending: 0 });
    const pulled = (await (
      await fetch(`${url}/v1/pull?limit=1000`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as PullResponse;
    expect(pulled.events.length).toBeGreaterThan(10);

    const laptop = chromiumDevice('laptop');
    const system = restorableBank(laptop.persistence);
    const restoring = new SyncClient({ url, token, applications: system.applications, state: laptop.state, system });
    await restoring.restore();
    await Promise.all(system.applications.map((application) => application.close()));
    const restored = await createBankSystem({ persistence: laptop.persistence, runner: 'sync' });
    await restored.settled();
    expect(await restored.accounts.listAccounts()).toEqual(await bank.accounts.listAccounts());
    expect(await restored.ledger.getBalance()).toBe(250_00);
    expect(await restored.transactionLog.getTransactions()).toEqual(await bank.transactionLog.getTransactions());
    expect(await restored.accounts.getBalance(bob)).toBe(75_00);

    // The device id and cursors live in IndexedDB: a new client on the same databases has nothing to push.
    const again = new SyncClient({
      url,
      token,
      applications: bankApplications(restored),
      state: new DexieSyncStateStore({ databaseName: `sync-${run}-laptop-sync-state` }),
    });
    await again.syncNow();
    expect(again.status).toMatchObject({ state: 'idle', pending: 0 });
    await restored.stop();
    await bank.stop();
  });

  it('given the client started, then a deposit made in the page reaches the server without being asked', async () => {
    const token = tokens[nextToken++] ?? '';
    const phone = chromiumDevice('started');
    const bank = await createBankSystem({ persistence: phone.persistence, runner: 'sync' });
    const client = new SyncClient({ url, token, applications: bankApplications(bank), state: phone.state });
    client.start();
    const alice = await bank.accounts.openAccount({ name: 'Alice' });
    await bank.commands.depositFunds(alice, 10_00);
    await bank.settled();
    for (let tries = 0; tries < 200 && !(client.status.state === 'idle' && client.status.pending === 0); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(client.status).toMatchObject({ state: 'idle', pending: 0 });
    const status = (await (
      await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      streams: { application: string }[];
    };
    expect(status.streams.map((stream) => stream.application).sort()).toEqual(
      ['accounts', 'commands', 'ledger', 'sagas', 'transaction-log'].sort(),
    );
    await client.stop();
    await bank.stop();
  });
});
