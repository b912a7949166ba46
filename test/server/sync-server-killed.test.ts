import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bankSnapshot } from './fixtures/bank-snapshot';
import { expectDecidedOnce, recordedRequestIds } from './fixtures/decided-once';
import { seededRandom } from './fixtures/faulty-fetch';
import { expectSameBank } from './fixtures/same-bank';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';
import { freshPostgresDatabase } from './fixtures/storages';
import { openDevices, syncUntilQuiet, type SyncedDevice } from './fixtures/synced-device';
import { vaultRequests } from './fixtures/vault-requests';
import { runWorkload } from './fixtures/workload';

/** How often the server is killed in the middle of a push. */
const KILLS = 3;

describe('The sync server killed with SIGKILL in the middle of pushes of synced banks', () => {
  const running = new Set<ServerProcess>();
  const folders: string[] = [];
  const devices: SyncedDevice[] = [];

  afterEach(async () => {
    for (const device of devices.splice(0)) await device.stop();
    for (const server of running) await server.kill('SIGKILL');
    running.clear();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  for (const storage of ['PGlite', 'PostgreSQL'] as const) {
    it(`given ${storage}, when restarted on the same data each time, then every request is stored once and decided once, and both devices show the same bank`, async () => {
      const seed = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`synced banks, server killed (${storage}): seed ${seed} (KILL_SEED=${seed} repeats the requests)`);
      const random = seededRandom(seed);
      const dataDir = mkdtempSync(join(tmpdir(), 'sync-v2-kill-'));
      folders.push(dataDir);
      const databaseUrl = storage === 'PostgreSQL' ? await freshPostgresDatabase() : undefined;
      const start = async (port?: number) => {
        const started = await startServerProcess({
          dataDir,
          ...(port === undefined ? {} : { port }),
          ...(databaseUrl === undefined ? {} : { databaseUrl }),
        });
        running.add(started);
        return started;
      };
      let server = await start();
      const token = server.firstToken;
      if (token === undefined) throw new Error('the first start printed no token');
      const opened = await openDevices({ url: server.url, token }, ['phone', 'laptop']);
      devices.push(...opened.devices);

      // Each kill lands on a push in flight, a few milliseconds after it left.
      let posts = 0;
      let killAt = 2 + Math.floor(random() * 4);
      let kills = 0;
      for (const device of opened.devices) {
        device.through = (inner) => (input, init) => {
          if (init?.method === 'POST' && ++posts === killAt && kills < KILLS) {
            const victim = server;
            kills++;
            setTimeout(() => void victim.kill('SIGKILL'), Math.floor(random() * 4));
          }
          return inner(input, init);
        };
      }
      let restarts = 0;
      while (restarts < KILLS) {
        const report = await runWorkload(opened.devices, { requests: 40, random, syncRate: 0.1 });
        expect([...report.rejections.keys()].filter((rejection) => !rejection.endsWith(':network'))).toEqual([]);
        if (kills > restarts) {
          await server.exited;
          running.delete(server);
          server = await start(server.port);
          restarts++;
          killAt = posts + 2 + Math.floor(random() * 4);
        }
      }
      expect(kills).toBe(KILLS);

      const banks = opened.devices.map((device) => device.bank);
      await syncUntilQuiet(banks);
      const snapshots = await Promise.all(banks.map((bank) => bankSnapshot(bank)));
      expectSameBank(snapshots);
      const ids = await recordedRequestIds(banks);
      expectDecidedOnce(ids, await vaultRequests(server.url, token, opened.recoveryCode), snapshots);
    }, 180_000);
  }
});
