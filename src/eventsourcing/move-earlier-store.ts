import Dexie from 'dexie';
import type { EventDatabase, MoveRow } from './event-database';
import type { Snapshot, StoredNotification, Tracking } from './stored-event';

export interface EarlierStoreOptions {
  /** The database the application's records were kept in, one database per application. */
  readonly databaseName: string;
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/** How many records are copied per transaction. */
const PAGE = 2_000;

/**
 * Moves one application's records from the database an earlier version kept them in (one per application, tables
 * `events`, `snapshots`, `tracking`) into the shared database, keeping every notification id, so that the
 * positions other applications track in its log still hold. See docs/architecture.md, "Storage".
 *
 * - The earlier database is first opened at a newer version: every connection of the earlier code to it closes
 *   itself on the version change and stays closed, so nothing is written there while or after it is copied. (Dexie 4
 *   would still let that code open it afresh; a page loads that code only while the earlier service worker controls
 *   the origin, and this code runs only once the newer one does.) It is emptied, never deleted.
 * - Events and snapshots are copied page by page, with their own keys: copying a page again gives the same rows.
 *   The tracking records and the mark that the move is done are written last, together, and only if no move
 *   finished first (another tab's): a position is never set back.
 * - In a browser, the move runs under a Web Lock, one tab at a time.
 *
 * `moved` is the mark as the caller read it (not emptied yet, or none); under the lock it is read again.
 */
export async function moveEarlierStore(
  database: EventDatabase,
  app: string,
  moved: MoveRow | undefined,
  earlier: EarlierStoreOptions,
): Promise<void> {
  await underLock(`eventsourcing-move:${database.name}:${app}`, async () => {
    if (moved === undefined && !(await mayExist(earlier))) {
      await database.moves.add({ app, movedAt: new Date().toISOString(), events: 0, emptied: true }).catch(ignoreTaken);
      return;
    }
    const source = openEarlier(earlier);
    try {
      const done = await database.moves.get(app);
      if (done === undefined) await copy(database, app, source);
      await source.transaction('rw', source.tables, () => Promise.all(source.tables.map((table) => table.clear())));
      await database.moves.update(app, { emptied: true });
    } finally {
      source.close({ disableAutoOpen: true });
    }
  });
}

async function copy(database: EventDatabase, app: string, source: Dexie): Promise<void> {
  const events = source.table<StoredNotification, number>('events');
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await events.where('id').above(after).limit(PAGE).toArray();
    const last = page.at(-1);
    if (last === undefined) break;
    await database.events.bulkPut(page.map((event) => ({ ...event, app })));
    after = last.id;
    count += page.length;
  }
  const snapshots = source.table<Snapshot, [string, number]>('snapshots');
  let from: [string, number] | undefined;
  for (;;) {
    const query = from === undefined ? snapshots.toCollection() : snapshots.where(':id').above(from);
    const page = await query.limit(PAGE).toArray();
    const last = page.at(-1);
    if (last === undefined) break;
    await database.snapshots.bulkPut(page.map((snapshot) => ({ ...snapshot, app })));
    from = [last.originatorId, last.originatorVersion];
  }
  const tracking = await source.table<Tracking, string>('tracking').toArray();
  await database.db.transaction('rw', [database.tracking, database.moves], async () => {
    if ((await database.moves.get(app)) !== undefined) return;
    await database.tracking.bulkPut(tracking.map((record) => ({ ...record, app })));
    await database.moves.put({ app, movedAt: new Date().toISOString(), events: count, emptied: false });
  });
}

/**
 * Whether the earlier database may exist: `false` only where the factory lists its databases and that one is not
 * among them (a bank begun on this code).
 */
async function mayExist(earlier: EarlierStoreOptions): Promise<boolean> {
  const factory = earlier.indexedDB ?? globalThis.indexedDB;
  if (typeof factory?.databases !== 'function') return true;
  const listed = await factory.databases();
  return listed.some((info) => info.name === earlier.databaseName);
}

/** A mark another tab wrote first says the same. */
function ignoreTaken(error: unknown): void {
  if ((error as { name?: unknown }).name !== 'ConstraintError') throw error;
}

/** The earlier database at version 2 (IndexedDB's 20), above the earlier code's 1: its connections close. */
function openEarlier(earlier: EarlierStoreOptions): Dexie {
  const source = new Dexie(earlier.databaseName, {
    chromeTransactionDurability: 'strict',
    ...(earlier.indexedDB === undefined ? {} : { indexedDB: earlier.indexedDB }),
    ...(earlier.IDBKeyRange === undefined ? {} : { IDBKeyRange: earlier.IDBKeyRange }),
  });
  const schema = {
    events: '++id, &[originatorId+originatorVersion]',
    snapshots: '[originatorId+originatorVersion]',
    tracking: 'upstreamName',
  };
  source.version(1).stores(schema);
  source.version(2).stores(schema);
  source.on('versionchange', () => {
    source.close({ disableAutoOpen: true });
    return false;
  });
  return source;
}

async function underLock(name: string, work: () => Promise<void>): Promise<void> {
  const locks = globalThis.navigator?.locks as LockManager | undefined;
  if (locks === undefined) await work();
  else await locks.request(name, work);
}
