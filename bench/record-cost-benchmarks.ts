import Dexie from 'dexie';
import { createBankSystem } from '../src/bank';
import { dexiePersistence, EVENT_DATABASE_SCHEMA } from '../src/eventsourcing';
import type { EventRow } from '../src/eventsourcing/event-database';
import { recordRequests } from './request-script';
import { median, round, time, type BenchResult } from './result';

/** Requests of the bank whose events are written. */
const REQUESTS = 300;
/** Requests per batch of the derivation: each application commits their events together. */
const PER_BATCH = 100;
/** At least this many events are written per layout and round (whole copies of the bank's events). */
const EVENTS = 8_000;
/** Events per read-write transaction (whole commits), about what a batch of the derivation writes. */
const PER_TRANSACTION = 800;

let databases = 0;

/** One application's events of one batch, as the derivation commits them. */
type Commit = readonly EventRow[];

/**
 * What IndexedDB charges for each record, which bounds every batch the bank writes (a join derives about eight
 * events per request, one record each). The events of a bank the real code wrote, cut into each application's
 * commits of `PER_BATCH` requests as the derivation batches them, are written three ways in raw IndexedDB, in strict
 * transactions of about `PER_TRANSACTION` events, the layouts alternating over the rounds:
 * - as the events table keeps them: one record each, keyed `[app, id]`, with the unique index on
 *   `[app, originatorId, originatorVersion]`;
 * - as bare records: a number key and nothing else, no index (the least IndexedDB can store);
 * - one record per aggregate per commit, with a unique multi-entry index on the `[app, originatorId,
 *   originatorVersion]` keys of its events, so that a taken version is still refused by IndexedDB itself: a layout
 *   this app does not use, measured to say what it would save. Per aggregate, not per commit, so that reading one
 *   account's events would read only its own.
 */
export async function recordCostBenchmarks(rounds: number): Promise<BenchResult[]> {
  const commits = copiesOf(await eventsOfABank());
  const events = commits.reduce((sum, commit) => sum + commit.length, 0);
  const records = commits.reduce((sum, commit) => sum + byAggregate(commit).length, 0);
  const rows: number[] = [];
  const bare: number[] = [];
  const grouped: number[] = [];
  for (let index = 0; index < Math.max(3, rounds); index++) {
    rows.push(await eventRecords(commits));
    bare.push(await bareRecords(events));
    grouped.push(await aggregateRecords(commits));
  }
  const perEvent = (ms: number) => round((ms / events) * 1000);
  const [row, key, group] = [median(rows), median(bare), median(grouped)];
  const bytes = Math.round(JSON.stringify(commits.flat()).length / events);
  const written = `${events.toLocaleString('en-US')} events of a bank of ${REQUESTS} requests the real code wrote (copies of it, ${bytes} bytes of JSON each on average), raw IndexedDB, strict transactions of about ${PER_TRANSACTION} events`;
  return [
    {
      name: 'event-record-vs-bare-record',
      description: `${written}, one record each in the events table's layout (key [app, id], unique index on [app, originatorId, originatorVersion]); baseline: as many bare records (a number key, no index); median of ${rows.length}; a report: what IndexedDB takes per record bounds every batch (the ratio is below 1)`,
      value: perEvent(row),
      unit: 'µs/event',
      baseline: perEvent(key),
      ratio: round(key / row, 3),
    },
    {
      name: 'aggregate-records-vs-event-records',
      description: `the same events in each application's commits of ${PER_BATCH} requests, one record per aggregate per commit (${records.toLocaleString('en-US')} records, ${round(events / records, 2)} events each), a unique multi-entry index on their [app, originatorId, originatorVersion] keys; baseline: one record each, as the events table keeps them (event-record-vs-bare-record); median of ${grouped.length}; a report on a layout this app does not use`,
      value: perEvent(group),
      unit: 'µs/event',
      baseline: perEvent(row),
      ratio: round(row / group, 3),
    },
  ];
}

/** The events table's rows of a bank of `REQUESTS` requests (openings, deposits, transfers), derived by the real system. */
async function eventsOfABank(): Promise<EventRow[]> {
  const prefix = `bench-record-cost-bank-${Date.now()}`;
  const system = await createBankSystem({ persistence: dexiePersistence({ prefix }), runner: 'rx' });
  await recordRequests(system.commands, REQUESTS);
  await system.settled();
  await system.stop();
  // The persistence keeps every application in one database, named by the prefix.
  const db = new Dexie(prefix);
  db.version(1).stores(EVENT_DATABASE_SCHEMA);
  const rows = await db.table<EventRow>('events').toArray();
  db.close();
  if (rows.length === 0) throw new Error('the bank wrote no events');
  return rows;
}

/**
 * Copies of the bank's events, each application's cut into commits of `PER_BATCH` requests' worth, until there are
 * `EVENTS`: each copy's aggregates and ids of their own, so that every version and key is free.
 */
function copiesOf(rows: readonly EventRow[]): Commit[] {
  const apps = [...new Set(rows.map(({ app }) => app))].sort();
  const span = Math.max(...rows.map(({ id }) => id));
  const commits: Commit[] = [];
  for (let copy = 0, events = 0; events < EVENTS; copy++) {
    for (const app of apps) {
      const mine = rows.filter((row) => row.app === app).sort((a, b) => a.id - b.id);
      const size = Math.ceil(mine.length / (REQUESTS / PER_BATCH));
      for (let from = 0; from < mine.length; from += size) {
        const commit = mine
          .slice(from, from + size)
          .map((row) => ({ ...row, id: copy * span + row.id, originatorId: `${row.originatorId}:${copy}` }));
        commits.push(commit);
        events += commit.length;
      }
    }
  }
  return commits;
}

/** The events of one commit, one group per aggregate, in the order of their first events. */
function byAggregate(commit: Commit): EventRow[][] {
  const groups = new Map<string, EventRow[]>();
  for (const event of commit) {
    const group = groups.get(event.originatorId);
    if (group === undefined) groups.set(event.originatorId, [event]);
    else group.push(event);
  }
  return [...groups.values()];
}

/** Whole commits, about `PER_TRANSACTION` events to a transaction, each commit as `recordsOf` makes it. */
function transactionsOf<T>(commits: readonly Commit[], recordsOf: (commit: Commit) => readonly T[]): T[][] {
  const transactions: T[][] = [];
  let current: T[] = [];
  let events = 0;
  for (const commit of commits) {
    if (events > 0 && events + commit.length > PER_TRANSACTION) {
      transactions.push(current);
      current = [];
      events = 0;
    }
    current.push(...recordsOf(commit));
    events += commit.length;
  }
  if (current.length > 0) transactions.push(current);
  return transactions;
}

/** Milliseconds to write the commits' events one record each, in the events table's own layout (declared by Dexie). */
async function eventRecords(commits: readonly Commit[]): Promise<number> {
  const db = new Dexie(`bench-record-cost-rows-${++databases}`);
  db.version(1).stores(EVENT_DATABASE_SCHEMA);
  await db.open();
  try {
    return await timedWrites(
      db.backendDB(),
      'events',
      transactionsOf(commits, (commit) => commit),
    );
  } finally {
    db.close();
  }
}

/** Milliseconds to write `count` bare records (a number key, no index), `PER_TRANSACTION` to a transaction. */
async function bareRecords(count: number): Promise<number> {
  const db = await openRaw(`bench-record-cost-bare-${++databases}`, (upgrade) => {
    upgrade.createObjectStore('records', { keyPath: 'id' });
  });
  const records = Array.from({ length: count }, (_, index) => ({ id: index + 1 }));
  const transactions: { id: number }[][] = [];
  for (let from = 0; from < count; from += PER_TRANSACTION) {
    transactions.push(records.slice(from, from + PER_TRANSACTION));
  }
  try {
    return await timedWrites(db, 'records', transactions);
  } finally {
    db.close();
  }
}

/** Milliseconds to write the commits' events one record per aggregate per commit, their versions in a unique index. */
async function aggregateRecords(commits: readonly Commit[]): Promise<number> {
  const db = await openRaw(`bench-record-cost-aggregates-${++databases}`, (upgrade) => {
    const store = upgrade.createObjectStore('records', { keyPath: ['app', 'commit', 'part'] });
    store.createIndex('versions', 'versions', { unique: true, multiEntry: true });
  });
  const transactions = transactionsOf(commits, (commit) =>
    byAggregate(commit).map((group, part) => ({
      app: group[0]?.app,
      commit: commit[0]?.id,
      part,
      ids: group.map(({ id }) => id),
      versions: group.map(({ app, originatorId, originatorVersion }) => [app, originatorId, originatorVersion]),
      events: group.map(({ app: _app, id: _id, ...event }) => event),
    })),
  );
  try {
    return await timedWrites(db, 'records', transactions);
  } finally {
    db.close();
  }
}

/** Milliseconds to add each transaction's records to `store`, one strict read-write transaction after another. */
async function timedWrites(
  db: IDBDatabase,
  store: string,
  transactions: readonly (readonly unknown[])[],
): Promise<number> {
  return time(async () => {
    for (const records of transactions) {
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(store, 'readwrite', { durability: 'strict' });
        const objectStore = transaction.objectStore(store);
        for (const record of records) objectStore.add(record);
        transaction.oncomplete = () => resolve();
        transaction.onabort = () => reject(transaction.error ?? new Error('the transaction aborted'));
        transaction.commit();
      });
    }
  });
}

function openRaw(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`${name} did not open`));
  });
}
