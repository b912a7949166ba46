// Run in Node by scripts/bench.mjs (through tsx): one SyncClient pushing 10,000 events to the sync server as its own
// process (as `npm start` runs it), on embedded PGlite and on a private PostgreSQL (test/server/fixtures).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, memoryPersistence } from '../../src/eventsourcing';
import { MemorySyncStateStore, SyncClient } from '../../src/sync';
import { createDatabase } from '../../test/server/fixtures/create-database';
import { deviceLog } from '../../test/server/fixtures/device-log';
import { pullAll } from '../../test/server/fixtures/devices';
import { startPostgresCluster, type PostgresCluster } from '../../test/server/fixtures/postgres-cluster';
import { startServerProcess } from '../../test/server/fixtures/server-process';
import { median, type BenchResult } from '../result';

const EVENTS = 10_000;
/** Numbers the PostgreSQL databases of a run. */
let databases = 0;

/** Events per second of one client pushing 10,000 events, median of `rounds` fresh vaults, on PGlite and PostgreSQL. */
export async function syncBenchmarks(rounds: number, log: (line: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  log('sync push on PGlite…');
  results.push(await pushRate('pglite', 'PGlite (embedded, in the server process)', rounds, () => undefined));
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    log(`sync-push-events-per-second-postgres skipped: PostgreSQL could not be started: ${String(error)}`);
  }
  if (cluster !== undefined) {
    const admin = cluster.url;
    try {
      log('sync push on PostgreSQL…');
      results.push(
        await pushRate('postgres', 'PostgreSQL (a private local server)', rounds, () =>
          createDatabase(admin, `bench_${process.pid}_${databases++}`),
        ),
      );
    } finally {
      cluster.stop();
    }
  }
  return results;
}

async function pushRate(
  suffix: string,
  storage: string,
  rounds: number,
  database: () => Promise<string | undefined> | undefined,
): Promise<BenchResult> {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) rates.push(await pushOnce(await database()));
  return {
    name: `sync-push-events-per-second-${suffix}`,
    description: `${EVENTS.toLocaleString('en-US')} events pushed by one SyncClient to the sync server process on 127.0.0.1, ${storage}, all held by the server afterwards; median of ${rounds} fresh vault${rounds === 1 ? '' : 's'}`,
    value: Math.round(median(rates)),
    unit: 'events/s',
  };
}

async function pushOnce(databaseUrl: string | undefined): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const options = { dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
  try {
    // The first start makes the vault and prints its token; measure a restarted server, as one runs for real.
    const first = await startServerProcess(options);
    const token = first.firstToken ?? '';
    await first.kill('SIGTERM');
    const server = await startServerProcess(options);
    try {
      const application = new Application({ name: 'ledger', persistence: memoryPersistence() });
      await application.recorder.insert(deviceLog('device-1', EVENTS));
      const client = new SyncClient({
        url: server.url,
        token,
        applications: [application],
        state: new MemorySyncStateStore({ deviceId: 'device-1' }),
      });
      const started = performance.now();
      await client.syncNow();
      const seconds = (performance.now() - started) / 1000;
      const held = await pullAll(server.url, token);
      if (held.length !== EVENTS) throw new Error(`the server holds ${held.length} events, not ${EVENTS}`);
      return EVENTS / seconds;
    } finally {
      await server.kill('SIGTERM');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
