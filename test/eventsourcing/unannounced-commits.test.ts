import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { forceCloseDatabase } from 'fake-indexeddb';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { dexiePersistence, EVENT_DATABASE_SCHEMA, RxRunner, TrackingConflictError } from '../../src/eventsourcing';
import { addToTallies, Grand, tallySystem } from '../fixtures/followers';
import { storedEvent } from '../fixtures/stored-events';

/**
 * Commits the recorders never heard announced, and databases the browser took away: the memory of recent commits
 * (and the shared `head$`) must never hide what storage holds, nor serve what it no longer holds.
 */

let databases = 0;
const freshPrefix = () => `unannounced-${Date.now().toString(36)}-${++databases}`;

/**
 * A commit made without announcement, into the application `app` of the persistence on `prefix`: what a tab that
 * crashed between its commit and its postMessage leaves.
 */
async function unannouncedInsert(prefix: string, app: string, event: object): Promise<number> {
  const raw = new Dexie(prefix);
  raw.version(1).stores(EVENT_DATABASE_SCHEMA);
  const events = raw.table('events');
  const last = (await events.where('[app+id]').between([app], [app, []]).lastKey()) as [string, number] | undefined;
  const id = (last?.[1] ?? 0) + 1;
  await events.add({ ...event, app, id });
  raw.close();
  return id;
}

/** What a tab that erased `app` (an undone import) and crashed before announcing it leaves: its rows gone. */
async function unannouncedErase(prefix: string, app: string): Promise<void> {
  const raw = new Dexie(prefix);
  raw.version(1).stores(EVENT_DATABASE_SCHEMA);
  await raw.transaction('rw', ['events', 'tracking'], async () => {
    await raw.table('events').where('[app+id]').between([app], [app, []]).delete();
    await raw.table('tracking').where('[app+upstreamName]').between([app], [app, []]).delete();
  });
  raw.close();
}

/** Insert options of a write tracked from `expectedPosition` to `notificationId` of the upstream `upstream`. */
const tracked = (notificationId: number, expectedPosition: number) => ({
  tracking: { upstreamName: 'upstream', notificationId, expectedPosition },
});

describe('DexieRecorder › commits never announced, databases taken away', () => {
  it('raises the shared head$ to a head read from storage, for subscribers present and later', async () => {
    const prefix = freshPrefix();
    const recorder = dexiePersistence({ prefix }).recorder('app');
    const view = recorder.head$.subscribe(); // a live view keeps the shared head$ subscribed
    await recorder.insert([storedEvent('alice', 1)]);
    const second = await unannouncedInsert(prefix, 'app', storedEvent('alice', 2));
    expect(await recorder.maxNotificationId()).toBe(second);
    expect(await firstValueFrom(recorder.head$)).toBe(second);
    expect(await recorder.selectNotifications(second, 10)).toEqual([{ ...storedEvent('alice', 2), id: second }]);
    view.unsubscribe();
    await recorder.close();
  });

  it('lets a follower started while a view holds head$ process a commit that is only in storage', async () => {
    const prefix = freshPrefix();
    const { system, tallies, totals } = tallySystem(dexiePersistence({ prefix }));
    const view = tallies.log.head$.subscribe(); // this tab showed a live list before it took the lead
    await addToTallies(tallies, ['alice'], [3]);
    // Another tab committed alice v3 (+5) and crashed before announcing it; then this tab starts the followers.
    const head = await unannouncedInsert(prefix, 'tallies', {
      originatorId: 'alice',
      originatorVersion: 3,
      type: 'TallyAdded',
      schemaVersion: 1,
      timestamp: '2026-01-01T00:00:03.000Z',
      data: { amount: 5 },
    });
    const runner = new RxRunner(system);
    runner.start();
    // No settled() and no read of the head through the recorder (either would make it hear of the commit): the
    // follower must get there on its own, with no later commit to wake it.
    await vi.waitFor(async () => expect(await totals.recorder.position('tallies')).toBe(head), { timeout: 5_000 });
    expect((await totals.repository.get(Grand, Grand.id)).state.total).toBe(8);
    await runner.stop();
    view.unsubscribe();
    await Promise.all(system.applications.map((application) => application.close()));
  });

  it('numbers a tracked write after a commit only storage holds, though its memory knew the head before it', async () => {
    const prefix = freshPrefix();
    const recorder = dexiePersistence({ prefix }).recorder('app');
    await recorder.insert([storedEvent('alice', 1)], tracked(1, 0));
    await recorder.insert([storedEvent('alice', 2)], tracked(2, 1));
    const taken = await unannouncedInsert(prefix, 'app', storedEvent('bob', 1));
    expect(await recorder.insert([storedEvent('alice', 3)], tracked(3, 2))).toEqual([taken + 1]);
    expect((await recorder.selectNotifications(1, 10)).map(({ id, originatorId }) => [id, originatorId])).toEqual([
      [1, 'alice'],
      [2, 'alice'],
      [3, 'bob'],
      [4, 'alice'],
    ]);
    expect(await recorder.position('upstream')).toBe(3);
    await recorder.close();
  });

  it('refuses a tracked write into a store erased unannounced, and serves nothing erased from memory', async () => {
    const prefix = freshPrefix();
    const recorder = dexiePersistence({ prefix }).recorder('app');
    await recorder.insert([storedEvent('alice', 1)], tracked(1, 0));
    await recorder.insert([storedEvent('alice', 2)], tracked(2, 1));
    await unannouncedErase(prefix, 'app');
    await expect(recorder.insert([storedEvent('alice', 3)], tracked(3, 2))).rejects.toBeInstanceOf(
      TrackingConflictError,
    );
    expect(recorder.recentEvents('alice', 0)).toBeUndefined();
    expect(await recorder.selectNotifications(1, 10)).toEqual([]);
    expect(await recorder.maxNotificationId()).toBe(0);
    expect(await recorder.position('upstream')).toBe(0);
    await recorder.close();
  });

  it('never answers from memory for a database the browser closed and deleted (site data cleared)', async () => {
    const prefix = freshPrefix();
    const name = prefix;
    const recorder = dexiePersistence({ prefix }).recorder('app');
    await recorder.insert([storedEvent('alice', 1), storedEvent('alice', 2)]);
    const connection = (Dexie as unknown as { connections: Dexie[] }).connections.find((db) => db.name === name);
    if (connection === undefined) throw new Error('no open connection');
    // fake-indexeddb's typings ask for the class (`typeof FDBDatabase`); the function takes the connection.
    forceCloseDatabase(connection.backendDB() as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await Dexie.delete(name);
    // Dexie reopens on the next call: storage is empty now, and so is every answer.
    expect(await recorder.maxNotificationId()).toBe(0);
    expect(await recorder.selectNotifications(1, 10)).toEqual([]);
    expect(recorder.recentEvents('alice', 0)).toBeUndefined();
    await recorder.close();
  });
});
