/**
 * The sync server process (`npm start` runs it after building the PWA): the PWA and the `/v2` API on
 * one port. Embedded PGlite under `DATA_DIR` by default, PostgreSQL when `DATABASE_URL` is set (then one dedicated
 * connection listens for the heads other instances commit). On the first start with no vault it creates one and
 * prints its token and the address to open. SIGINT and SIGTERM stop it cleanly; a SIGKILL loses nothing that was
 * acknowledged, since a push is answered only after its transaction committed.
 */
import { existsSync } from 'node:fs';
import { ApiError } from './api-error';
import { createApp } from './create-app';
import { createVault } from './create-vault';
import { lockDataDir } from './data-dir-lock';
import { HeadFeed } from './head-feed';
import { listenForHeads } from './listen-for-heads';
import { jsonLogger } from './logger';
import { openStorage } from './open-storage';
import { serveApp } from './serve-app';
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
  const opened = await openStorage(config);
  const { storage, requests } = opened;
  log('info', 'storage open', {
    storage: storage.kind,
    ...(storage.kind === 'pglite' ? { dataDir: config.dataDir } : {}),
  });
  const heads = new HeadFeed();
  // PGlite is one process: its pushes announce their heads in memory, nothing else can commit to it.
  const listening = config.databaseUrl === undefined ? undefined : listenForHeads(config.databaseUrl, heads, { log });
  await listening?.ready;

  const firstToken = (await storage.countVaults()) === 0 ? await createFirstVault(storage) : undefined;

  const staticRoot = config.staticRoot !== undefined && existsSync(config.staticRoot) ? config.staticRoot : undefined;
  if (staticRoot === undefined)
    log('warn', 'no built PWA to serve (run npm run build)', { staticRoot: config.staticRoot });
  const app = createApp({ storage, requests, heads, log, ...(staticRoot === undefined ? {} : { staticRoot }) });
  const { server, port } = await serveApp(app, { port: config.port, hostname: config.host });
  const url = `http://${config.host}:${port}/`;
  log('info', 'listening', { url, port });
  if (firstToken !== undefined) {
    // Shown once, to the person starting the server; it is not a log record and is never stored in clear.
    console.log(`\nCreated the vault "default". Its token (shown only now):\ntoken: ${firstToken}`);
  }
  console.log(`\nOffline Bank: open ${url}  (sync server: ${url}v2, Ctrl+C stops it)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    server.close(() => {
      void Promise.allSettled([listening?.close(), opened.close()]).finally(() => {
        release();
        process.exit(0);
      });
    });
    // Requests in flight get half a second to be answered; event streams would hold close() open for ever.
    setTimeout(() => server.closeAllConnections(), 500).unref();
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
