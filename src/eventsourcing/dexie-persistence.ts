import { DexieRecorder } from './dexie-recorder';
import type { Persistence } from './persistence';

export interface DexiePersistenceOptions {
  /** Each application's database is named `${prefix}-${applicationName}`. */
  readonly prefix: string;
  /** Defaults to the global `indexedDB` (fake-indexeddb in Node tests). */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * Keeps every application's events in IndexedDB, one database per application. Two persistences with the same
 * prefix reach the same databases, which is what two tabs do.
 */
export function dexiePersistence(options: DexiePersistenceOptions): Persistence {
  return {
    description: `dexie:${options.prefix}`,
    sharedName: `dexie:${options.prefix}`,
    indexedDB: {
      prefix: options.prefix,
      ...(options.indexedDB === undefined ? {} : { factory: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { keyRange: options.IDBKeyRange }),
    },
    recorder(applicationName) {
      return new DexieRecorder({
        databaseName: `${options.prefix}-${applicationName}`,
        ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
        ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
      });
    },
  };
}
