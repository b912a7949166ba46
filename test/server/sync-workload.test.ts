import { afterEach, describe, expect, it } from 'vitest';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { seededRandom } from './fixtures/faulty-fetch';
import { expectSameBank } from './fixtures/same-bank';
import { serverStorages, type TestServerStorage } from './fixtures/storages';
import { openDevices, syncUntilQuiet, type SyncedDevice } from './fixtures/synced-device';
import { startTestServer, type TestServer } from './fixtures/test-server';
import { vaultRequests } from './fixtures/vault-requests';
import { runWorkload } from './fixtures/workload';

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

      const opened = await openDevices(vault, ['phone', 'laptop', 'tablet']);
      devices.push(...opened.devices);
      const code = opened.recoveryCode;
      const syncErrors = new Set<string>();
      for (const device of devices) {
        device.bank.sync.status$.subscribe((status) => {
          if (status.error !== undefined) syncErrors.add(status.error.code);
        });
      }
      const report = await runWorkload(devices, { requests: REQUESTS, random, toggleRate: 0.02, syncRate: 0.04 });
      const workload = performance.now();

      for (const device of devices) device.online = true;
      const banks = devices.map((device) => device.bank);
      await syncUntilQuiet(banks);
      const quiet = performance.now();

      const snapshots = await Promise.all(banks.map((bank) => bankSnapshot(bank)));
      expectSameBank(snapshots);

      const ids = await recordedRequestIds(banks);
      expect(ids.length).toBe(REQUESTS);
      expectDecidedOnce(ids, await vaultRequests(vault.url, vault.token, code), snapshots);

      // The honest server never looked like a dishonest one; syncs failed only for want of a network.
      expect(syncErrors.has('log-integrity')).toBe(false);
      expect([...report.rejections.keys()].filter((rejection) => rejection !== 'offline:network')).toEqual([]);

      // The workload was not trivial: devices went offline, money moved, was refused, and came back.
      const outcomes = Object.values(snapshots[0]?.outcomes ?? {});
      const errorCodes = new Set(
        outcomes.flatMap((outcome) =>
          'errors' in outcome ? outcome.errors : 'error' in outcome && outcome.error !== null ? [outcome.error] : [],
        ),
      );
      expect(report.offlinePeriods).toBeGreaterThan(3);
      expect(report.syncs).toBeGreaterThan(10);
      expect(
        outcomes.filter((outcome) => 'status' in outcome && outcome.status === 'succeeded').length,
      ).toBeGreaterThan(300);
      expect(outcomes.filter((outcome) => 'compensated' in outcome && outcome.compensated).length).toBeGreaterThan(5);
      // Closings are refused while an account holds money, which random movements nearly always leave in it.
      for (const code of ['insufficient-funds', 'account-not-found', 'account-not-empty']) {
        expect(errorCodes, code).toContain(code);
      }
      console.log(
        `sync workload (${database}): ${REQUESTS} requests (${JSON.stringify(Object.fromEntries(report.kinds))}), ` +
          `${report.offlinePeriods} offline periods, ${report.syncs} syncs; workload ${Math.round(workload - started)} ms, ` +
          `until quiet ${Math.round(quiet - workload)} ms, checks ${Math.round(performance.now() - quiet)} ms`,
      );
    }, 180_000);
  }
});
