import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from './fixtures/faulty-fetch';
import { envelopeOf, readWholeLog } from './fixtures/request-wire';
import { pushThroughFaults } from './fixtures/request-pusher';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';
import { freshPostgresDatabase } from './fixtures/storages';

const TOTAL = 600;
const BATCH = 50;
const KILLS = 3;

describe('Sync server v2 killed with SIGKILL in the middle of pushes', () => {
  const running = new Set<ServerProcess>();
  const folders: string[] = [];

  afterEach(async () => {
    for (const server of running) await server.kill('SIGKILL');
    running.clear();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  for (const storage of ['PGlite', 'PostgreSQL'] as const) {
    it(`given ${storage}, when restarted on the same data each time, then every acknowledged request is there and each re-sent push is stored once`, async () => {
      const seed = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`v2 kill and resume (${storage}): seed ${seed} (KILL_SEED=${seed} repeats it)`);
      const random = seededRandom(seed);
      const dataDir = mkdtempSync(join(tmpdir(), 'sync-kill-v2-'));
      folders.push(dataDir);
      const databaseUrl = storage === 'PostgreSQL' ? await freshPostgresDatabase() : undefined;
      const start = async (port?: number) => {
        const server = await startServerProcess({
          dataDir,
          ...(port === undefined ? {} : { port }),
          ...(databaseUrl === undefined ? {} : { databaseUrl }),
        });
        running.add(server);
        return server;
      };

      let server = await start();
      const token = server.firstToken ?? '';
      const acknowledgedAtKills: number[] = [];
      let kills = 0;
      let killAt = 2 + Math.floor(random() * 4);
      const record = { statuses: [] as number[], retryAfters: [], errors: [] as string[], acknowledged: 0 };
      const restarts = (async () => {
        while (kills < KILLS) {
          await server.exited;
          running.delete(server);
          server = await start(server.port);
        }
      })();
      await pushThroughFaults({
        url: () => server.url,
        token,
        deviceId: 'phone',
        total: TOTAL,
        batch: BATCH,
        record,
        // Each kill lands on a push in flight, a few milliseconds after it left.
        onSent: (count) => {
          // Only a server that has just answered a push counts: not one still restarting after the last kill.
          if (count < killAt || kills >= KILLS || record.statuses.at(-1) !== 200 || !server.alive()) return;
          kills++;
          killAt = count + 2 + Math.floor(random() * 4);
          acknowledgedAtKills.push(record.acknowledged);
          const victim = server;
          setTimeout(() => void victim.kill('SIGKILL'), Math.floor(random() * 4));
        },
      });
      await restarts;
      expect(kills).toBe(KILLS);
      console.log(
        `v2 kill and resume (${storage}): acknowledged before each kill ${acknowledgedAtKills.join(', ')}; ` +
          `${record.statuses.filter((status) => status === 0).length} pushes failed and were re-sent`,
      );

      const entries = await readWholeLog(server.url, token);
      expect(entries.map((entry) => entry.seq)).toEqual(entries.map((_, index) => index + 1));
      expect(entries.map((entry) => entry.position)).toEqual(Array.from({ length: TOTAL }, (_, index) => index + 1));
      for (const entry of entries) expect(entry.envelope).toEqual(envelopeOf('phone', entry.position));
      expect(record.statuses.filter((status) => status !== 200 && status !== 0)).toEqual([]);
    });
  }
});
