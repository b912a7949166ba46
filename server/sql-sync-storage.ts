import { ApiError } from './api-error';
import { SCHEMA_SQL } from './schema';
import type { SqlClient } from './sql-client';
import type { SyncStorage, VaultRecord } from './sync-storage';

/** The vaults on SQL, the same statements on PGlite and PostgreSQL. */
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

  close(): Promise<void> {
    return this.#sql.close();
  }
}
