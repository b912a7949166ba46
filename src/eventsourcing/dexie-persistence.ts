import { EventDatabase } from './event-database';
import { DexieRecorder } from './dexie-recorder';
import type { Persistence, RecorderWrite } from './persistence';

export interface DexiePersistenceOptions {
  /**
   * Every application's records are kept in the database named `prefix`; earlier versions kept each application in
   * a database of its own, `${prefix}-${applicationName}`, which the first recorder of the application moves over.
   */
  readonly prefix: string;
  /** Defaults to the global `indexedDB` (fake-indexeddb in Node tests). */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * Keeps every application's events in IndexedDB, in one database, so that several applications can commit in one
 * transaction (`insertAll`). Two persistences with the same prefix reach the same database, which is what two tabs
 * do. The recorders a persistence has open share one connection: it is opened with the first and closed with the
 * last, so a recorder opened after every other was closed opens a new one (a restart).
 */
export function dexiePersistence(options: DexiePersistenceOptions): Persistence {
  let database: EventDatabase | undefined;
  let open = 0;
  const connection = (): EventDatabase => {
    if (database === undefined || database.isClosed) {
      database = new EventDatabase({
        databaseName: options.prefix,
        ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
        ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
        earlierDatabaseOf: (applicationName) => `${options.prefix}-${applicationName}`,
      });
      open = 0;
    }
    return database;
  };
  return {
    description: `dexie:${options.prefix}`,
    sharedName: `dexie:${options.prefix}`,
    indexedDB: {
      prefix: options.prefix,
      ...(options.indexedDB === undefined ? {} : { factory: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { keyRange: options.IDBKeyRange }),
    },
    recorder(applicationName) {
      const shared = connection();
      open++;
      return new DexieRecorder({
        database: shared,
        applicationName,
        onClose: () => {
          if (shared !== database) return;
          open--;
          if (open === 0) {
            shared.close();
            database = undefined;
          }
        },
      });
    },
    async insertAll(writes: readonly RecorderWrite[]) {
      return DexieRecorder.insertAll(
        writes.map((write) => {
          if (!(write.recorder instanceof DexieRecorder)) {
            throw new TypeError(`insertAll: a recorder this persistence did not open`);
          }
          return { ...write, recorder: write.recorder };
        }),
      );
    },
  };
}
