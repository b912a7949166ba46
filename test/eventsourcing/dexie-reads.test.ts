import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DexieRecorder, dexiePersistence, EventDatabase } from '../../src/eventsourcing';
import type { StoredEvent } from '../../src/eventsourcing';
import { storedEvent } from '../fixtures/stored-events';

let databases = 0;

/**
 * Spies on the transactions of IndexedDB connections opened after this call (Dexie takes the connection's
 * `transaction` as it opens); `count()` is the read-only ones since the last `start()`.
 */
function countReadTransactions(): { start: () => void; count: () => number } {
  const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
  return {
    start: () => transactions.mockClear(),
    count: () => transactions.mock.calls.filter(([, mode]) => (mode ?? 'readonly') === 'readonly').length,
  };
}

describe('DexieRecorder › reads of one task', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers the selectEvents calls of one task from one read transaction', async () => {
    const reads = countReadTransactions();
    const recorder = dexiePersistence({ prefix: `dexie-reads-${++databases}` }).recorder('sagas');
    const sagas = ['saga-1', 'saga-2', 'saga-3', 'saga-4', 'saga-5'];
    await recorder.insert(sagas.map((id) => storedEvent(id, 1)));
    reads.start();
    const answers = await Promise.all([...sagas, 'no-such-saga'].map((id) => recorder.selectEvents(id, { upTo: 1 })));
    expect(reads.count()).toBe(1);
    expect(answers.map((events) => events.map((event) => event.originatorId))).toEqual([
      ...sagas.map((id) => [id]),
      [],
    ]);
    await recorder.close();
  });

  it('fails only the read whose key IndexedDB refuses, not the others asked with it', async () => {
    const recorder = dexiePersistence({ prefix: `dexie-reads-${++databases}` }).recorder('sagas');
    await recorder.insert([storedEvent('saga-1', 1), storedEvent('saga-2', 1)]);
    const refused = {} as unknown as string;
    const [first, bad, second] = await Promise.allSettled([
      recorder.selectEvents('saga-1'),
      recorder.selectEvents(refused),
      recorder.selectEvents('saga-2'),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: [{ originatorId: 'saga-1' }] });
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(Error);
    expect(second).toMatchObject({ status: 'fulfilled', value: [{ originatorId: 'saga-2' }] });
    await recorder.close();
  });

  it('reads in a transaction of its own when asked inside another transaction of the same connection', async () => {
    const database = new EventDatabase({ databaseName: `dexie-reads-${++databases}` });
    const recorder = new DexieRecorder({ database, applicationName: 'sagas' });
    await recorder.insert([storedEvent('saga-1', 1), storedEvent('saga-2', 1)]);
    // Asked inside a transaction over another table only, after one of its requests (the microtasks that follow may
    // still run in Dexie's zone of that transaction): a read that joined it would find no events table there.
    const askedInside = async (ask: () => Promise<StoredEvent[]>[]) => {
      let asked: Promise<StoredEvent[]>[] = [];
      await database.db.transaction('rw', database.tracking, async () => {
        await database.tracking.put({ app: 'sagas', upstreamName: 'commands', notificationId: 1 });
        asked = ask();
      });
      return (await Promise.all(asked)).map((events) => events.map((event) => event.originatorId));
    };
    expect(await askedInside(() => [recorder.selectEvents('saga-1'), recorder.selectEvents('saga-2')])).toEqual([
      ['saga-1'],
      ['saga-2'],
    ]);
    expect(await askedInside(() => [recorder.selectEvents('saga-2')])).toEqual([['saga-2']]);
    await recorder.close();
    database.close();
  });

  it('reads alone what is asked alone, and again what is asked again', async () => {
    const reads = countReadTransactions();
    const recorder = dexiePersistence({ prefix: `dexie-reads-${++databases}` }).recorder('sagas');
    await recorder.insert([storedEvent('saga-1', 1)]);
    reads.start();
    expect(await recorder.selectEvents('saga-1')).toHaveLength(1);
    await recorder.insert([storedEvent('saga-1', 2)]);
    expect(await recorder.selectEvents('saga-1')).toHaveLength(2);
    expect(reads.count()).toBe(2);
    await recorder.close();
  });
});
