import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openPgClient } from './pg-sql-client';
import { openPgliteClient } from './pglite-sql-client';
import { SqlSyncStorage } from './sql-sync-storage';
import type { SyncStorage } from './sync-storage';

/** PostgreSQL at `databaseUrl` when given, else embedded PGlite in `<dataDir>/pglite`. */
export async function openStorage(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
}): Promise<SyncStorage> {
  if (options.databaseUrl !== undefined) return SqlSyncStorage.open(openPgClient(options.databaseUrl));
  const directory = join(options.dataDir, 'pglite');
  mkdirSync(directory, { recursive: true });
  return SqlSyncStorage.open(await openPgliteClient(directory));
}
