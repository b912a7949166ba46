import { afterEach, describe, expect, it, vi } from 'vitest';
import { Application, ConcurrencyError, dexiePersistence, StorageError } from '../../src/eventsourcing';
import { Tally } from '../fixtures/tally';

let databases = 0;

// Kept unbound on purpose: the spies below call it with the object store they intercept as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const originalAdd = IDBObjectStore.prototype.add;

/**
 * Failure injection on the Dexie recorder, on whatever IndexedDB the environment has (fake-indexeddb in Node,
 * Chromium's own in the browser). Low-level failures must surface as our typed errors, store nothing, and never hang.
 */
export function dexieFailureContract(name: string): void {
  describe(`DexieRecorder failures › ${name}`, () => {
    const open = () => {
      databases++;
      const prefix = `failures-${Date.now().toString(36)}-${databases}`;
      const app = new Application({ name: 'tallies', persistence: dexiePersistence({ prefix }) });
      // Every application of a persistence is kept in the one database named by its prefix.
      return { app, databaseName: prefix };
    };

    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('requests strict durability for its writes', async () => {
      const { app } = open();
      const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
      await app.save(Tally.start('alice', 'Alice'));
      const writes = transaction.mock.calls.filter(([, mode]) => mode === 'readwrite');
      expect(writes.length).toBeGreaterThan(0);
      for (const [, , options] of writes) expect(options).toMatchObject({ durability: 'strict' });
      await app.close();
    });

    it('surfaces a full disk during a save as StorageError (quota) and stores nothing of it', async () => {
      const { app } = open();
      await app.save(Tally.start('alice', 'Alice'));
      let calls = 0;
      vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
        calls++;
        if (calls === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return originalAdd.apply(this, args);
      });
      const bob = Tally.start('bob', 'Bob');
      const carol = Tally.start('carol', 'Carol');
      const save = app.save(bob, carol);
      await expect(save).rejects.toBeInstanceOf(StorageError);
      await expect(save).rejects.toMatchObject({ code: 'storage', reason: 'quota' });
      expect(((await save.catch((error: unknown) => error)) as StorageError).cause).toBeDefined();
      vi.restoreAllMocks();
      expect(await app.repository.find(Tally, 'bob')).toBeUndefined();
      expect(await app.repository.find(Tally, 'carol')).toBeUndefined();
      expect((await app.log.select(1, 10)).map((n) => n.originatorId)).toEqual(['alice']);
      // The aggregates kept their pending events: the save can be tried again once space is freed.
      await app.save(bob, carol);
      expect((await app.log.select(1, 10)).map((n) => n.originatorId)).toEqual(['alice', 'bob', 'carol']);
      await app.close();
    });

    it('stores nothing of a write that fails after its transaction was asked to commit early', async () => {
      const { app } = open();
      await app.save(Tally.start('alice', 'Alice'));
      const first = await app.repository.get(Tally, 'alice');
      const second = await app.repository.get(Tally, 'alice');
      first.add(1);
      await app.save(first);
      const commit = vi.spyOn(IDBTransaction.prototype, 'commit');
      // Its checks pass (the head is the one known), so the commit is asked for; then alice's version is taken.
      second.add(2);
      const save = app.save(Tally.start('bob', 'Bob'), second);
      await expect(save).rejects.toBeInstanceOf(ConcurrencyError);
      expect(commit.mock.results.filter(({ type }) => type === 'return').length).toBeGreaterThan(0);
      vi.restoreAllMocks();
      expect(await app.repository.find(Tally, 'bob')).toBeUndefined();
      expect((await app.log.select(1, 10)).map((n) => [n.originatorId, n.originatorVersion])).toEqual([
        ['alice', 1],
        ['alice', 2],
      ]);
      await app.close();
    });

    it('surfaces an aborted transaction as StorageError (aborted) and stores nothing of it', async () => {
      const { app } = open();
      vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args) {
        const request = originalAdd.apply(this, args);
        this.transaction.abort();
        return request;
      });
      const save = app.save(Tally.start('alice', 'Alice'), Tally.start('bob', 'Bob'));
      await expect(save).rejects.toMatchObject({ code: 'storage', reason: 'aborted' });
      vi.restoreAllMocks();
      expect(await app.log.select(1, 10)).toEqual([]);
      await app.close();
    });

    it('fails with StorageError (closed), not a hang, when another tab deletes the database', async () => {
      const { app, databaseName } = open();
      await app.save(Tally.start('alice', 'Alice'));
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(databaseName);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error ?? new Error('delete failed'));
        request.onblocked = () => reject(new Error('delete blocked: the recorder did not let go'));
      });
      await expect(app.save(Tally.start('bob', 'Bob'))).rejects.toMatchObject({ code: 'storage', reason: 'closed' });
      await expect(app.repository.find(Tally, 'alice')).rejects.toMatchObject({ reason: 'closed' });
      await app.close();
    });

    it('fails with StorageError (closed), not a hang, when another tab upgrades the database', async () => {
      const { app, databaseName } = open();
      await app.save(Tally.start('alice', 'Alice'));
      await new Promise<void>((resolve, reject) => {
        // Dexie's version 1 is IndexedDB version 10; a newer app would open a higher one.
        const request = indexedDB.open(databaseName, 100);
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error ?? new Error('open failed'));
        request.onblocked = () => reject(new Error('upgrade blocked: the recorder did not let go'));
      });
      await expect(app.save(Tally.start('bob', 'Bob'))).rejects.toMatchObject({ code: 'storage', reason: 'closed' });
      await app.close();
    });
  });
}
