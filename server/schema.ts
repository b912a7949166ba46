/**
 * The schema of the vaults, the same on PGlite and PostgreSQL. Applied at every start; every statement is
 * idempotent, and a transaction-scoped advisory lock keeps several server instances starting at once from racing
 * each other. (`last_seq` and the `events` table of databases written by the first protocol are left as they are.)
 */
export const SCHEMA_SQL: readonly string[] = [
  'SELECT pg_advisory_xact_lock(7007007)',
  `CREATE TABLE IF NOT EXISTS vaults (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    token_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seq bigint NOT NULL DEFAULT 0
  )`,
];
