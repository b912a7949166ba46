/**
 * The sync server process (`npm start` runs it after building the PWA): the PWA and the `/v1` API on one port.
 * Embedded PGlite under `DATA_DIR` by default, PostgreSQL when `DATABASE_URL` is set. On the first start with no
 * vault it creates one and prints its token and the address to open. SIGINT and SIGTERM stop it cleanly; a SIGKILL
 * loses nothing that was acknowledged, since a push is answered only after its transaction committed.
 */
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ApiError } from './api-error';
import { createApp } from './create-app';
import { createVault } from './create-vault';
import { lockDataDir } from './data-dir-lock';
import { jsonLogger } from './logger';
import { openStorage } from './open-storage';
import { serverConfig } from './server-config';
import type { SyncStorage } from './sync-storage';

const log = jsonLogger();

try {
  await main();
} catch (error) {
  log('error', 'server failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

async function main(): Promise<void> {
  const config = serverConfig();
  const release = config.databaseUrl === undefined ? lockDataDir(config.dataDir, 'starting a server') : () => undefined;
  const storage = await openStorage(config);
  log('info', 'storage open', {
    storage: storage.kind,
    ...(storage.kind === 'pglite' ? { dataDir: config.dataDir } : {}),
  });

  const firstToken = (await storage.countVaults()) === 0 ? await createFirstVault(storage) : undefined;

  const staticRoot = config.staticRoot !== undefined && existsSync(config.staticRoot) ? config.staticRoot : undefined;
  if (staticRoot === undefined)
    log('warn', 'no built PWA to serve (run npm run build)', { staticRoot: config.staticRoot });
  const app = createApp({ storage, log, ...(staticRoot === undefined ? {} : { staticRoot }) });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const url = `http://${config.host}:${info.port}/`;
    log('info', 'listening', { url, port: info.port });
    if (firstToken !== undefined) {
      // Shown once, to the person starting the server; it is not a log record and is never stored in clear.
      console.log(`\nCreated the vault "default". Its token (shown only now):\ntoken: ${firstToken}`);
    }
    console.log(`\nOffline Bank: open ${url}  (sync server: ${url}v1, Ctrl+C stops it)`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    server.close(() => {
      void storage.close().finally(() => {
        release();
        process.exit(0);
      });
    });
    // Keep-alive connections hold close() open; give them a moment, then leave anyway.
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Creates the vault "default" and returns its token; undefined when another server instance on the same PostgreSQL
 * created it in the meantime (its token was printed there).
 */
async function createFirstVault(storage: SyncStorage): Promise<string | undefined> {
  try {
    return (await createVault(storage, 'default')).token;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid-request') return undefined;
    throw error;
  }
}
