import type { Envelope, LogEntry, LogResponse, PushRequests, PushRequestsResponse } from '../src/sync/protocol';
import { ApiError } from './api-error';
import { REQUEST_SCHEMA_SQL } from './request-schema';
import type { RequestStorage } from './request-storage';
import type { SqlClient, SqlExecutor } from './sql-client';

/** The channel on which a push announces its vault's new head, as `<vault id>:<head>`. */
export const HEAD_CHANNEL = 'vault_head';

/**
 * The vault log of encrypted requests on SQL, the same statements on PGlite and PostgreSQL.
 *
 * Invariants (see also `RequestStorage`):
 * - A push first locks its vault's row (`FOR UPDATE`, the lock v1 pushes take too). Everything after (reading what
 *   the device has stored, numbering, inserting) happens under that lock, so pushes to one vault never interleave
 *   and a push that commits later has higher `seq`s: a reader who sees `seq` n finds every `seq` below n committed.
 *   (PostgreSQL makes a transaction visible before it releases its locks.)
 * - A push that begins the vault (`founding`) stores nothing when another device's requests are held: the vault
 *   has one key, the one its first stored request was sealed with.
 * - Checks run before any write; a refusal throws, which rolls the transaction back: nothing of the push is stored.
 * - A push that stored something sends `pg_notify` on `HEAD_CHANNEL` in its transaction, so listeners hear of the
 *   new head only once it is committed.
 * - A page of the log and its head are read in one statement, so they come from one snapshot: `head` is never
 *   below an entry of the page.
 */
export class SqlRequestStorage implements RequestStorage {
  readonly #sql: SqlClient;

  private constructor(sql: SqlClient) {
    this.#sql = sql;
  }

  /**
   * Applies the schema (idempotent; the vaults' table must exist) and returns the storage. It does not own `sql`:
   * whoever opened it closes it.
   */
  static async open(sql: SqlClient): Promise<SqlRequestStorage> {
    await sql.transaction(async (tx) => {
      for (const statement of REQUEST_SCHEMA_SQL) await tx.query(statement);
    });
    return new SqlRequestStorage(sql);
  }

  push(vaultId: string, push: PushRequests): Promise<PushRequestsResponse> {
    return this.#sql.transaction(async (tx) => {
      const [vault] = await tx.query<{ id: string }>('SELECT id FROM vaults WHERE id = $1 FOR UPDATE', [vaultId]);
      if (vault === undefined) throw new ApiError('unauthorized', 'The vault no longer exists');
      const acknowledged = await acknowledgedPosition(tx, vaultId, push.deviceId);
      await checkStored(tx, vaultId, push, acknowledged);
      const fresh = push.requests.filter((request) => request.position > acknowledged);
      const first = fresh[0];
      if (first !== undefined && first.position !== acknowledged + 1) {
        throw new ApiError(
          'position-gap',
          `Position ${first.position} does not follow the last one held for this device (${acknowledged})`,
          { details: { expected: acknowledged + 1 } },
        );
      }
      const [held] = await tx.query<{ head: number }>(
        'SELECT coalesce(max(seq), 0) AS head FROM requests WHERE vault_id = $1',
        [vaultId],
      );
      const before = held?.head ?? 0;
      if (fresh.length === 0) return { deviceId: push.deviceId, acknowledged, head: before };
      // Every request held beyond this device's own is another device's.
      if (push.founding === true && before > acknowledged) {
        throw new ApiError('vault-taken', 'Another device has begun this vault');
      }
      await insertRequests(tx, vaultId, push.deviceId, fresh, before);
      const head = before + fresh.length;
      await tx.query('SELECT pg_notify($1, $2)', [HEAD_CHANNEL, `${vaultId}:${head}`]);
      return { deviceId: push.deviceId, acknowledged: acknowledged + fresh.length, head };
    });
  }

  async log(vaultId: string, after: number, limit: number): Promise<LogResponse> {
    const rows = await this.#sql.query<Nullable<RequestRow> & { head: number }>(
      `WITH vault_head AS (SELECT coalesce(max(seq), 0) AS head FROM requests WHERE vault_id = $1)
       SELECT vault_head.head, page.seq, page.device_id, page.position, page.v, page.iv, page.ciphertext
         FROM vault_head
         LEFT JOIN LATERAL (
           SELECT seq, device_id, position, v, iv, ciphertext FROM requests
            WHERE vault_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
         ) AS page ON true
        ORDER BY page.seq`,
      [vaultId, after, limit],
    );
    const head = rows[0]?.head ?? 0;
    const entries = rows.filter(isRequestRow).map(toLogEntry);
    const last = entries.at(-1)?.seq;
    return { entries, next: last !== undefined && last < head ? last : null, head };
  }

  async head(vaultId: string): Promise<number> {
    const [row] = await this.#sql.query<{ head: number }>(
      'SELECT coalesce(max(seq), 0) AS head FROM requests WHERE vault_id = $1',
      [vaultId],
    );
    return row?.head ?? 0;
  }
}

/** A stored request's columns. */
interface RequestRow {
  readonly seq: number;
  readonly device_id: string;
  readonly position: number;
  readonly v: number;
  readonly iv: string;
  readonly ciphertext: string;
}

async function acknowledgedPosition(tx: SqlExecutor, vaultId: string, deviceId: string): Promise<number> {
  const [row] = await tx.query<{ acknowledged: number }>(
    'SELECT coalesce(max(position), 0) AS acknowledged FROM requests WHERE vault_id = $1 AND device_id = $2',
    [vaultId, deviceId],
  );
  return row?.acknowledged ?? 0;
}

/**
 * Refuses the push if a position it re-sends holds another envelope (`position-conflict`). Every position up to
 * `acknowledged` is stored, as a device's positions are gap-free.
 */
async function checkStored(tx: SqlExecutor, vaultId: string, push: PushRequests, acknowledged: number): Promise<void> {
  const first = push.requests[0]?.position ?? 1;
  if (first > acknowledged) return;
  const stored = await tx.query<Pick<RequestRow, 'position' | 'v' | 'iv' | 'ciphertext'>>(
    `SELECT position, v, iv, ciphertext FROM requests
      WHERE vault_id = $1 AND device_id = $2 AND position >= $3 AND position <= $4`,
    [vaultId, push.deviceId, first, acknowledged],
  );
  const byPosition = new Map(stored.map((row) => [row.position, row]));
  for (const request of push.requests) {
    if (request.position > acknowledged) break;
    const row = byPosition.get(request.position);
    if (row === undefined || !sameEnvelope(toEnvelope(row), request.envelope)) {
      throw new ApiError('position-conflict', `Position ${request.position} is already stored with another envelope`, {
        details: { position: request.position },
      });
    }
  }
}

/** Inserts the new requests in one statement, numbered from `head + 1` in push order. */
async function insertRequests(
  tx: SqlExecutor,
  vaultId: string,
  deviceId: string,
  fresh: PushRequests['requests'],
  head: number,
): Promise<void> {
  try {
    await tx.query(
      `INSERT INTO requests (vault_id, seq, device_id, position, v, iv, ciphertext)
       SELECT $1, $2::bigint + r.ordinality, $3, r.position, r.v, r.iv, r.ciphertext
         FROM unnest($4::bigint[], $5::integer[], $6::text[], $7::text[]) WITH ORDINALITY
           AS r (position, v, iv, ciphertext, ordinality)`,
      [
        vaultId,
        head,
        deviceId,
        fresh.map((request) => request.position),
        fresh.map((request) => request.envelope.v),
        fresh.map((request) => request.envelope.iv),
        fresh.map((request) => request.envelope.ciphertext),
      ],
    );
  } catch (error) {
    // The checks above ran under the vault lock, so this is the last line, never the expected path.
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
      throw new ApiError('position-conflict', 'A request of this push is already stored', {
        details: { position: fresh[0]?.position },
      });
    }
    throw error;
  }
}

const UNIQUE_VIOLATION = '23505';

/** A row of an outer join: every column of the joined side may be null. */
type Nullable<Row> = { readonly [Column in keyof Row]: Row[Column] | null };

function isRequestRow<Row extends Nullable<RequestRow>>(row: Row): row is Row & RequestRow {
  return row.seq !== null;
}

function toEnvelope(row: Pick<RequestRow, 'v' | 'iv' | 'ciphertext'>): Envelope {
  return { v: row.v as Envelope['v'], iv: row.iv, ciphertext: row.ciphertext };
}

function toLogEntry(row: RequestRow): LogEntry {
  return { seq: row.seq, deviceId: row.device_id, position: row.position, envelope: toEnvelope(row) };
}

function sameEnvelope(stored: Envelope, sent: Envelope): boolean {
  return stored.v === sent.v && stored.iv === sent.iv && stored.ciphertext === sent.ciphertext;
}
