import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { dexiePersistence } from '../../src/eventsourcing';
import { storedEvent, storedSnapshot } from '../fixtures/stored-events';

/**
 * Stores kept in the earlier layout, one IndexedDB database per application (`${prefix}-${name}`), move into the one
 * database of the persistence the first time an application is opened: every record with its notification id, its
 * tracking positions, its snapshots; and the earlier code can no longer write where nothing would read it.
 */

let databases = 0;
const freshPrefix = () => `earlier-${Date.now().toString(36)}-${++databases}`;

const EARLIER_SCHEMA = {
  events: '++id, &[originatorId+originatorVersion]',
  snapshots: '[originatorId+originatorVersion]',
  tracking: 'upstreamName',
};

/** A connection of the earlier code: version 1, closing itself when another connection upgrades the database. */
function earlierConnection(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(EARLIER_SCHEMA);
  db.on('versionchange', () => {
    db.close({ disableAutoOpen: true });
    return false;
  });
  return db;
}

const snapshot = storedSnapshot('alice', 2, { total: 2 });

/** The earlier store of `sagas`: ids 1, 2 and 5 (an aborted transaction left a gap), a snapshot, two positions. */
async function writeEarlierStore(prefix: string): Promise<Dexie> {
  const db = earlierConnection(`${prefix}-sagas`);
  await db.table('events').bulkAdd([
    { ...storedEvent('alice', 1), id: 1 },
    { ...storedEvent('alice', 2), id: 2 },
    { ...storedEvent('bob', 1), id: 5 },
  ]);
  await db.table('snapshots').put(snapshot);
  await db.table('tracking').bulkPut([
    { upstreamName: 'commands', notificationId: 40 },
    { upstreamName: 'accounts', notificationId: 12 },
  ]);
  return db;
}

describe('Dexie persistence › stores of one database per application', () => {
  it('moves every record, with its notification id, position and snapshot, into the shared database', async () => {
    const prefix = freshPrefix();
    (await writeEarlierStore(prefix)).close();
    const recorder = dexiePersistence({ prefix }).recorder('sagas');
    expect((await recorder.selectNotifications(1, 10)).map((n) => [n.id, n.originatorId, n.originatorVersion])).toEqual(
      [
        [1, 'alice', 1],
        [2, 'alice', 2],
        [5, 'bob', 1],
      ],
    );
    expect(await recorder.selectEvents('alice')).toEqual([storedEvent('alice', 1), storedEvent('alice', 2)]);
    expect(await recorder.selectSnapshot('alice')).toEqual(snapshot);
    expect(await recorder.position('commands')).toBe(40);
    expect(await recorder.position('accounts')).toBe(12);
    expect(await recorder.maxNotificationId()).toBe(5);
    // The next event follows the highest id moved; a taken version is still refused.
    expect(await recorder.insert([storedEvent('bob', 2)])).toEqual([6]);
    await expect(recorder.insert([storedEvent('alice', 2)])).rejects.toMatchObject({ code: 'concurrency' });
    await recorder.close();
  });

  it('closes the earlier code’s connection for good, and empties the earlier database', async () => {
    const prefix = freshPrefix();
    const earlier = await writeEarlierStore(prefix);
    const recorder = dexiePersistence({ prefix }).recorder('sagas');
    expect(await recorder.maxNotificationId()).toBe(5);
    // The tab still on the earlier code: its connection closed, and a write there fails instead of being lost.
    expect(earlier.isOpen()).toBe(false);
    await expect(earlier.table('events').add({ ...storedEvent('dave', 1) })).rejects.toMatchObject({
      name: 'DatabaseClosedError',
    });
    // What is left there is empty, at the newer version.
    const left = new Dexie(`${prefix}-sagas`);
    left.version(2).stores(EARLIER_SCHEMA);
    expect(await left.table('events').count()).toBe(0);
    expect(await left.table('tracking').count()).toBe(0);
    left.close();
    await recorder.close();
  });

  it('moves once: a restart, or a second tab, finds the records moved and copies nothing again', async () => {
    const prefix = freshPrefix();
    (await writeEarlierStore(prefix)).close();
    const [first, second] = [dexiePersistence({ prefix }), dexiePersistence({ prefix })];
    const [a, b] = [first.recorder('sagas'), second.recorder('sagas')];
    // Two tabs open the application at once.
    const [heads] = await Promise.all([a.maxNotificationId(), b.maxNotificationId()]);
    expect(heads).toBe(5);
    await a.insert([storedEvent('carol', 1)], {
      tracking: { upstreamName: 'commands', notificationId: 41, expectedPosition: 40 },
    });
    await Promise.all([a.close(), b.close()]);
    const restarted = dexiePersistence({ prefix }).recorder('sagas');
    expect((await restarted.selectNotifications(1, 10)).map((n) => n.id)).toEqual([1, 2, 5, 6]);
    expect(await restarted.position('commands')).toBe(41);
    await restarted.close();
  });

  it('starts empty where there was no earlier store, and makes none', async () => {
    const prefix = freshPrefix();
    const recorder = dexiePersistence({ prefix }).recorder('accounts');
    expect(await recorder.maxNotificationId()).toBe(0);
    expect(await recorder.insert([storedEvent('alice', 1)])).toEqual([1]);
    const names = (await indexedDB.databases()).map((info) => info.name);
    expect(names).toContain(prefix);
    expect(names).not.toContain(`${prefix}-accounts`);
    await recorder.close();
  });
});
