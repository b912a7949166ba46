import 'fake-indexeddb/auto';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dexiePersistence } from '../../src/eventsourcing';
import { memoryLocks } from '../fixtures/memory-locks';
import { RULES_VERSION } from '../../src/bank';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { eventually } from '../fixtures/eventually';
import { seededRandom } from './fixtures/faulty-fetch';
import { recordRandomRequest } from './fixtures/random-requests';
import { forgeRequests } from './fixtures/forger';
import { expectSameBank } from './fixtures/same-bank';
import { SyncedDevice, syncUntilQuiet, type SyncedBank } from './fixtures/synced-device';
import { vaultPerTest } from './fixtures/vault-per-test';
import { vaultLog, vaultRequests } from './fixtures/vault-requests';

let prefixes = 0;

/**
 * Two tabs of one device: two bank systems on the same IndexedDB stores (fake-indexeddb), each with a network of
 * its own so that what each sends can be counted. A phone, on memory stores, is the vault's other device.
 */
describe('Two tabs of one synced device', () => {
  const context = vaultPerTest();
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** The phone (first device of the vault) and the two tabs of the laptop, which joined in the first tab. */
  async function phoneAndLaptopTabs(): Promise<{ phone: SyncedBank; first: SyncedDevice; second: SyncedDevice }> {
    const phoneDevice = new SyncedDevice('phone', context.vault);
    const persistence = dexiePersistence({ prefix: `sync-tabs-${Date.now().toString(36)}-${prefixes++}` });
    const first = new SyncedDevice('laptop tab 1', context.vault, persistence);
    const second = new SyncedDevice('laptop tab 2', context.vault, persistence);
    context.devices.push(phoneDevice, first, second);
    const phone = await phoneDevice.open();
    await recordRandomRequest(phone.commands, [], () => 0.5);
    await phone.sync.syncNow();
    await first.open(await phone.sync.recoveryCode());
    await firstValueFrom(first.bank.isLeader$.pipe(filter(Boolean)));
    await second.open();
    return { phone, first, second };
  }

  it('with Web Locks, only the leading tab syncs: it pushes the requests of the other tab, and when it closes the other tab takes over', async () => {
    vi.stubGlobal('navigator', { locks: memoryLocks(), userAgent: 'Node.js' });
    const random = seededRandom(20261201);
    const { phone, first, second } = await phoneAndLaptopTabs();
    expect(first.bank.isLeader()).toBe(true);
    expect(second.bank.isLeader()).toBe(false);
    const callsOfSecond = () => [...second.calls.values()].reduce((sum, count) => sum + count, 0);

    const accounts = (await phone.accounts.listAccounts()).map((account) => account.id);
    const fromSecond: string[] = [];
    for (let made = 0; made < 30; made++) {
      fromSecond.push((await recordRandomRequest(second.bank.commands, accounts, random)).id);
    }
    // The leading tab hears of them (through the stores' broadcasts) and pushes them by itself.
    await eventually(
      async () => (await vaultLog(context.vault.url, context.vault.token)).length === 1 + fromSecond.length,
    );
    await first.bank.settled();
    expect(callsOfSecond()).toBe(0);
    expect(first.calls.get('POST /v2/requests')).toBeGreaterThan(0);

    await first.stop();
    await firstValueFrom(second.bank.isLeader$.pipe(filter(Boolean)));
    for (let made = 0; made < 30; made++) await recordRandomRequest(second.bank.commands, accounts, random);
    await eventually(async () => (await vaultLog(context.vault.url, context.vault.token)).length === 61);
    expect(second.calls.get('POST /v2/requests')).toBeGreaterThan(0);

    await syncUntilQuiet([phone, second.bank]);
    const snapshots = await Promise.all([bankSnapshot(phone), bankSnapshot(second.bank)]);
    expectSameBank(snapshots);
    const ids = await recordedRequestIds([phone, second.bank]);
    expectDecidedOnce(
      ids,
      await vaultRequests(context.vault.url, context.vault.token, await phone.sync.recoveryCode()),
      snapshots,
    );
  });

  it('with Web Locks, a sync asked for in the tab that does not lead, when the vault holds a request under newer rules, is refused as in the leading tab instead of waiting for ever', async () => {
    vi.stubGlobal('navigator', { locks: memoryLocks(), userAgent: 'Node.js' });
    const { phone, first, second } = await phoneAndLaptopTabs();
    const accounts = (await phone.accounts.listAccounts()).map((account) => account.id);
    await forgeRequests(context.vault, await phone.sync.recoveryCode(), [
      {
        id: 'forged-newer-rules',
        type: 'DepositRequested',
        timestamp: '2026-03-01T12:00:00.000Z',
        data: { creditAccountId: accounts[0], amount: 500, rulesVersion: RULES_VERSION + 1 },
      },
    ]);
    const refusal = { name: 'NewerRulesError', code: 'newer-rules', requestId: 'forged-newer-rules' };
    await expect(first.bank.sync.syncNow()).rejects.toMatchObject(refusal);
    expect(second.bank.isLeader()).toBe(false);
    await expect(second.bank.sync.syncNow()).rejects.toMatchObject(refusal);
    await expect(second.bank.settled()).rejects.toMatchObject(refusal);
  });

  it('without Web Locks (as in Node), both tabs lead and sync at once, and still every request is sealed, stored and decided once', async () => {
    const random = seededRandom(20261202);
    const { phone, first, second } = await phoneAndLaptopTabs();
    expect(first.bank.isLeader()).toBe(true);
    expect(second.bank.isLeader()).toBe(true);

    const accounts = (await phone.accounts.listAccounts()).map((account) => account.id);
    for (let made = 0; made < 60; made++) {
      const tab = made % 2 === 0 ? first : second;
      await recordRandomRequest(tab.bank.commands, accounts, random);
      if (made % 10 === 9) {
        // Both tabs sync at the same moment; one may find the other's writes first: it reads them and goes on.
        const rounds = await Promise.allSettled([first.bank.sync.syncNow(), second.bank.sync.syncNow()]);
        expect(rounds.filter((round) => round.status === 'rejected')).toEqual([]);
      }
    }
    expect(first.calls.get('POST /v2/requests')).toBeGreaterThan(0);
    expect(second.calls.get('POST /v2/requests')).toBeGreaterThan(0);

    await syncUntilQuiet([phone, first.bank, second.bank]);
    await Promise.all([first.bank.settled(), second.bank.settled()]);
    const snapshots = await Promise.all([phone, first.bank, second.bank].map((bank) => bankSnapshot(bank)));
    expectSameBank(snapshots);
    const ids = await recordedRequestIds([phone, first.bank]);
    expect(ids.length).toBe(61);
    expectDecidedOnce(
      ids,
      await vaultRequests(context.vault.url, context.vault.token, await phone.sync.recoveryCode()),
      snapshots,
    );
  });
});
