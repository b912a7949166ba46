import { PGlite } from '@electric-sql/pglite';
import { INT8_TYPE_ID, type SqlClient, type SqlExecutor } from './sql-client';

/**
 * Opens embedded PGlite (PostgreSQL compiled to WebAssembly): in `dataDir` on disk, or in memory when none is given.
 * PGlite has one connection and runs one transaction at a time, so transactions never interleave.
 */
export async function openPgliteClient(dataDir?: string): Promise<SqlClient> {
  const options = { parsers: { [INT8_TYPE_ID]: Number } };
  const db = dataDir === undefined ? await PGlite.create(options) : await PGlite.create(dataDir, options);
  const executor = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    async query<Row extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    ...executor(db),
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    close: () => db.close(),
  };
}
