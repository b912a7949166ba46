// Run in Node by scripts/bench.mjs (through tsx): the sync server that the in-page benchmarks of multi-device sync
// talk to, in this process on 127.0.0.1:0 with PGlite in memory, and the vaults they use, made by real devices.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Server } from 'node:http';
import { createBankSystem } from '../../src/bank';
import { dexiePersistence } from '../../src/eventsourcing';
import { isSyncError, type BankSync } from '../../src/sync';
import {
  createApp,
  createVault,
  openPgliteClient,
  serveApp,
  SqlRequestStorage,
  SqlSyncStorage,
  type SyncStorage,
} from '../../server';
import { recordRequests } from '../request-script';
import { JOIN_REQUESTS, type BenchVaults } from '../bench-vaults';

/** The server and its vaults; `close` stops the server and drops its database. */
export interface BenchServer {
  readonly vaults: BenchVaults;
  close(): Promise<void>;
}

/**
 * Starts the sync server as `npm start` configures it (default rate limits and timeouts, no PWA) and prepares two
 * vaults: one whose first device, in this process, recorded `JOIN_REQUESTS` requests (openings, deposits,
 * transfers) and synced them, for a new device to join; and one left empty, for two devices online together.
 */
export async function startBenchServer(log: (line: string) => void): Promise<BenchServer> {
  const sql = await openPgliteClient();
  let storage: SyncStorage | undefined;
  let server: Server | undefined;
  try {
    storage = await SqlSyncStorage.open(sql);
    const requests = await SqlRequestStorage.open(sql);
    const served = await serveApp(createApp({ storage, requests }), { port: 0, hostname: '127.0.0.1' });
    server = served.server;
    const url = `http://127.0.0.1:${served.port}`;
    log(`sync server on ${url}; a device in Node records and syncs ${JOIN_REQUESTS.toLocaleString('en-US')} requests…`);
    const join = await recordedVault(url, (await createVault(storage, 'bench-join')).token, log);
    const live = (await createVault(storage, 'bench-live')).token;
    const open = server;
    return {
      vaults: { url, join, live: { token: live } },
      close: async () => {
        await new Promise<void>((resolve) => {
          open.close(() => resolve());
          open.closeAllConnections();
        });
        await sql.close();
      },
    };
  } catch (error) {
    server?.closeAllConnections();
    server?.close();
    await sql.close().catch(() => undefined);
    throw error;
  }
}

/**
 * A device that records the script's requests, syncs them, and says what every device must derive from them. Its
 * stores are Dexie on fake-indexeddb, as the Node tests run it (the memory recorder slows down with long
 * aggregates: the ledger's 10,000 versions); nothing of it is timed.
 */
async function recordedVault(url: string, token: string, log: (line: string) => void): Promise<BenchVaults['join']> {
  const persistence = dexiePersistence({ prefix: 'bench-first-device', indexedDB: new IDBFactory(), IDBKeyRange });
  const device = await createBankSystem({ persistence, runner: 'rx', sync: { url, token } });
  try {
    const sync = device.sync;
    if (sync === undefined) throw new Error('the device has no sync');
    const totals = await recordRequests(device.commands, JOIN_REQUESTS);
    await syncUntilDone(sync, log);
    const balances: Record<string, number> = {};
    for (const account of totals.accounts) balances[account] = await device.accounts.getBalance(account);
    const ledger = await device.ledger.getBalance();
    if (ledger !== totals.deposited) throw new Error(`the ledger holds ${ledger}, not ${totals.deposited}`);
    return { token, recoveryCode: await sync.recoveryCode(), balances, ledger };
  } finally {
    await device.stop();
  }
}

/**
 * `syncNow()` until it resolves, as the app's background sync retries: the device shares this process with the
 * server, and its long synchronous stretches (deriving on fake-indexeddb) can outlast an idle keep-alive
 * connection, which the server then closes under the next request (a network error; the requests stay pending).
 */
async function syncUntilDone(sync: BankSync, log: (line: string) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sync.syncNow();
      return;
    } catch (error) {
      if (!isSyncError(error) || error.code !== 'network' || attempt === 5) throw error;
      log(`the first device's sync failed (${error.message}); syncing again`);
    }
  }
}
