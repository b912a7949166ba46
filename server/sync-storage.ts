/** A vault as stored: its token only as a SHA-256 hash. */
export interface VaultRecord {
  readonly id: string;
  readonly name: string;
  readonly tokenHash: string;
}

/**
 * Where the server keeps its vaults, with their tokens hashed. One implementation (`SqlSyncStorage`) over two
 * databases. The vault logs themselves are a `RequestStorage`'s.
 */
export interface SyncStorage {
  /** Which database it runs on, for logs. */
  readonly kind: 'pglite' | 'postgres';
  /** Stores a new vault; `ApiError` `invalid-request` if the name is taken. */
  insertVault(vault: VaultRecord): Promise<void>;
  findVault(id: string): Promise<VaultRecord | undefined>;
  countVaults(): Promise<number>;
  close(): Promise<void>;
}
