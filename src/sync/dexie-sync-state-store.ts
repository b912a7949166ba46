import Dexie, { type Table } from 'dexie';
import type { SyncStateStore } from './sync-state-store';

/** Where `DexieSyncStateStore` keeps its database. */
export interface DexieSyncStateStoreOptions {
  /** The IndexedDB database; one per origin is enough (default `sync-state`). */
  readonly databaseName?: string;
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

interface CursorRow {
  readonly target: string;
  readonly application: string;
  readonly position: number;
}

/**
 * Sync state in its own small IndexedDB database (not the applications' databases, which belong to the core):
 * a `meta` table for the device id and a `cursors` table keyed by [target+application]. Writes request strict
 * durability, like the recorders: a cursor that got ahead of what is really stored would skip events.
 */
export class DexieSyncStateStore implements SyncStateStore {
  readonly #db: Dexie;
  readonly #meta: Table<{ key: string; value: string }, string>;
  readonly #cursors: Table<CursorRow, [string, string]>;

  constructor(options: DexieSyncStateStoreOptions = {}) {
    this.#db = new Dexie(options.databaseName ?? 'sync-state', {
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
    });
    this.#db.version(1).stores({ meta: 'key', cursors: '[target+application]' });
    this.#meta = this.#db.table('meta');
    this.#cursors = this.#db.table('cursors');
  }

  deviceId(): Promise<string> {
    return this.#db.transaction('rw', this.#meta, async () => {
      const stored = await this.#meta.get('deviceId');
      if (stored !== undefined) return stored.value;
      const value = crypto.randomUUID();
      await this.#meta.put({ key: 'deviceId', value });
      return value;
    });
  }

  async cursor(target: string, application: string): Promise<number> {
    return (await this.#cursors.get([target, application]))?.position ?? 0;
  }

  advanceCursor(target: string, application: string, position: number): Promise<void> {
    return this.#db.transaction('rw', this.#cursors, async () => {
      const current = (await this.#cursors.get([target, application]))?.position ?? 0;
      if (position > current) await this.#cursors.put({ target, application, position });
    });
  }

  async resetCursor(target: string, application: string, position: number): Promise<void> {
    await this.#cursors.put({ target, application, position });
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
