/**
 * What the sync client is doing (DESIGN.md §6, binding):
 * - `idle`: nothing to do right now, or stopped;
 * - `syncing`: pushing or restoring;
 * - `offline`: the server cannot be reached; retrying with backoff and when the browser says it is online again;
 * - `error`: the server refused or failed; `error` says why (retried later when it may help);
 * - `conflict`: at least one application stopped pushing because the server holds another device's events at its
 *   aggregate versions; its local events are kept. `conflicts` has the details.
 */
export type SyncState = 'idle' | 'syncing' | 'offline' | 'error' | 'conflict';

/** A conflict that stopped the pushing of one application. */
export interface SyncConflict {
  readonly application: string;
  readonly errorCode: 'version-conflict' | 'position-conflict';
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** What `SyncClient.status$` emits. */
export interface SyncStatus {
  readonly state: SyncState;
  /** Local notifications not yet acknowledged by the server, over all applications. */
  readonly pending: number;
  /** When a sync round last completed with the server acknowledging everything it was sent (ISO 8601). */
  readonly lastSyncedAt?: string;
  /** Why the state is `offline`, `error` or `conflict`, in words. */
  readonly error?: string;
  /** One entry per application stopped by a conflict. */
  readonly conflicts?: readonly SyncConflict[];
}
