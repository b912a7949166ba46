import type { Observable } from 'rxjs';

/** Where a device syncs: the server, the vault's token, and (on every device but a vault's first) its recovery code. */
export interface BankSyncOptions {
  /** The sync server's base address; the API is under `/v2`. */
  readonly url: string;
  /** The vault's token: it only authenticates, it opens nothing. */
  readonly token: string;
  /** The vault's recovery code, as another device of the vault shows it; needed to join a vault that holds requests. */
  readonly recoveryCode?: string;
  /** Defaults to the global `fetch`; tests alter the server's answers here. */
  readonly fetch?: typeof fetch;
  /**
   * The name the person gave this device ("Laptop"), read when requests are sealed: it travels, encrypted, with
   * each request, so that the other devices of the vault name it so.
   */
  readonly deviceName?: () => string | undefined;
}

/**
 * What the sync is doing:
 * - `idle`: everything recorded here is confirmed and derived, as far as the server was last heard;
 * - `syncing`: pushing, pulling or deriving;
 * - `offline`: the server cannot be reached; retrying with backoff, and at once when the browser is online again;
 * - `error`: the server refused, failed or answered wrongly (`error` says why); retried later with backoff when
 *   that may help. A log that failed its integrity checks is one (`log-integrity`): nothing of it is kept, and the
 *   device tries again later, so that a server that answers honestly again lets it carry on without a reload. Or,
 *   from when it is found on, this device derived another bank than another device of the vault (`diverged`):
 *   sync carries on, pushing and pulling, and the status says so until the app is fixed;
 * - `stopped`: sync stopped for good until the person acts: a wrong recovery code, a device that cannot join (or
 *   that another device beat to begin the vault), a request of newer rules (`error` says which and what to do).
 */
export type BankSyncState = 'idle' | 'syncing' | 'offline' | 'error' | 'stopped';

/** What `BankSync.status$` emits. */
export interface BankSyncStatus {
  readonly state: BankSyncState;
  /** Requests recorded on this device and not yet confirmed (pushed, ordered, pulled back and derived). */
  readonly pending: number;
  /** The ids of those requests. */
  readonly pendingIds: ReadonlySet<string>;
  /** The highest `seq` of the vault log derived here; 0 before the first. */
  readonly confirmed: number;
  /** When a round last ended with nothing left to push or pull (ISO 8601). */
  readonly lastSyncedAt?: string;
  /** Why the state is `offline`, `error` or `stopped`: the code of the `SyncError` and its message in words. */
  readonly error?: { readonly code: string; readonly message: string };
}

/** The sync of one bank system (present on a `BankSystem` created with `sync`). */
export interface BankSync {
  /**
   * Pushes every pending request, pulls the vault log to the server's head and resolves once this device has
   * derived all of it; rejects with a `SyncError` when the server cannot be reached or answers wrongly (the
   * requests stay pending), and with the bank's `NewerRulesError` when the log holds a request made under newer
   * rules than this app's (the status is then `stopped` with code `newer-rules` until the app is updated), with
   * a `CannotJoinError` when another device began the vault at the same time as this one (`stopped`, code
   * `vault-taken`, for good); once the derivation has found that another device derived another bank, it still
   * does all of that, then rejects with the `DivergenceError` (code `diverged`, naming the entry and the device).
   */
  syncNow(): Promise<void>;
  /**
   * The vault's recovery code, for another device to join. On a device that began the vault with its own history,
   * only once the vault holds the start of it (a sync round is run first if need be, and its `SyncError` rejects),
   * so that a device joining with the code waits for the rest of that history instead of landing inside it.
   */
  recoveryCode(): Promise<string>;
  readonly status$: Observable<BankSyncStatus>;
  /** Stops syncing (the bank keeps working offline). */
  stop(): Promise<void>;
}
