import type { PullResponse, PushRequest, StatusResponse, WireEvent } from '../src/sync/protocol';
import { ApiError } from './api-error';
import { sameJson } from './same-json';
import { SCHEMA_SQL } from './schema';
import type { SqlClient, SqlExecutor } from './sql-client';
import type { SyncStorage, VaultRecord } from './sync-storage';

/**
 * The storage on SQL, the same statements on PGlite and PostgreSQL.
 *
 * Invariants (see also `SyncStorage`):
 * - A push first locks its vault's row. Everything after (reading what is stored, numbering, inserting, raising
 *   `last_seq`) happens under that lock, so two pushes to one vault never interleave, and a push that commits later
 *   always has higher `seq`s: a reader that has seen `seq` n will find every event below n already committed.
 *   (PostgreSQL makes a transaction visible before it releases its locks.)
 * - Checks run before any write; a conflict throws, which rolls the transaction back: nothing of the push is stored.
 * - The unique constraints are the last line: a violation that slipped past the checks is still a 409, never a 500.
 */
export class SqlSyncStorage implements SyncStorage {
  readonly #sql: SqlClient;
  readonly kind: 'pglite' | 'postgres';

  private constructor(sql: SqlClient) {
    this.#sql = sql;
    this.kind = sql.kind;
  }

  /** Applies the schema (idempotent) and returns the storage. It owns `sql` and closes it on `close()`. */
  static async open(sql: SqlClient): Promise<SqlSyncStorage> {
    await sql.transaction(async (tx) => {
      for (const statement of SCHEMA_SQL) await tx.query(statement);
    });
    return new SqlSyncStorage(sql);
  }

  async insertVault(vault: VaultRecord): Promise<void> {
    const inserted = await this.#sql.query<{ id: string }>(
      'INSERT INTO vaults (id, name, token_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id',
      [vault.id, vault.name, vault.tokenHash],
    );
    if (inserted.length === 0) throw new ApiError('invalid-request', `A vault named ${vault.name} already exists`);
  }

  async findVault(id: string): Promise<VaultRecord | undefined> {
    const [row] = await this.#sql.query<{ id: string; name: string; token_hash: string }>(
      'SELECT id, name, token_hash FROM vaults WHERE id = $1',
      [id],
    );
    return row === undefined ? undefined : { id: row.id, name: row.name, tokenHash: row.token_hash };
  }

  async countVaults(): Promise<number> {
    const [row] = await this.#sql.query<{ count: number }>('SELECT count(*) AS count FROM vaults');
    return row?.count ?? 0;
  }

  push(vaultId: string, request: PushRequest): Promise<number> {
    return this.#sql.transaction(async (tx) => {
      const [vault] = await tx.query<{ last_seq: number }>('SELECT last_seq FROM vaults WHERE id = $1 FOR UPDATE', [
        vaultId,
      ]);
      if (vault === undefined) throw new ApiError('unauthorized', 'The vault no longer exists');
      const fresh = await freshEvents(tx, vaultId, request);
      if (fresh.length > 0) {
        await checkVersionsFree(tx, vaultId, request, fresh);
        await insertEvents(tx, vaultId, request, fresh, vault.last_seq);
        await tx.query('UPDATE vaults SET last_seq = $2 WHERE id = $1', [vaultId, vault.last_seq + fresh.length]);
      }
      const [held] = await tx.query<{ acknowledged: number | null }>(
        `SELECT max(position) AS acknowledged FROM events
          WHERE vault_id = $1 AND device_id = $2 AND application = $3`,
        [vaultId, request.deviceId, request.application],
      );
      return held?.acknowledged ?? 0;
    });
  }

  async pull(vaultId: string, after: number, limit: number): Promise<PullResponse> {
    const rows = await this.#sql.query<EventRow & { seq: number; device_id: string; application: string }>(
      `SELECT seq, device_id, application, position, originator_id, originator_version, type, schema_version,
              timestamp, data, tracking_upstream, tracking_position, tracking_originator_id, tracking_originator_version
         FROM events WHERE vault_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [vaultId, after, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      events: page.map((row) => ({
        seq: row.seq,
        deviceId: row.device_id,
        application: row.application,
        ...toWireEvent(row),
      })),
      next: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
    };
  }

  async status(vaultId: string): Promise<StatusResponse> {
    const [vault] = await this.#sql.query<{ name: string; last_seq: number }>(
      'SELECT name, last_seq FROM vaults WHERE id = $1',
      [vaultId],
    );
    const streams = await this.#sql.query<{
      device_id: string;
      application: string;
      acknowledged: number;
      events: number;
    }>(
      `SELECT device_id, application, max(position) AS acknowledged, count(*) AS events
         FROM events WHERE vault_id = $1 GROUP BY device_id, application ORDER BY device_id, application`,
      [vaultId],
    );
    return {
      vault: vault?.name ?? '',
      lastSeq: vault?.last_seq ?? 0,
      streams: streams.map((row) => ({
        deviceId: row.device_id,
        application: row.application,
        acknowledged: row.acknowledged,
        events: row.events,
      })),
    };
  }

  close(): Promise<void> {
    return this.#sql.close();
  }
}

/** A stored event's columns. */
interface EventRow {
  readonly position: number;
  readonly originator_id: string;
  readonly originator_version: number;
  readonly type: string;
  readonly schema_version: number;
  readonly timestamp: string;
  readonly data: WireEvent['data'];
  readonly tracking_upstream: string | null;
  readonly tracking_position: number | null;
  readonly tracking_originator_id: string | null;
  readonly tracking_originator_version: number | null;
}

/**
 * The events of the push whose positions are not stored yet. A stored position must hold the same event (an
 * idempotent re-send); other content is a `position-conflict`.
 */
async function freshEvents(tx: SqlExecutor, vaultId: string, request: PushRequest): Promise<WireEvent[]> {
  if (request.events.length === 0) return [];
  const stored = await tx.query<EventRow>(
    `SELECT position, originator_id, originator_version, type, schema_version, timestamp, data, tracking_upstream,
            tracking_position, tracking_originator_id, tracking_originator_version
       FROM events
      WHERE vault_id = $1 AND device_id = $2 AND application = $3 AND position = ANY($4::bigint[])`,
    [vaultId, request.deviceId, request.application, request.events.map((event) => event.position)],
  );
  const byPosition = new Map(stored.map((row) => [row.position, row]));
  const fresh: WireEvent[] = [];
  for (const event of request.events) {
    const row = byPosition.get(event.position);
    if (row === undefined) fresh.push(event);
    else if (!sameEvent(toWireEvent(row), event)) {
      throw new ApiError(
        'position-conflict',
        `Position ${event.position} of ${request.application} is already stored with other content`,
        { details: { application: request.application, position: event.position } },
      );
    }
  }
  return fresh;
}

/** Refuses new events at an aggregate version already taken, in the store or twice in the push. */
async function checkVersionsFree(
  tx: SqlExecutor,
  vaultId: string,
  request: PushRequest,
  fresh: readonly WireEvent[],
): Promise<void> {
  const seen = new Set<string>();
  for (const event of fresh) {
    const key = `${event.originatorVersion}:${event.originatorId}`;
    if (seen.has(key)) throw versionConflict(request.application, event, request.deviceId, event.position);
    seen.add(key);
  }
  const [taken] = await tx.query<{
    device_id: string;
    position: number;
    originator_id: string;
    originator_version: number;
  }>(
    `SELECT e.device_id, e.position, e.originator_id, e.originator_version
       FROM events e
       JOIN unnest($3::text[], $4::bigint[]) AS k (originator_id, originator_version)
         ON e.originator_id = k.originator_id AND e.originator_version = k.originator_version
      WHERE e.vault_id = $1 AND e.application = $2
      LIMIT 1`,
    [
      vaultId,
      request.application,
      fresh.map((event) => event.originatorId),
      fresh.map((event) => event.originatorVersion),
    ],
  );
  if (taken !== undefined) {
    const event = { originatorId: taken.originator_id, originatorVersion: taken.originator_version };
    throw versionConflict(request.application, event, taken.device_id, taken.position);
  }
}

/** Inserts the new events in one statement, numbered from `lastSeq + 1` in push order. */
async function insertEvents(
  tx: SqlExecutor,
  vaultId: string,
  request: PushRequest,
  fresh: readonly WireEvent[],
  lastSeq: number,
): Promise<void> {
  const rows = fresh.map((event, index) => ({
    seq: lastSeq + index + 1,
    position: event.position,
    originator_id: event.originatorId,
    originator_version: event.originatorVersion,
    type: event.type,
    schema_version: event.schemaVersion,
    timestamp: event.timestamp,
    data: event.data,
    tracking_upstream: event.tracking?.upstream ?? null,
    tracking_position: event.tracking?.position ?? null,
    tracking_originator_id: event.tracking?.originatorId ?? null,
    tracking_originator_version: event.tracking?.originatorVersion ?? null,
  }));
  try {
    await tx.query(
      `INSERT INTO events (vault_id, seq, device_id, application, position, originator_id, originator_version, type,
                           schema_version, timestamp, data, tracking_upstream, tracking_position,
                           tracking_originator_id, tracking_originator_version)
       SELECT $1, r.seq, $2, $3, r.position, r.originator_id, r.originator_version, r.type, r.schema_version,
              r.timestamp, r.data, r.tracking_upstream, r.tracking_position, r.tracking_originator_id,
              r.tracking_originator_version
         FROM jsonb_to_recordset($4::jsonb) AS r (seq bigint, position bigint, originator_id text,
              originator_version bigint, type text, schema_version integer, timestamp text, data jsonb,
              tracking_upstream text, tracking_position bigint, tracking_originator_id text,
              tracking_originator_version bigint)`,
      [vaultId, request.deviceId, request.application, JSON.stringify(rows)],
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
      throw new ApiError('version-conflict', 'An event of this push is already stored', {
        details: { application: request.application },
      });
    }
    throw error;
  }
}

const UNIQUE_VIOLATION = '23505';

function versionConflict(
  application: string,
  event: Pick<WireEvent, 'originatorId' | 'originatorVersion'>,
  deviceId: string,
  position: number,
): ApiError {
  return new ApiError(
    'version-conflict',
    `Version ${event.originatorVersion} of ${event.originatorId} in ${application} is already stored`,
    {
      details: {
        application,
        originatorId: event.originatorId,
        originatorVersion: event.originatorVersion,
        storedByDevice: deviceId,
        storedAtPosition: position,
      },
    },
  );
}

function toWireEvent(row: EventRow): WireEvent {
  return {
    position: row.position,
    originatorId: row.originator_id,
    originatorVersion: row.originator_version,
    type: row.type,
    schemaVersion: row.schema_version,
    timestamp: row.timestamp,
    data: row.data,
    ...(row.tracking_upstream === null ||
    row.tracking_position === null ||
    row.tracking_originator_id === null ||
    row.tracking_originator_version === null
      ? {}
      : {
          tracking: {
            upstream: row.tracking_upstream,
            position: row.tracking_position,
            originatorId: row.tracking_originator_id,
            originatorVersion: row.tracking_originator_version,
          },
        }),
  };
}

function sameEvent(stored: WireEvent, sent: WireEvent): boolean {
  return (
    stored.originatorId === sent.originatorId &&
    stored.originatorVersion === sent.originatorVersion &&
    stored.type === sent.type &&
    stored.schemaVersion === sent.schemaVersion &&
    stored.timestamp === sent.timestamp &&
    sameJson(stored.data, sent.data) &&
    sameStamp(stored.tracking, sent.tracking)
  );
}

/**
 * Whether two tracking stamps agree. A stamp on one side only is no conflict: a re-send across an upgrade of the
 * client (or of a server that dropped stamps) may carry one that the stored copy lacks, or the reverse.
 */
function sameStamp(stored: WireEvent['tracking'], sent: WireEvent['tracking']): boolean {
  if (stored === undefined || sent === undefined) return true;
  return (
    stored.upstream === sent.upstream &&
    stored.position === sent.position &&
    stored.originatorId === sent.originatorId &&
    stored.originatorVersion === sent.originatorVersion
  );
}
