import type { PullResponse, PushRequest, StatusResponse } from '../src/sync/protocol';

/** A vault as stored: its token only as a SHA-256 hash. */
export interface VaultRecord {
  readonly id: string;
  readonly name: string;
  readonly tokenHash: string;
}

/**
 * Where the server keeps vaults and events. One implementation (`SqlSyncStorage`) over two databases.
 *
 * Invariants:
 * - A push is one transaction: all its new events are stored, or none (`ApiError` 409 on a conflict).
 * - Re-sending a stored position with equal content stores nothing and succeeds; with other content it is a
 *   `position-conflict`. A new event at an (application, originator id, originator version) already stored is a
 *   `version-conflict`.
 * - `seq` strictly increases per vault in commit order, so a reader paging by `seq` never skips a late commit.
 * - Every query is scoped by vault id: a vault never reads or changes another's events.
 */
export interface SyncStorage {
  /** Which database it runs on, for logs. */
  readonly kind: 'pglite' | 'postgres';
  /** Stores a new vault; `ApiError` `invalid-request` if the name is taken. */
  insertVault(vault: VaultRecord): Promise<void>;
  findVault(id: string): Promise<VaultRecord | undefined>;
  countVaults(): Promise<number>;
  /** Stores a push; returns the highest position now held for its device and application. */
  push(vaultId: string, request: PushRequest): Promise<number>;
  /** Up to `limit` events with `seq > after`, in `seq` order. */
  pull(vaultId: string, after: number, limit: number): Promise<PullResponse>;
  status(vaultId: string): Promise<StatusResponse>;
  close(): Promise<void>;
}
