/**
 * The storage schema, the same on PGlite and PostgreSQL. Applied at every start; every statement is idempotent, and
 * a transaction-scoped advisory lock keeps several server instances starting at once from racing each other.
 *
 * - `vaults.last_seq` is the highest `seq` given out in the vault. A push locks its vault's row (`FOR UPDATE`)
 *   before numbering its events, so pushes to one vault commit one after the other in `seq` order.
 * - `events` are unique per (vault, device, application, position) and per (vault, application, originator id,
 *   originator version); `timestamp` is kept as the text the device sent, so it comes back byte for byte.
 * - The `tracking_*` columns are all null (an event not written by a follower) or all set.
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
  `CREATE TABLE IF NOT EXISTS events (
    vault_id text NOT NULL REFERENCES vaults (id),
    seq bigint NOT NULL,
    device_id text NOT NULL,
    application text NOT NULL,
    position bigint NOT NULL,
    originator_id text NOT NULL,
    originator_version bigint NOT NULL,
    type text NOT NULL,
    schema_version integer NOT NULL,
    timestamp text NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (vault_id, seq),
    UNIQUE (vault_id, device_id, application, position),
    UNIQUE (vault_id, application, originator_id, originator_version)
  )`,
  // An event a follower wrote carries its transaction's tracking record: the upstream, the position in it, and the
  // aggregate id and version of the notification at that position.
  'ALTER TABLE events ADD COLUMN IF NOT EXISTS tracking_upstream text',
  'ALTER TABLE events ADD COLUMN IF NOT EXISTS tracking_position bigint',
  'ALTER TABLE events ADD COLUMN IF NOT EXISTS tracking_originator_id text',
  'ALTER TABLE events ADD COLUMN IF NOT EXISTS tracking_originator_version bigint',
];
