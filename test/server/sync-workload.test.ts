import { afterEach, describe, expect, it } from 'vitest';
import { isSyncError } from '../../src/sync';
import { bankSnapshot, netDeposits, totalBalance } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { seededRandom } from './fixtures/faulty-fetch';
import { recordRandomRequest, type RandomRequestKind } from './fixtures/random-requests';
import { serverStorages, type TestServerStorage } from './fixtures/storages';
import { SyncedDevice, syncUntilQuiet } from './fixtures/synced-device';
import { startTestServer, type TestServer } from './fixtures/test-server';
import { vaultRequests } from './fixtures/vault-requests';

/** Requests made in all, over the three devices. */
const REQUESTS = 1_200;

describe('Three devices of one vault under a seeded random workload', () => {
  const devices: SyncedDevice[] = [];
  let server: TestServer | undefined;
  let storage: TestServerStorage | undefined;

  afterEach(async () => {
    for (const device of devices.splice(0)) await device.stop();
    await server?.close();
    await storage?.close();
    server = undefined;
    storage = undefined;
  });

  for (const [database, openStorage] of serverStorages) {
    it(`given ${database}, when ${REQUESTS} requests are made offline and online and synced in random order, then every device shows the same bank, no cent was made or lost, and the log never failed its checks`, async () => {
      const seed = Number(process.env.WORKLOAD_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`sync workload (${database}): seed ${seed} (WORKLOAD_SEED=${seed} repeats the requests)`);
      const random = seededRandom(seed);
      const started = performance.now();
      storage = await openStorage();
      server = await startTestServer({ storage: storage.storage, requests: storage.requests });
      const vault = { url: server.url, token: await server.vault() };

      const phone = new SyncedDevice('phone', vault);
      devices.push(phone);
      await phone.open();
      const code = await phone.bank.sync.recoveryCode();
      for (const name of ['laptop', 'tablet']) {
        const device = new SyncedDevice(name, vault);
        devices.push(device);
        await device.open(code);
      }
      const known = new Map(devices.map((device) => [device, [] as string[]]));
      const syncErrors = new Set<string>();
      for (const device of devices) {
        device.bank.sync.status$.subscribe((status) => {
          if (status.error !== undefined) syncErrors.add(status.error.code);
        });
      }
      const rejections = new Set<string>();
      const syncNow = async (device: SyncedDevice) => {
        try {
          await device.bank.sync.syncNow();
        } catch (error) {
          if (!isSyncError(error)) throw error;
          rejections.add(`${device.online ? 'online' : 'offline'}:${error.code}`);
          return;
        }
        // What the person sees after a sync: every account of the vault derived so far.
        const accounts = known.get(device) ?? [];
        for (const account of await device.bank.accounts.listAccounts()) {
          if (!accounts.includes(account.id)) accounts.push(account.id);
        }
      };

      const kinds = new Map<RandomRequestKind, number>();
      let offlinePeriods = 0;
      let syncs = 0;
      for (let made = 0; made < REQUESTS;) {
        const device = devices[Math.floor(random() * devices.length)] ?? phone;
        const roll = random();
        if (roll < 0.02) {
          device.online = !device.online;
          if (!device.online) offlinePeriods++;
        } else if (roll < 0.06) {
          syncs++;
          await syncNow(device);
        } else {
          const { kind } = await recordRandomRequest(device.bank.commands, known.get(device) ?? [], random);
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          made++;
        }
      }
      const workload = performance.now();

      for (const device of devices) device.online = true;
      const banks = devices.map((device) => device.bank);
      await syncUntilQuiet(banks);
      const quiet = performance.now();

      const snapshots = await Promise.all(banks.map((bank) => bankSnapshot(bank)));
      const [reference, ...others] = snapshots;
      if (reference === undefined) throw new Error('no device');
      for (const snapshot of others) {
        expect(snapshot.accounts).toEqual(reference.accounts);
        expect(snapshot.outcomes).toEqual(reference.outcomes);
        expect(snapshot.transactions).toEqual(reference.transactions);
        expect(snapshot.ledger).toEqual(reference.ledger);
        expect(snapshot.derived).toEqual(reference.derived);
      }
      expect(reference.ledger.balance).toBe(totalBalance(reference));
      expect(totalBalance(reference)).toBe(netDeposits(reference));

      const ids = await recordedRequestIds(banks);
      expect(ids.length).toBe(REQUESTS);
      expectDecidedOnce(ids, await vaultRequests(vault.url, vault.token, code), snapshots);

      // The honest server never looked like a dishonest one; syncs failed only for want of a network.
      expect(syncErrors.has('log-integrity')).toBe(false);
      expect([...rejections].filter((rejection) => rejection !== 'offline:network')).toEqual([]);

      // The workload was not trivial: devices went offline, money moved, was refused, and came back.
      const outcomes = Object.values(reference.outcomes);
      const errorCodes = new Set(outcomes.flatMap((outcome) => ('errors' in outcome ? outcome.errors : [])));
      expect(offlinePeriods).toBeGreaterThan(3);
      expect(syncs).toBeGreaterThan(10);
      expect(
        outcomes.filter((outcome) => 'status' in outcome && outcome.status === 'succeeded').length,
      ).toBeGreaterThan(300);
      expect(outcomes.filter((outcome) => 'compensated' in outcome && outcome.compensated).length).toBeGreaterThan(5);
      for (const code of ['insufficient-funds', 'account-not-found', 'account-closed']) {
        expect(errorCodes, code).toContain(code);
      }
      console.log(
        `sync workload (${database}): ${REQUESTS} requests (${JSON.stringify(Object.fromEntries(kinds))}), ` +
          `${offlinePeriods} offline periods, ${syncs} syncs; workload ${Math.round(workload - started)} ms, ` +
          `until quiet ${Math.round(quiet - workload)} ms, checks ${Math.round(performance.now() - quiet)} ms`,
      );
    }, 180_000);
  }
});
