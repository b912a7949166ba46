// The sync server's public surface, for tests and the entry points (main.ts, vault-cli.ts).
export { ApiError } from './api-error';
export { createApp, type AppOptions } from './create-app';
export { createVault } from './create-vault';
export { lockDataDir } from './data-dir-lock';
export { jsonLogger, silentLogger, type LogRecord, type Logger } from './logger';
export { openPgClient } from './pg-sql-client';
export { openPgliteClient } from './pglite-sql-client';
export { openStorage } from './open-storage';
export { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limiter';
export { sameJson } from './same-json';
export { serverConfig, type ServerConfig } from './server-config';
export type { SqlClient, SqlExecutor } from './sql-client';
export { SqlSyncStorage } from './sql-sync-storage';
export type { SyncStorage, VaultRecord } from './sync-storage';
export { hashToken, newVaultToken, tokenMatches, vaultIdOf } from './vault-token';
