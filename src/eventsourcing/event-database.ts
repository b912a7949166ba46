import Dexie, { type Table } from 'dexie';
import { HeadChannel } from './head-channel';
import type { Snapshot, StoredNotification, Tracking } from './stored-event';

/** An event as the shared tables keep it: with the name of its application. */
export type EventRow = StoredNotification & { readonly app: string };
export type SnapshotRow = Snapshot & { readonly app: string };
export type TrackingRow = Tracking & { readonly app: string };
/** That an application's records were moved here from the layout of one database per application. */
export interface MoveRow {
  readonly app: string;
  readonly movedAt: string;
  readonly events: number;
  /** Whether the earlier database was emptied afterwards (it stays, at a version the earlier code cannot open). */
  readonly emptied: boolean;
}

export interface EventDatabaseOptions {
  readonly databaseName: string;
  /** Defaults to the global `indexedDB`. */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /**
   * The database an application's records were kept in before they moved into this one (one database per
   * application); `undefined` when there is none to look for.
   */
  readonly earlierDatabaseOf?: (applicationName: string) => string | undefined;
}

/** The tables of an event database, as Dexie declares them (version 1). */
export const EVENT_DATABASE_SCHEMA = {
  events: '[app+id], &[app+originatorId+originatorVersion]',
  snapshots: '[app+originatorId+originatorVersion]',
  tracking: '[app+upstreamName]',
  moves: 'app',
} as const;

/**
 * The range of every key of one application in a table keyed `[app, …]`: an array key sorts after its prefix and
 * before any longer key whose next element is an array, and every other element (a string, a number) sorts below
 * an array. See docs/architecture.md, "Storage".
 */
export function keysOf(app: string): readonly [[string], [string, never[]]] {
  return [[app], [app, []]];
}

/**
 * One IndexedDB connection to a database holding the events, snapshots and tracking records of any number of
 * applications, in shared tables keyed by application name; so that several applications can commit in one
 * transaction.
 *
 * Invariants:
 * - `events` is keyed `[app, id]`, the id being the notification id in that application's log, and has a unique
 *   index on `[app, originatorId, originatorVersion]`: IndexedDB itself refuses a second event at a taken version.
 * - An application's records are read and written only after `ready(app)`: once whatever an earlier version kept in
 *   a database of its own has been moved here.
 * - When another connection deletes or upgrades the database, this connection closes and stays closed.
 */
export class EventDatabase {
  readonly name: string;
  readonly db: Dexie;
  readonly events: Table<EventRow, [string, number]>;
  readonly snapshots: Table<SnapshotRow, [string, string, number]>;
  readonly tracking: Table<TrackingRow, [string, string]>;
  readonly moves: Table<MoveRow, string>;
  /** The recorders' announcements of new heads, to the recorders of the same applications on other connections. */
  readonly heads: HeadChannel;
  readonly #options: EventDatabaseOptions;
  readonly #ready = new Map<string, Promise<void>>();

  constructor(options: EventDatabaseOptions) {
    this.#options = options;
    this.name = options.databaseName;
    this.db = new Dexie(options.databaseName, {
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
    });
    this.db.version(1).stores(EVENT_DATABASE_SCHEMA);
    // Nothing here reads through Dexie's live queries or its cache of them: what they would track on every write is
    // work for nobody (the recorders announce their commits themselves).
    this.db.unuse({ stack: 'dbcore', name: 'Observability' });
    this.db.unuse({ stack: 'dbcore', name: 'Cache' });
    this.db.on('versionchange', () => {
      this.db.close({ disableAutoOpen: true });
      return false;
    });
    this.events = this.db.table('events');
    this.snapshots = this.db.table('snapshots');
    this.tracking = this.db.table('tracking');
    this.moves = this.db.table('moves');
    this.heads = new HeadChannel(`eventsourcing:${options.databaseName}`);
  }

  /**
   * Resolves once `app`'s records are all in this database: at once when they always were, or after moving them
   * from the database an earlier version kept them in. A failed move is tried again by the next call.
   */
  ready(app: string): Promise<void> {
    let ready = this.#ready.get(app);
    if (ready === undefined) {
      const earlier = this.#options.earlierDatabaseOf?.(app);
      ready = earlier === undefined ? Promise.resolve() : this.#moved(app, earlier);
      this.#ready.set(app, ready);
      ready.catch(() => this.#ready.delete(app));
    }
    return ready;
  }

  /** Moves `app` from its earlier database unless that was done; the mover is loaded only when it has work. */
  async #moved(app: string, earlier: string): Promise<void> {
    const mark = await this.moves.get(app);
    if (mark?.emptied === true) return;
    const { moveEarlierStore } = await import('./move-earlier-store');
    await moveEarlierStore(this, app, mark, {
      databaseName: earlier,
      ...(this.#options.indexedDB === undefined ? {} : { indexedDB: this.#options.indexedDB }),
      ...(this.#options.IDBKeyRange === undefined ? {} : { IDBKeyRange: this.#options.IDBKeyRange }),
    });
  }

  /**
   * The open IndexedDB connection, for a write transaction issued directly (`inWriteTransaction`): opened first when
   * it is not, as Dexie would before a read. A connection closed for good (by its owner, or by another connection's
   * upgrade or deletion) is not opened again.
   */
  async connection(): Promise<IDBDatabase> {
    if (this.isClosed) throw new Dexie.DatabaseClosedError('the database connection was closed');
    if (!this.db.isOpen()) await this.db.open();
    return this.db.backendDB();
  }

  /** The key range of this database's IndexedDB. */
  get keyRange(): typeof IDBKeyRange {
    return this.#options.IDBKeyRange ?? IDBKeyRange;
  }

  /** Whether this connection was closed (by its owner, or by another connection's upgrade or deletion). */
  get isClosed(): boolean {
    return !this.db.isOpen() && this.db.hasBeenClosed();
  }

  close(): void {
    this.heads.close();
    this.db.close({ disableAutoOpen: true });
  }
}
