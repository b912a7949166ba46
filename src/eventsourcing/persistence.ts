import type { Recorder } from './recorder';

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
  /** Opens a recorder on the store of the named application (a new connection each call). */
  recorder(applicationName: string): Recorder;
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
