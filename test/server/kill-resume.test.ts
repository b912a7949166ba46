import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Application, type StoredEvent } from '../../src/eventsourcing';
import { device, allNotifications, eventually, pullAll } from './fixtures/devices';
import { seededRandom } from './fixtures/faulty-fetch';
import { startServerProcess, type ServerProcess } from './fixtures/server-process';
import { freshPostgresDatabase } from './fixtures/storages';

/** Events in the device's log: 40 aggregates, versions 1… in turn. */
const EVENTS = 2_000;
const KILLS = 3;

describe('Sync server killed with SIGKILL in the middle of pushes', () => {
  const running = new Set<ServerProcess>();
  const folders: string[] = [];

  afterEach(async () => {
    for (const server of running) await server.kill('SIGKILL');
    running.clear();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  for (const storage of ['PGlite', 'PostgreSQL'] as const) {
    it(`given ${storage}, when restarted each time, then the client resumes and the server holds each event once, in order`, async () => {
      const seed = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`kill and resume (${storage}): seed ${seed} (KILL_SEED=${seed} repeats it)`);
      const random = seededRandom(seed);
      const dataDir = mkdtempSync(join(tmpdir(), 'sync-kill-'));
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
      const token = server.firstToken;
      expect(token).toBeDefined();
      const phone = device('phone');
      const tallies = new Application({ name: 'tallies', persistence: phone.persistence });
      await tallies.recorder.insert(eventsOfManyAggregates(EVENTS));

      // Each kill lands on a push in flight, a few milliseconds after it left.
      let posts = 0;
      let killAt = 3 + Math.floor(random() * 5);
      let kills = 0;
      const killing: typeof fetch = (input, init) => {
        if (init?.method === 'POST' && ++posts === killAt && kills < KILLS) {
          const victim = server;
          setTimeout(() => void victim.kill('SIGKILL'), Math.floor(random() * 4));
          kills++;
        }
        return fetch(input, init);
      };
      const client = phone.client({
        url: server.url,
        token: token ?? '',
        applications: [tallies],
        fetch: killing,
        batchSize: 50,
        backoff: { initialMs: 50, maxMs: 400 },
        random,
      });
      client.start();
      while (kills < KILLS || posts < killAt) {
        await server.exited;
        running.delete(server);
        expect(['offline', 'syncing']).toContain(client.status.state);
        server = await start(server.port);
        killAt = posts + 3 + Math.floor(random() * 5);
        if (kills === KILLS) break;
      }
      await eventually(() => client.status.state === 'idle' && client.status.pending === 0, 60_000);
      await client.stop();

      const local = await allNotifications(tallies);
      const held = await pullAll(server.url, token ?? '');
      expect(held.map((event) => event.position)).toEqual(local.map((event) => event.id));
      expect(held.map((event) => event.seq)).toEqual(local.map((_, index) => index + 1));
      expect(held.map((event) => `${event.originatorId}@${event.originatorVersion}`)).toEqual(
        local.map((event) => `${event.originatorId}@${event.originatorVersion}`),
      );
      expect(kills).toBe(KILLS);
    });
  }
});

function eventsOfManyAggregates(count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, index) => {
    const version = Math.floor(index / 40) + 1;
    return {
      originatorId: `tally-${index % 40}`,
      originatorVersion: version,
      type: version === 1 ? 'TallyStarted' : 'TallyAdded',
      schemaVersion: 1,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, index)).toISOString(),
      data: version === 1 ? { name: `tally-${index % 40}` } : { amount: index },
    };
  });
}
