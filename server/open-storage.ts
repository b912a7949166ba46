import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPgClient } from './pg-sql-client';
import { openPgliteClient } from './pglite-sql-client';
import type { RequestStorage } from './request-storage';
import type { SqlClient } from './sql-client';
import { SqlRequestStorage } from './sql-request-storage';
import { SqlSyncStorage } from './sql-sync-storage';
import type { SyncStorage } from './sync-storage';

/** The server's storages over one database. */
export interface ServerStorage {
  /** Vaults and the v1 API's events. */
  readonly storage: SyncStorage;
  /** The v2 vault logs of encrypted requests. */
  readonly requests: RequestStorage;
  /** Closes the database. */
  close(): Promise<void>;
}

/** PostgreSQL at `databaseUrl` when given, else embedded PGlite in `<dataDir>/pglite`; the schemas applied. */
export async function openStorage(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
}): Promise<ServerStorage> {
  let sql: SqlClient;
  if (options.databaseUrl !== undefined) sql = openPgClient(options.databaseUrl);
  else {
    const directory = join(options.dataDir, 'pglite');
    mkdirSync(directory, { recursive: true });
    sql = await openPgliteClient(directory);
  }
  return openServerStorage(sql);
}

/** Applies the schemas on `sql` (vaults first) and returns the storages; closing them closes `sql`. */
export async function openServerStorage(sql: SqlClient): Promise<ServerStorage> {
  try {
    const storage = await SqlSyncStorage.open(sql);
    const requests = await SqlRequestStorage.open(sql);
    return { storage, requests, close: () => storage.close() };
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
