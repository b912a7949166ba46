// Run in Node by scripts/bench.mjs (through tsx): one device pushing 10,000 sealed requests to the sync server as its
// own process (as `npm start` runs it), on embedded PGlite and on a private PostgreSQL (test/server/fixtures).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REQUEST_PROTOCOL_LIMITS,
  RequestApi,
  generateVaultKey,
  importVaultKey,
  sealRequest,
  type PushRequests,
} from '../../src/sync';
import { createDatabase } from '../../test/server/fixtures/create-database';
import { startPostgresCluster, type PostgresCluster } from '../../test/server/fixtures/postgres-cluster';
import { startServerProcess } from '../../test/server/fixtures/server-process';
import { requestPlaintexts } from '../request-plaintexts';
import { median, type BenchResult } from '../result';

const REQUESTS = 10_000;
/** Numbers the PostgreSQL databases of a run. */
let databases = 0;

/**
 * Requests per second stored by `POST /v2/requests`: one device pushing 10,000 requests, sealed beforehand, in
 * pushes of 1,000 (the protocol's most), median of `rounds` fresh vaults, on PGlite and PostgreSQL.
 */
export async function syncBenchmarks(rounds: number, log: (line: string) => void): Promise<BenchResult[]> {
  const plaintexts = await requestPlaintexts(REQUESTS);
  const results: BenchResult[] = [];
  log('sync push on PGlite…');
  results.push(
    await pushRate('pglite', 'PGlite (embedded, in the server process)', rounds, plaintexts, () => undefined),
  );
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgresCluster();
  } catch (error) {
    log(`sync-push-requests-per-second-postgres skipped: PostgreSQL could not be started: ${String(error)}`);
  }
  if (cluster !== undefined) {
    const admin = cluster.url;
    try {
      log('sync push on PostgreSQL…');
      results.push(
        await pushRate('postgres', 'PostgreSQL (a private local server)', rounds, plaintexts, () =>
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
  plaintexts: readonly Uint8Array[],
  database: () => Promise<string | undefined> | undefined,
): Promise<BenchResult> {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) rates.push(await pushOnce(plaintexts, await database()));
  return {
    name: `sync-push-requests-per-second-${suffix}`,
    description: `${REQUESTS.toLocaleString('en-US')} requests of the request script, sealed beforehand (sealRequest, as a device seals them), pushed by one device with RequestApi.push in pushes of ${REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush.toLocaleString('en-US')} to POST /v2/requests of the sync server process on 127.0.0.1, ${storage}, all in the vault log afterwards (GET /v2/log); median of ${rounds} fresh vault${rounds === 1 ? '' : 's'}`,
    value: Math.round(median(rates)),
    unit: 'requests/s',
  };
}

async function pushOnce(plaintexts: readonly Uint8Array[], databaseUrl: string | undefined): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const options = { dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) };
  try {
    // The first start makes the vault and prints its token; measure a restarted server, as one runs for real.
    const first = await startServerProcess(options);
    const token = first.firstToken ?? '';
    await first.kill('SIGTERM');
    const server = await startServerProcess(options);
    try {
      const pushes = await sealedPushes(token, plaintexts);
      const api = new RequestApi({ url: server.url, token });
      const started = performance.now();
      for (const push of pushes) await api.push(push);
      const seconds = (performance.now() - started) / 1000;
      const held = await heldRequests(api);
      if (held !== plaintexts.length) throw new Error(`the vault log holds ${held} requests, not ${plaintexts.length}`);
      return plaintexts.length / seconds;
    } finally {
      await server.kill('SIGTERM');
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The requests sealed for positions 1, 2, … of a new device of the token's vault, cut into pushes. */
async function sealedPushes(token: string, plaintexts: readonly Uint8Array[]): Promise<PushRequests[]> {
  const key = await importVaultKey(generateVaultKey());
  const vaultId = token.slice(0, token.indexOf('.'));
  const deviceId = crypto.randomUUID();
  const requests = await Promise.all(
    plaintexts.map(async (plaintext, index) => ({
      position: index + 1,
      envelope: await sealRequest(key, { vaultId, deviceId, position: index + 1 }, plaintext),
    })),
  );
  const pushes: PushRequests[] = [];
  for (let start = 0; start < requests.length; start += REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush) {
    const push = { deviceId, requests: requests.slice(start, start + REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush) };
    const bytes = Buffer.byteLength(JSON.stringify(push));
    if (bytes > REQUEST_PROTOCOL_LIMITS.maxBodyBytes) throw new Error(`a push of ${bytes} bytes is over the limit`);
    pushes.push(push);
  }
  return pushes;
}

/** How many entries the vault log holds, paging through it; its head must say the same. */
async function heldRequests(api: RequestApi): Promise<number> {
  let held = 0;
  for (let after: number | null = 0; after !== null;) {
    const page = await api.log(after, REQUEST_PROTOCOL_LIMITS.maxLogLimit);
    held += page.entries.length;
    if (page.next === null && page.head !== held) throw new Error(`the head is ${page.head}, with ${held} entries`);
    after = page.next;
  }
  return held;
}
