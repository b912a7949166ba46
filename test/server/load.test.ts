import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Application, memoryPersistence } from '../../src/eventsourcing';
import { MemorySyncStateStore, SyncClient } from '../../src/sync';
import { deviceLog } from './fixtures/device-log';
import { pullAll } from './fixtures/devices';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';
import { freshPostgresDatabase } from './fixtures/storages';

/** Bounded: 10 clients × 10,000 events by default (LOAD_CLIENTS, LOAD_EVENTS change it), only on 127.0.0.1. */
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 10);
const EVENTS_EACH = Number(process.env.LOAD_EVENTS ?? 10_000);

describe('Sync server under load', () => {
  const running = new Set<ServerProcess>();
  const folders: string[] = [];

  afterEach(async () => {
    for (const server of running) await server.kill('SIGKILL');
    running.clear();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  for (const storage of ['PGlite', 'PostgreSQL'] as const) {
    it(`given ${CLIENTS} clients pushing ${EVENTS_EACH} events each to one vault on ${storage}, then nothing is lost or duplicated`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sync-load-'));
      folders.push(dataDir);
      const databaseUrl = storage === 'PostgreSQL' ? await freshPostgresDatabase() : undefined;
      const options = { dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
      // The first start of PGlite initialises its data directory, which leaves the process far bigger than a
      // restarted server; measure a restarted one, as a server runs for real.
      const first = await startServerProcess(options);
      const token = first.firstToken ?? '';
      await first.kill('SIGTERM');
      const server = await startServerProcess(options);
      running.add(server);

      const devices = await Promise.all(
        Array.from({ length: CLIENTS }, async (_, index) => {
          const application = new Application({ name: 'ledger', persistence: memoryPersistence() });
          await application.recorder.insert(deviceLog(`device-${index}`, EVENTS_EACH));
          const client = new SyncClient({
            url: server.url,
            token,
            applications: [application],
            state: new MemorySyncStateStore({ deviceId: `device-${index}` }),
          });
          return { application, client };
        }),
      );

      const idleMiB = server.memoryMiB();
      let peakMiB = idleMiB;
      const memory = setInterval(() => (peakMiB = Math.max(peakMiB, server.memoryMiB())), 50);
      const started = performance.now();
      await Promise.all(devices.map(({ client }) => client.syncNow()));
      const seconds = (performance.now() - started) / 1000;
      clearInterval(memory);
      const total = CLIENTS * EVENTS_EACH;
      console.log(
        `load (${storage}): ${CLIENTS} clients × ${EVENTS_EACH} events = ${total} in ${seconds.toFixed(1)} s, ` +
          `${Math.round(total / seconds)} events/s (${Math.round(total / 1000 / seconds)} pushes of 1,000 per s); ` +
          `server RSS ${idleMiB} MiB before, at most ${peakMiB} MiB during the load`,
      );

      const held = await pullAll(server.url, token);
      expect(held).toHaveLength(total);
      expect(held.map((event) => event.seq)).toEqual(held.map((_, index) => index + 1));
      for (let index = 0; index < CLIENTS; index++) {
        const positions = held.filter((event) => event.deviceId === `device-${index}`).map((event) => event.position);
        expect(positions).toEqual(Array.from({ length: EVENTS_EACH }, (_, position) => position + 1));
      }
      for (const { client } of devices) expect(client.status).toMatchObject({ state: 'idle', pending: 0 });
    });
  }
});
