/**
 * What the storage needs from a database: parameterised queries, and transactions in which the same can be done.
 * Implemented over embedded PGlite and over a PostgreSQL server (`pg`), so that both run the very same SQL.
 * Both return `bigint` (int8) columns as JavaScript numbers: every integer we store is a safe integer.
 */
export interface SqlExecutor {
  /** Runs one statement with `$1…` parameters and returns its rows. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A database connection (or pool of them). */
export interface SqlClient extends SqlExecutor {
  /** Names the database kind, for logs: `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it rejects. */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes the connection(s). */
  close(): Promise<void>;
}

/** The PostgreSQL type id of `bigint` (int8). */
export const INT8_TYPE_ID = 20;
