import type { InsertOptions, Recorder } from './recorder';
import type { StoredEvent } from './stored-event';

/** What `Persistence.insertAll` writes into one of its recorders. */
export interface RecorderWrite {
  readonly recorder: Recorder;
  readonly events: readonly StoredEvent[];
  readonly options?: InsertOptions;
}

/**
 * Where applications keep their events: it opens one recorder per application name. A persistence outlives the
 * applications on it: after an application is closed, a new one on the same persistence sees everything stored
 * before, as after a restart.
 */
export interface Persistence {
  /** A human-readable description, for logs and test names. */
  readonly description: string;
  /**
   * A name shared by every persistence that reaches the same stores, in this tab or another (the Dexie prefix), for
   * leader election between tabs; `undefined` when the stores live in this object only and no other tab can reach
   * them (memory).
   */
  readonly sharedName: string | undefined;
  /** Opens a recorder on the store of the named application. */
  recorder(applicationName: string): Recorder;
  /**
   * Inserts into several recorders this persistence opened, in one transaction: every write (events, tracking record,
   * snapshots, as `Recorder.insert` takes them) is stored, or nothing of any of them; each with the checks `insert`
   * makes. Returns each write's notification ids, in order. Absent where the storage cannot do that: a caller then
   * commits one recorder at a time.
   */
  insertAll?(writes: readonly RecorderWrite[]): Promise<number[][]>;
  /**
   * Where its IndexedDB databases live, when it keeps them there: so that a module with data that is no event (a
   * `CryptoKey`) can keep its own database beside them, named with the same prefix. `undefined` for memory.
   */
  readonly indexedDB?: {
    readonly prefix: string;
    readonly factory?: IDBFactory;
    readonly keyRange?: typeof IDBKeyRange;
  };
}
