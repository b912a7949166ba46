import Dexie from 'dexie';
import { createBankSystem } from '../src/bank';
import { dexiePersistence, EVENT_DATABASE_SCHEMA } from '../src/eventsourcing';
import type { EventRow } from '../src/eventsourcing/event-database';
import { recordRequests } from './request-script';
import { median, round, type BenchResult } from './result';

/** Events written per layout and round. */
const EVENTS = 8_000;
/** Events per read-write transaction, about what a batch of the derivation writes. */
const PER_TRANSACTION = 800;
/** Events per record in the packed layout: about one request's events, all applications together. */
const PER_RECORD = 8;

let databases = 0;

/**
 * What IndexedDB charges for each record, which bounds every batch the bank writes (a join derives about eight
 * events per request, one record each). The same events, taken from a bank the real code wrote, are written three
 * ways in raw IndexedDB, in transactions of `PER_TRANSACTION` events with strict durability, the layouts alternating
 * over the rounds:
 * - as the events table keeps them: one record each, keyed `[app, id]`, with the unique index on
 *   `[app, originatorId, originatorVersion]`;
 * - as bare records: a number key and nothing else, no index (the least IndexedDB can store);
 * - `PER_RECORD` events to a record, with a unique multi-entry index on their `[app, originatorId, originatorVersion]`
 *   keys, so that a taken version is still refused by IndexedDB itself: one record per commit, a layout this app
 *   does not use, measured to say what it would save.
 */
export async function recordCostBenchmarks(rounds: number): Promise<BenchResult[]> {
  const sample = await eventsOfABank();
  const rows: number[] = [];
  const bare: number[] = [];
  const packed: number[] = [];
  for (let index = 0; index < Math.max(3, rounds); index++) {
    rows.push(await eventRows(sample));
    bare.push(await bareRecords());
    packed.push(await packedRecords(sample));
  }
  const perEvent = (ms: number) => round((ms / EVENTS) * 1000);
  const [row, key, pack] = [median(rows), median(bare), median(packed)];
  const written = `${EVENTS.toLocaleString('en-US')} events of a bank the real code wrote (${sample.length.toLocaleString('en-US')} distinct, ${Math.round(JSON.stringify(sample).length / sample.length)} bytes of JSON each on average), raw IndexedDB, ${PER_TRANSACTION} events per strict transaction`;
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
      name: 'packed-records-vs-event-records',
      description: `the same events ${PER_RECORD} to a record (one record per commit), a unique multi-entry index on their [app, originatorId, originatorVersion] keys; baseline: one record each, as the events table keeps them (event-record-vs-bare-record); median of ${packed.length}; a report on a layout this app does not use yet`,
      value: perEvent(pack),
      unit: 'µs/event',
      baseline: perEvent(row),
      ratio: round(row / pack, 3),
    },
  ];
}

/** The events table's rows of a bank of 300 requests (openings, deposits, transfers), derived by the real system. */
async function eventsOfABank(): Promise<EventRow[]> {
  const prefix = `bench-record-cost-bank-${Date.now()}`;
  const system = await createBankSystem({ persistence: dexiePersistence({ prefix }), runner: 'rx' });
  await recordRequests(system.commands, 300);
  await system.settled();
  await system.stop();
  const names = (await indexedDB.databases()).flatMap(({ name }) => (name?.startsWith(prefix) === true ? [name] : []));
  const rows: EventRow[] = [];
  for (const name of names) {
    const db = new Dexie(name);
    db.version(1).stores(EVENT_DATABASE_SCHEMA);
    rows.push(...(await db.table<EventRow>('events').toArray()));
    db.close();
  }
  if (rows.length === 0) throw new Error('the bank wrote no events');
  return rows;
}

/** Milliseconds to write `EVENTS` events one record each, in the events table's own layout (declared by Dexie). */
async function eventRows(sample: readonly EventRow[]): Promise<number> {
  const db = new Dexie(`bench-record-cost-rows-${++databases}`);
  db.version(1).stores(EVENT_DATABASE_SCHEMA);
  await db.open();
  const records = Array.from({ length: EVENTS }, (_, index) => {
    const event = cycled(sample, index);
    // A version of its own for each copy, so that the unique index takes every one.
    return { ...event, id: index + 1, originatorId: `${event.originatorId}:${index}` };
  });
  try {
    return await timedWrites(db.backendDB(), 'events', records);
  } finally {
    db.close();
  }
}

/** Milliseconds to write `EVENTS` bare records: a number key, no index. */
async function bareRecords(): Promise<number> {
  const db = await openRaw(`bench-record-cost-bare-${++databases}`, (upgrade) => {
    upgrade.createObjectStore('records', { keyPath: 'id' });
  });
  try {
    return await timedWrites(
      db,
      'records',
      Array.from({ length: EVENTS }, (_, index) => ({ id: index + 1 })),
    );
  } finally {
    db.close();
  }
}

/** Milliseconds to write the same `EVENTS` events `PER_RECORD` to a record, their versions in a unique index. */
async function packedRecords(sample: readonly EventRow[]): Promise<number> {
  const db = await openRaw(`bench-record-cost-packed-${++databases}`, (upgrade) => {
    const commits = upgrade.createObjectStore('commits', { keyPath: ['app', 'first'] });
    commits.createIndex('versions', 'versions', { unique: true, multiEntry: true });
  });
  const records = Array.from({ length: EVENTS / PER_RECORD }, (_, record) => {
    const events = Array.from({ length: PER_RECORD }, (_, offset) => {
      const index = record * PER_RECORD + offset;
      const { app: _app, id: _id, ...event } = cycled(sample, index);
      return { ...event, originatorId: `${event.originatorId}:${index}` };
    });
    return {
      app: 'bench',
      first: record * PER_RECORD + 1,
      versions: events.map((event) => ['bench', event.originatorId, event.originatorVersion]),
      events,
    };
  });
  try {
    // Timed per event: the transactions hold `PER_TRANSACTION` events, as in the other layouts.
    return await timedWrites(db, 'commits', records, PER_TRANSACTION / PER_RECORD);
  } finally {
    db.close();
  }
}

/** Milliseconds to add `records` to `store`, `perTransaction` to a strict read-write transaction, one after another. */
async function timedWrites(
  db: IDBDatabase,
  store: string,
  records: readonly unknown[],
  perTransaction = PER_TRANSACTION,
): Promise<number> {
  const start = performance.now();
  for (let from = 0; from < records.length; from += perTransaction) {
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction(store, 'readwrite', { durability: 'strict' });
      const objectStore = transaction.objectStore(store);
      for (const record of records.slice(from, from + perTransaction)) objectStore.add(record);
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error ?? new Error('the transaction aborted'));
      transaction.commit();
    });
  }
  return performance.now() - start;
}

/** The `index`th of `rows` taken over and over. */
function cycled(rows: readonly EventRow[], index: number): EventRow {
  const row = rows[index % rows.length];
  if (row === undefined) throw new Error('no rows to take');
  return row;
}

function openRaw(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`${name} did not open`));
  });
}
