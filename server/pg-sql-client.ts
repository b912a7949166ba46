import pg from 'pg';
import { isConnectionFailure } from './is-connection-failure';
import { INT8_TYPE_ID, type SqlClient, type SqlExecutor } from './sql-client';
import { StorageUnavailableError } from './storage-unavailable-error';

/**
 * Connects to a PostgreSQL server through a `pg` pool. Several server instances may share the database: the
 * storage's SQL takes the locks it needs, so nothing here keeps state between requests.
 *
 * Invariants:
 * - A lost or refused connection never escapes as an `error` event (which would end the process): every pooled
 *   client has a listener while idle (the pool's) and while checked out for a transaction (ours), and a client whose
 *   connection broke is destroyed, not returned to the pool.
 * - Connection failures reach the caller as `StorageUnavailableError`; statements the database refused keep their
 *   own error (with its SQLSTATE).
 * - Waiting for a connection is bounded (`connectTimeoutMs`), so a request never hangs on a database that is away.
 */
export function openPgClient(
  connectionString: string,
  options: { maxConnections?: number; connectTimeoutMs?: number } = {},
): SqlClient {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    types: {
      getTypeParser: ((id: number, format?: 'text' | 'binary'): unknown =>
        id === INT8_TYPE_ID ? Number : pg.types.getTypeParser(id, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => undefined);
  const executor = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlExecutor => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      try {
        const result = await target.query<Row>(sql, [...params]);
        return result.rows;
      } catch (error) {
        throw translated(error);
      }
    },
  });
  return {
    kind: 'postgres',
    ...executor(pool),
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translated(error);
      }
      // A checked-out client has no listener of the pool's: one that loses its connection would crash the process.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken ??= error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        const failed = broken !== undefined || isConnectionFailure(error) || error instanceof StorageUnavailableError;
        if (failed) broken ??= error instanceof Error ? error : new Error('connection failure');
        else await client.query('ROLLBACK').catch(() => undefined);
        throw translated(error);
      } finally {
        client.off('error', onError);
        // Releasing with an error destroys the client instead of pooling a dead connection.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

function translated(error: unknown): unknown {
  return isConnectionFailure(error) ? new StorageUnavailableError({ cause: error }) : error;
}
