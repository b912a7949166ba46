/**
 * The storage schema of the v2 API (the vault log of encrypted requests), the same on PGlite and PostgreSQL. Applied
 * at every start after the vaults' schema; every statement is idempotent, and the same transaction-scoped advisory
 * lock keeps several server instances starting at once from racing each other.
 *
 * - `requests` holds one row per request: the vault's `seq` (gap-free from 1), the pushing device and its position
 *   there (gap-free from 1 per device), and the envelope as sent (`v`, `iv`, `ciphertext`, base64url text). The
 *   server has nothing else of a request: no kind, account or amount.
 * - The vault's head is `max(seq)`, read through the primary key; a device's acknowledged position is
 *   `max(position)`, read through the unique key.
 */
export const REQUEST_SCHEMA_SQL: readonly string[] = [
  'SELECT pg_advisory_xact_lock(7007007)',
  `CREATE TABLE IF NOT EXISTS requests (
    vault_id text NOT NULL REFERENCES vaults (id),
    seq bigint NOT NULL CHECK (seq >= 1),
    device_id text NOT NULL,
    position bigint NOT NULL CHECK (position >= 1),
    v integer NOT NULL,
    iv text NOT NULL,
    ciphertext text NOT NULL,
    PRIMARY KEY (vault_id, seq),
    UNIQUE (vault_id, device_id, position)
  )`,
];
