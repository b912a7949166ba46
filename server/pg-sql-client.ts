import pg from 'pg';
import { INT8_TYPE_ID, type SqlClient, type SqlExecutor } from './sql-client';

/**
 * Connects to a PostgreSQL server through a `pg` pool. Several server instances may share the database: the
 * storage's SQL takes the locks it needs, so nothing here keeps state between requests.
 */
export function openPgClient(connectionString: string, options: { maxConnections?: number } = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    types: {
      getTypeParser: ((id: number, format?: 'text' | 'binary'): unknown =>
        id === INT8_TYPE_ID ? Number : pg.types.getTypeParser(id, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => undefined);
  const executor = (target: Pick<pg.Pool | pg.PoolClient, 'query'>): SqlExecutor => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
  });
  return {
    kind: 'postgres',
    ...executor(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
