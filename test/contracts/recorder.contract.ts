import { firstValueFrom, filter } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  HeadConflictError,
  StorageError,
  TrackingConflictError,
  type Persistence,
  type RecorderWrite,
  type Snapshot,
} from '../../src/eventsourcing';
import { storedEvent, storedSnapshot } from '../fixtures/stored-events';

/**
 * The recorder contract: every recorder (memory, Dexie on fake-indexeddb, Dexie in Chromium) must pass it.
 * `persistence` gives a store no other test uses.
 */
export function recorderContract(name: string, persistence: () => Persistence): void {
  describe(`Recorder contract › ${name}`, () => {
    const open = () => persistence().recorder('app');

    describe('insert', () => {
      it('stores events of several aggregates in one call and numbers them in order', async () => {
        const recorder = open();
        const ids = await recorder.insert([storedEvent('alice', 1), storedEvent('bob', 1), storedEvent('alice', 2)]);
        expect(ids).toHaveLength(3);
        expect(ids[0]).toBeLessThan(ids[1] ?? 0);
        expect(ids[1]).toBeLessThan(ids[2] ?? 0);
        const notifications = await recorder.selectNotifications(1, 10);
        expect(notifications.map((n) => [n.originatorId, n.originatorVersion, n.id])).toEqual([
          ['alice', 1, ids[0]],
          ['bob', 1, ids[1]],
          ['alice', 2, ids[2]],
        ]);
        expect(await recorder.selectEvents('alice')).toEqual([storedEvent('alice', 1), storedEvent('alice', 2)]);
        await recorder.close();
      });

      it('stores nothing of a call when one of its events takes a version already stored', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)]);
        const attempt = recorder.insert([storedEvent('bob', 1), storedEvent('alice', 2), storedEvent('alice', 1)]);
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(attempt).rejects.toMatchObject({ code: 'concurrency' });
        expect(await recorder.selectEvents('bob')).toEqual([]);
        expect(await recorder.selectEvents('alice')).toEqual([storedEvent('alice', 1)]);
        expect(await recorder.maxNotificationId()).toBe((await recorder.selectNotifications(1, 10))[0]?.id);
        await recorder.close();
      });

      it('rejects two events at the same version within one call, storing nothing', async () => {
        const recorder = open();
        const attempt = recorder.insert([storedEvent('alice', 1), storedEvent('alice', 1, { name: 'twin' })]);
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await recorder.selectNotifications(1, 10)).toEqual([]);
        await recorder.close();
      });

      it('names the aggregate and version that conflicted', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)]);
        await expect(recorder.insert([storedEvent('alice', 1)])).rejects.toMatchObject({
          originatorId: 'alice',
          originatorVersion: 1,
        });
        await recorder.close();
      });

      it('gives strictly increasing notification ids across calls, in commit order', async () => {
        const recorder = open();
        const calls = await Promise.all(
          Array.from({ length: 10 }, (_, index) => recorder.insert([storedEvent(`agg-${index}`, 1)])),
        );
        const ids = calls.flat();
        const notifications = await recorder.selectNotifications(1, 100);
        expect(notifications.map((n) => n.id)).toEqual([...ids].sort((a, b) => a - b));
        expect(new Set(ids).size).toBe(10);
        for (let index = 1; index < notifications.length; index++) {
          expect(notifications[index]?.id).toBeGreaterThan(notifications[index - 1]?.id ?? Infinity);
        }
        await recorder.close();
      });

      it('numbers a commit right after another recorder of the same store committed unheard', async () => {
        const store = persistence();
        const first = store.recorder('app');
        const second = store.recorder('app');
        await first.insert([storedEvent('alice', 1)]);
        // Made at once, before any announcement of the second recorder's commit can reach the first.
        expect(await second.insert([storedEvent('bob', 1)])).toEqual([2]);
        expect(await first.insert([storedEvent('alice', 2), storedEvent('carol', 1)])).toEqual([3, 4]);
        await expect(first.insert([storedEvent('bob', 1)])).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await second.insert([storedEvent('bob', 2)])).toEqual([5]);
        expect((await first.selectNotifications(1, 10)).map((n) => [n.id, n.originatorId])).toEqual([
          [1, 'alice'],
          [2, 'bob'],
          [3, 'alice'],
          [4, 'carol'],
          [5, 'bob'],
        ]);
        await Promise.all([first.close(), second.close()]);
      });

      it('accepts an insert of no events', async () => {
        const recorder = open();
        expect(await recorder.insert([])).toEqual([]);
        expect(await recorder.maxNotificationId()).toBe(0);
        await recorder.close();
      });
    });

    describe('inserting into several applications at once', () => {
      it('commits every write, each in its own log, with its tracking record and snapshots', async () => {
        const store = persistence();
        const sagas = store.recorder('sagas');
        const ledger = store.recorder('ledger');
        const listener = store.recorder('ledger');
        await ledger.insert([storedEvent('books', 1)]);
        const heads: number[] = [];
        const heard = listener.head$.subscribe((head) => heads.push(head));
        const snapshot = storedSnapshot('books', 2, { total: 2 });
        const tracking = { upstreamName: 'requests', notificationId: 7, expectedPosition: 0 };
        const ids = await insertAll(store, [
          { recorder: sagas, events: [storedEvent('saga-1', 1), storedEvent('saga-2', 1)], options: { tracking } },
          { recorder: ledger, events: [storedEvent('books', 2)], options: { tracking, snapshots: [snapshot] } },
        ]);
        expect(ids).toEqual([[1, 2], [2]]);
        expect((await sagas.selectNotifications(1, 10)).map((n) => [n.id, n.originatorId])).toEqual([
          [1, 'saga-1'],
          [2, 'saga-2'],
        ]);
        expect(await ledger.selectEvents('books')).toEqual([storedEvent('books', 1), storedEvent('books', 2)]);
        expect(await sagas.position('requests')).toBe(7);
        expect(await ledger.position('requests')).toBe(7);
        expect(await ledger.selectSnapshot('books')).toEqual(snapshot);
        expect(await sagas.selectSnapshot('books')).toBeUndefined();
        // Another recorder of the ledger hears of the commit.
        await firstValueFrom(listener.head$.pipe(filter((head) => head === 2)));
        expect(heads.at(-1)).toBe(2);
        heard.unsubscribe();
        await Promise.all([sagas.close(), ledger.close(), listener.close()]);
      });

      it('stores nothing of any write when one tracking record conflicts', async () => {
        const store = persistence();
        const sagas = store.recorder('sagas');
        const ledger = store.recorder('ledger');
        await ledger.insert([], { tracking: { upstreamName: 'requests', notificationId: 3, expectedPosition: 0 } });
        const attempt = insertAll(store, [
          {
            recorder: sagas,
            events: [storedEvent('saga-1', 1)],
            options: { tracking: { upstreamName: 'requests', notificationId: 5, expectedPosition: 0 } },
          },
          {
            recorder: ledger,
            events: [storedEvent('books', 1)],
            options: { tracking: { upstreamName: 'requests', notificationId: 5, expectedPosition: 0 } },
          },
        ]);
        await expect(attempt).rejects.toBeInstanceOf(TrackingConflictError);
        expect(await sagas.selectNotifications(1, 10)).toEqual([]);
        expect(await ledger.selectNotifications(1, 10)).toEqual([]);
        expect(await sagas.position('requests')).toBe(0);
        expect(await ledger.position('requests')).toBe(3);
        await Promise.all([sagas.close(), ledger.close()]);
      });

      it("checks each write's tracking record against its own application's position for its own upstream", async () => {
        const store = persistence();
        const sagas = store.recorder('sagas');
        const ledger = store.recorder('ledger');
        const log = store.recorder('log');
        const position = (upstreamName: string, notificationId: number, expectedPosition: number) => ({
          tracking: { upstreamName, notificationId, expectedPosition },
        });
        await sagas.insert([], position('requests', 7, 0));
        await ledger.insert([], position('requests', 2, 0));
        await ledger.insert([], position('payments', 9, 0));
        const ids = await insertAll(store, [
          { recorder: sagas, events: [storedEvent('saga-8', 1)], options: position('requests', 8, 7) },
          { recorder: ledger, events: [storedEvent('books', 1)], options: position('requests', 3, 2) },
          { recorder: log, events: [storedEvent('day', 1)], options: position('payments', 1, 0) },
        ]);
        expect(ids).toEqual([[1], [1], [1]]);
        expect([await sagas.position('requests'), await ledger.position('requests')]).toEqual([8, 3]);
        expect([await ledger.position('payments'), await log.position('payments')]).toEqual([9, 1]);
        await Promise.all([sagas.close(), ledger.close(), log.close()]);
      });

      it('stores nothing of any write when one event takes a version already stored', async () => {
        const store = persistence();
        const sagas = store.recorder('sagas');
        const ledger = store.recorder('ledger');
        await ledger.insert([storedEvent('books', 1)]);
        const attempt = insertAll(store, [
          { recorder: sagas, events: [storedEvent('saga-1', 1)] },
          { recorder: ledger, events: [storedEvent('books', 2), storedEvent('books', 1)] },
        ]);
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
        // The error names the event that hit the taken version, not the first of its write.
        await expect(attempt).rejects.toMatchObject({ originatorId: 'books', originatorVersion: 1 });
        expect(await sagas.selectNotifications(1, 10)).toEqual([]);
        expect((await ledger.selectNotifications(1, 10)).map((n) => n.originatorVersion)).toEqual([1]);
        // The same aggregate id in two applications is two aggregates.
        await insertAll(store, [
          { recorder: sagas, events: [storedEvent('books', 1)] },
          { recorder: ledger, events: [storedEvent('books', 2)] },
        ]);
        expect(await sagas.selectEvents('books')).toEqual([storedEvent('books', 1)]);
        await Promise.all([sagas.close(), ledger.close()]);
      });

      it('commits writes whose expected head holds, and none of them once another commit moved that head', async () => {
        const store = persistence();
        const commands = store.recorder('commands');
        const sagas = store.recorder('sagas');
        const otherTab = store.recorder('commands');
        await commands.insert([storedEvent('request-1', 1)]);
        const derived = (id: number) => ({
          upstreamName: 'commands',
          notificationId: id,
          expectedPosition: id - 1,
        });
        const ids = await insertAll(store, [
          { recorder: commands, events: [storedEvent('request-2', 1)], options: { expectedHead: 1 } },
          { recorder: sagas, events: [storedEvent('request-2', 1)], options: { tracking: derived(1) } },
        ]);
        expect(ids).toEqual([[2], [1]]);
        await otherTab.insert([storedEvent('request-3', 1)]);
        const stale = insertAll(store, [
          { recorder: commands, events: [storedEvent('request-4', 1)], options: { expectedHead: 2 } },
          { recorder: sagas, events: [storedEvent('request-4', 1)], options: { tracking: derived(2) } },
        ]);
        await expect(stale).rejects.toBeInstanceOf(HeadConflictError);
        await expect(stale).rejects.toMatchObject({ code: 'head-conflict', expectedHead: 2, storedHead: 3 });
        expect((await commands.selectNotifications(1, 10)).map((n) => n.originatorId)).toEqual([
          'request-1',
          'request-2',
          'request-3',
        ]);
        expect((await sagas.selectNotifications(1, 10)).map((n) => n.originatorId)).toEqual(['request-2']);
        expect(await sagas.position('commands')).toBe(1);
        await Promise.all([commands.close(), sagas.close(), otherTab.close()]);
      });

      it('closes one recorder for good while another on the same persistence stays open', async () => {
        const store = persistence();
        const sagas = store.recorder('sagas');
        const ledger = store.recorder('ledger');
        await sagas.insert([storedEvent('saga-1', 1)]);
        await sagas.close();
        await expect(sagas.insert([storedEvent('saga-2', 1)])).rejects.toMatchObject({ reason: 'closed' });
        await expect(sagas.selectEvents('saga-1')).rejects.toBeInstanceOf(StorageError);
        await expect(insertAll(store, [{ recorder: sagas, events: [storedEvent('saga-3', 1)] }])).rejects.toMatchObject(
          { reason: 'closed' },
        );
        expect(await ledger.insert([storedEvent('books', 1)])).toEqual([1]);
        const again = store.recorder('sagas');
        expect((await again.selectNotifications(1, 10)).map((n) => n.originatorId)).toEqual(['saga-1']);
        await Promise.all([ledger.close(), again.close()]);
      });

      it('erases one application without touching the others', async () => {
        const store = persistence();
        const sagas = store.recorder('sagas');
        const ledger = store.recorder('ledger');
        await insertAll(store, [
          { recorder: sagas, events: [storedEvent('saga-1', 1)], options: { tracking: tracked(1) } },
          { recorder: ledger, events: [storedEvent('books', 1)], options: { tracking: tracked(1) } },
        ]);
        await sagas.erase();
        const again = store.recorder('sagas');
        expect(await again.selectNotifications(1, 10)).toEqual([]);
        expect(await again.position('requests')).toBe(0);
        expect(await again.insert([storedEvent('saga-9', 1)])).toEqual([1]);
        expect((await ledger.selectNotifications(1, 10)).map((n) => n.originatorId)).toEqual(['books']);
        expect(await ledger.position('requests')).toBe(1);
        await Promise.all([again.close(), ledger.close()]);
      });
    });

    describe('selecting events', () => {
      it('selects an aggregate by version range, in reverse and with a limit', async () => {
        const recorder = open();
        await recorder.insert([1, 2, 3, 4, 5].map((version) => storedEvent('alice', version)));
        await recorder.insert([storedEvent('bob', 1)]);
        const versions = async (range: Parameters<typeof recorder.selectEvents>[1]) =>
          (await recorder.selectEvents('alice', range)).map((e) => e.originatorVersion);
        expect(await versions({})).toEqual([1, 2, 3, 4, 5]);
        expect(await versions({ after: 2 })).toEqual([3, 4, 5]);
        expect(await versions({ upTo: 3 })).toEqual([1, 2, 3]);
        expect(await versions({ after: 1, upTo: 4 })).toEqual([2, 3, 4]);
        expect(await versions({ descending: true })).toEqual([5, 4, 3, 2, 1]);
        expect(await versions({ descending: true, limit: 2 })).toEqual([5, 4]);
        expect(await versions({ after: 1, limit: 2 })).toEqual([2, 3]);
        expect(await recorder.selectEvents('nobody')).toEqual([]);
        await recorder.close();
      });

      it('answers reads asked at once, each with its own aggregate and range, as it answers them one by one', async () => {
        const recorder = open();
        await recorder.insert([1, 2, 3].map((version) => storedEvent('alice', version)));
        await recorder.insert([storedEvent('bob', 1), storedEvent('alice', 4), storedEvent('bob', 2)]);
        const reads: [string, Parameters<typeof recorder.selectEvents>[1]][] = [
          ['alice', {}],
          ['bob', {}],
          ['alice', { after: 2 }],
          ['nobody', {}],
          ['alice', { descending: true, limit: 2 }],
          ['bob', { upTo: 1 }],
        ];
        const together = await Promise.all(reads.map(([id, range]) => recorder.selectEvents(id, range)));
        const oneByOne = [];
        for (const [id, range] of reads) oneByOne.push(await recorder.selectEvents(id, range));
        expect(together).toEqual(oneByOne);
        expect(together.map((events) => events.map((e) => `${e.originatorId}@${e.originatorVersion}`))).toEqual([
          ['alice@1', 'alice@2', 'alice@3', 'alice@4'],
          ['bob@1', 'bob@2'],
          ['alice@3', 'alice@4'],
          [],
          ['alice@4', 'alice@3'],
          ['bob@1'],
        ]);
        await recorder.close();
        const closed = await Promise.allSettled([recorder.selectEvents('alice'), recorder.selectEvents('bob')]);
        expect(closed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
        for (const result of closed) expect(result.status === 'rejected' && result.reason).toBeInstanceOf(StorageError);
      });

      it('selects notifications from a start id, at most a limit', async () => {
        const recorder = open();
        const ids = await recorder.insert([1, 2, 3, 4, 5].map((version) => storedEvent('alice', version)));
        const start = ids[1] ?? 0;
        const page = await recorder.selectNotifications(start, 2);
        expect(page.map((n) => n.id)).toEqual(ids.slice(1, 3));
        expect(page.map((n) => n.originatorVersion)).toEqual([2, 3]);
        expect(await recorder.selectNotifications((ids.at(-1) ?? 0) + 1, 10)).toEqual([]);
        expect(await recorder.selectNotifications(1, Number.MAX_SAFE_INTEGER)).toHaveLength(5);
        expect(await recorder.maxNotificationId()).toBe(ids.at(-1));
        await recorder.close();
      });

      it('returns stored data that a caller cannot change', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)]);
        const [event] = await recorder.selectEvents('alice');
        try {
          (event?.data as Record<string, unknown>).name = 'mallory';
        } catch {
          // frozen: fine
        }
        expect((await recorder.selectEvents('alice'))[0]?.data).toEqual({ name: 'alice' });
        await recorder.close();
      });
    });

    describe('tracking', () => {
      it('writes the tracking record with the events, and reports the position', async () => {
        const recorder = open();
        expect(await recorder.position('upstream')).toBe(0);
        await recorder.insert([storedEvent('alice', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 3, expectedPosition: 0 },
        });
        expect(await recorder.position('upstream')).toBe(3);
        expect(await recorder.position('other')).toBe(0);
        await recorder.insert([], { tracking: { upstreamName: 'upstream', notificationId: 7, expectedPosition: 3 } });
        expect(await recorder.position('upstream')).toBe(7);
        await recorder.close();
      });

      it('rejects a repeated tracking position and stores nothing of that call', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 1, expectedPosition: 0 },
        });
        const repeat = recorder.insert([storedEvent('bob', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 1, expectedPosition: 0 },
        });
        await expect(repeat).rejects.toBeInstanceOf(TrackingConflictError);
        await expect(repeat).rejects.toMatchObject({ code: 'tracking-conflict', storedPosition: 1 });
        const same = recorder.insert([storedEvent('bob', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 1, expectedPosition: 1 },
        });
        await expect(same).rejects.toBeInstanceOf(TrackingConflictError);
        expect(await recorder.selectEvents('bob')).toEqual([]);
        expect(await recorder.position('upstream')).toBe(1);
        await recorder.close();
      });

      it('rejects work based on a stale position (two processors racing), storing nothing', async () => {
        const recorder = open();
        await recorder.insert([], { tracking: { upstreamName: 'upstream', notificationId: 7, expectedPosition: 0 } });
        const stale = recorder.insert([storedEvent('bob', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 10, expectedPosition: 4 },
        });
        await expect(stale).rejects.toBeInstanceOf(TrackingConflictError);
        expect(await recorder.selectEvents('bob')).toEqual([]);
        expect(await recorder.position('upstream')).toBe(7);
        await recorder.close();
      });

      it('stores an insert only while the log ends at its expected head', async () => {
        const recorder = open();
        expect(await recorder.insert([storedEvent('alice', 1)], { expectedHead: 0 })).toEqual([1]);
        const behind = recorder.insert([storedEvent('bob', 1)], { expectedHead: 0 });
        await expect(behind).rejects.toBeInstanceOf(HeadConflictError);
        await expect(behind).rejects.toMatchObject({ expectedHead: 0, storedHead: 1 });
        await expect(recorder.insert([storedEvent('bob', 1)], { expectedHead: 2 })).rejects.toBeInstanceOf(
          HeadConflictError,
        );
        expect(await recorder.selectEvents('bob')).toEqual([]);
        expect(await recorder.insert([storedEvent('bob', 1)], { expectedHead: 1 })).toEqual([2]);
        await recorder.close();
      });

      it('keeps the tracking record when the events of the same call conflict', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)]);
        const conflict = recorder.insert([storedEvent('alice', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 5, expectedPosition: 0 },
        });
        await expect(conflict).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await recorder.position('upstream')).toBe(0);
        await recorder.close();
      });
    });

    describe('tracked writes after its own', () => {
      it('names the taken version of a tracked write that follows its own commits, and stores nothing of it', async () => {
        const recorder = open();
        const tracked = (notificationId: number, expectedPosition: number) => ({
          tracking: { upstreamName: 'upstream', notificationId, expectedPosition },
        });
        await recorder.insert([storedEvent('alice', 1)], tracked(1, 0));
        await recorder.insert([storedEvent('alice', 2)], tracked(2, 1));
        const conflict = recorder.insert([storedEvent('bob', 1), storedEvent('alice', 2)], tracked(3, 2));
        await expect(conflict).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(conflict).rejects.toMatchObject({ originatorId: 'alice', originatorVersion: 2 });
        expect(await recorder.position('upstream')).toBe(2);
        expect(await recorder.maxNotificationId()).toBe(2);
        expect(await recorder.insert([storedEvent('bob', 1)], tracked(3, 2))).toEqual([3]);
        await recorder.close();
      });
    });

    describe('snapshots', () => {
      const snapshot = (version: number): Snapshot => ({
        originatorId: 'alice',
        originatorVersion: version,
        aggregateType: 'Tally',
        schemaVersion: 1,
        timestamp: '2026-01-01T00:00:00.000Z',
        state: { version },
      });

      it('selects the latest snapshot at or below a version, kept apart from events', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)], { snapshots: [snapshot(50), snapshot(100)] });
        expect((await recorder.selectSnapshot('alice'))?.originatorVersion).toBe(100);
        expect((await recorder.selectSnapshot('alice', 99))?.originatorVersion).toBe(50);
        expect(await recorder.selectSnapshot('alice', 49)).toBeUndefined();
        expect(await recorder.selectSnapshot('bob')).toBeUndefined();
        expect(await recorder.selectNotifications(1, 10)).toHaveLength(1);
        await recorder.close();
      });

      it('replaces a snapshot at the same version, and deletes snapshots without touching events', async () => {
        const recorder = open();
        await recorder.insert([], { snapshots: [snapshot(50)] });
        await recorder.insert([], { snapshots: [{ ...snapshot(50), state: { replaced: true } }] });
        expect((await recorder.selectSnapshot('alice'))?.state).toEqual({ replaced: true });
        await recorder.insert([storedEvent('alice', 1)]);
        await recorder.deleteSnapshots('alice');
        expect(await recorder.selectSnapshot('alice')).toBeUndefined();
        await recorder.insert([], { snapshots: [snapshot(50)] });
        await recorder.deleteSnapshots();
        expect(await recorder.selectSnapshot('alice')).toBeUndefined();
        expect(await recorder.selectEvents('alice')).toHaveLength(1);
        await recorder.close();
      });

      it('reads an aggregate as its latest snapshot and the events after it, up to a version', async () => {
        const recorder = open();
        await recorder.insert(
          [1, 2, 3, 4, 5, 6].map((version) => storedEvent('alice', version)),
          {
            snapshots: [snapshot(2), snapshot(4)],
          },
        );
        const latest = await recorder.selectAggregate('alice');
        expect(latest.snapshot?.originatorVersion).toBe(4);
        expect(latest.events.map((e) => e.originatorVersion)).toEqual([5, 6]);
        const older = await recorder.selectAggregate('alice', 3);
        expect(older.snapshot?.originatorVersion).toBe(2);
        expect(older.events.map((e) => e.originatorVersion)).toEqual([3]);
        const none = await recorder.selectAggregate('bob');
        expect(none).toEqual({ snapshot: undefined, events: [] });
        await recorder.deleteSnapshots();
        expect((await recorder.selectAggregate('alice', 2)).events).toEqual([
          storedEvent('alice', 1),
          storedEvent('alice', 2),
        ]);
        await recorder.close();
      });

      it('stores nothing of a snapshot whose call fails', async () => {
        const recorder = open();
        await recorder.insert([storedEvent('alice', 1)]);
        await expect(recorder.insert([storedEvent('alice', 1)], { snapshots: [snapshot(50)] })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        expect(await recorder.selectSnapshot('alice')).toBeUndefined();
        await recorder.close();
      });
    });

    describe('recent commits answered from memory', () => {
      it('answers selectNotifications after its own commits exactly as a fresh recorder reads them from storage', async () => {
        const store = persistence();
        const writer = store.recorder('app');
        await writer.insert([storedEvent('alice', 1), storedEvent('bob', 1)]);
        await writer.insert([storedEvent('alice', 2)]);
        const ids = await writer.insert([storedEvent('carol', 1), storedEvent('alice', 3)]);
        const head = ids.at(-1) ?? 0;
        const fresh = store.recorder('app');
        for (let start = 0; start <= head + 1; start++) {
          for (const limit of [1, 2, 10]) {
            expect(await writer.selectNotifications(start, limit)).toEqual(
              await fresh.selectNotifications(start, limit),
            );
          }
        }
        await writer.close();
        await fresh.close();
      });

      it('lists the events of an aggregate committed since a notification, right after its own commit', async () => {
        const recorder = open();
        const [first] = await recorder.insert([storedEvent('alice', 1)]);
        const ids = await recorder.insert([storedEvent('bob', 1), storedEvent('alice', 2)]);
        expect(recorder.recentEvents('alice', first ?? 0)).toEqual([{ ...storedEvent('alice', 2), id: ids[1] }]);
        expect(recorder.recentEvents('alice', ids[1] ?? 0)).toEqual([]);
        expect(recorder.recentEvents('carol', first ?? 0)).toEqual([]);
        await recorder.close();
      });

      it('never answers from stale memory once another recorder on the store has committed', async () => {
        const store = persistence();
        const writer = store.recorder('app');
        const other = store.recorder('app');
        const [first] = await writer.insert([storedEvent('alice', 1)]);
        const [second] = await other.insert([storedEvent('alice', 2)]);
        await firstValueFrom(writer.head$.pipe(filter((head) => head >= (second ?? 0))));
        const recent = writer.recentEvents('alice', first ?? 0);
        if (recent !== undefined) expect(recent).toEqual([{ ...storedEvent('alice', 2), id: second }]);
        expect(await writer.selectNotifications((first ?? 0) + 1, 10)).toEqual([
          { ...storedEvent('alice', 2), id: second },
        ]);
        const [third] = await writer.insert([storedEvent('alice', 3)]);
        expect(writer.recentEvents('alice', second ?? 0)).toEqual([{ ...storedEvent('alice', 3), id: third }]);
        await writer.close();
        await other.close();
      });
    });

    describe('recent commits seen in storage', () => {
      it('reads a commit of another recorder once it reads a head that includes it, announced or not', async () => {
        const store = persistence();
        const writer = store.recorder('app');
        const other = store.recorder('app');
        const [first] = await writer.insert([storedEvent('alice', 1)]);
        const [second] = await other.insert([storedEvent('alice', 2)]);
        expect(await writer.maxNotificationId()).toBe(second);
        expect(await writer.selectNotifications((first ?? 0) + 1, 10)).toEqual([
          { ...storedEvent('alice', 2), id: second },
        ]);
        const recent = writer.recentEvents('alice', first ?? 0);
        if (recent !== undefined) expect(recent).toEqual([{ ...storedEvent('alice', 2), id: second }]);
        await writer.close();
        await other.close();
      });
    });

    describe('the head and restarts', () => {
      it('announces the head after each commit, also to another recorder on the same store', async () => {
        const store = persistence();
        const writer = store.recorder('app');
        const reader = store.recorder('app');
        await writer.insert([storedEvent('alice', 1)]);
        const seen = firstValueFrom(reader.head$.pipe(filter((head) => head >= 3)));
        const ids = await writer.insert([storedEvent('alice', 2), storedEvent('alice', 3)]);
        expect(await seen).toBe(ids.at(-1));
        await writer.close();
        await reader.close();
      });

      it('keeps everything for a recorder opened after the first was closed', async () => {
        const store = persistence();
        const first = store.recorder('app');
        await first.insert([storedEvent('alice', 1)], {
          tracking: { upstreamName: 'upstream', notificationId: 2, expectedPosition: 0 },
        });
        await first.close();
        const second = store.recorder('app');
        expect(await second.selectEvents('alice')).toEqual([storedEvent('alice', 1)]);
        expect(await second.position('upstream')).toBe(2);
        const [id] = await second.insert([storedEvent('alice', 2)]);
        expect(id).toBeGreaterThan(1);
        await second.close();
      });

      it('keeps the stores of two applications apart', async () => {
        const store = persistence();
        const one = store.recorder('one');
        const two = store.recorder('two');
        await one.insert([storedEvent('alice', 1)]);
        expect(await two.selectEvents('alice')).toEqual([]);
        await two.insert([storedEvent('alice', 1)]);
        await one.close();
        await two.close();
      });

      it('erases the whole store for an undo: a recorder opened afterwards finds it empty and numbers from 1', async () => {
        const store = persistence();
        const first = store.recorder('app');
        await first.insert([storedEvent('alice', 1), storedEvent('alice', 2)], {
          tracking: { upstreamName: 'upstream', notificationId: 4, expectedPosition: 0 },
          snapshots: [storedSnapshot('alice', 2, { total: 2 })],
        });
        await first.erase();
        await expect(first.selectEvents('alice')).rejects.toBeInstanceOf(StorageError);
        const second = store.recorder('app');
        expect(await second.maxNotificationId()).toBe(0);
        expect(await second.selectEvents('alice')).toEqual([]);
        expect(await second.selectSnapshot('alice')).toBeUndefined();
        expect(await second.position('upstream')).toBe(0);
        expect(await second.insert([storedEvent('bob', 1)])).toEqual([1]);
        await second.close();
      });

      it('fails with StorageError after it was closed', async () => {
        const recorder = open();
        await recorder.close();
        await expect(recorder.insert([storedEvent('alice', 1)])).rejects.toBeInstanceOf(StorageError);
        await expect(recorder.selectEvents('alice')).rejects.toMatchObject({ code: 'storage', reason: 'closed' });
        expect(recorder.recentEvents('alice', 0)).toBeUndefined();
      });
    });
  });
}

/** `Persistence.insertAll`, which every persistence of the contract offers. */
function insertAll(persistence: Persistence, writes: readonly RecorderWrite[]): Promise<number[][]> {
  if (persistence.insertAll === undefined) throw new Error(`${persistence.description} has no insertAll`);
  return persistence.insertAll(writes);
}

function tracked(notificationId: number) {
  return { upstreamName: 'requests', notificationId, expectedPosition: 0 };
}
