import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  AggregateNotFoundError,
  Application,
  ConcurrencyError,
  SchemaVersionError,
  UnknownEventTypeError,
  type Persistence,
} from '../../src/eventsourcing';
import { countAggregateReads } from '../fixtures/count-aggregate-reads';
import { steppingClock } from '../fixtures/stored-events';
import { Tally } from '../fixtures/tally';

/** The application contract: saving, loading, snapshots, upcasting and the notification log, on any persistence. */
export function applicationContract(name: string, persistence: () => Persistence): void {
  describe(`Application contract › ${name}`, () => {
    const application = (store: Persistence, options: { snapshotting?: Record<string, number> } = {}) =>
      new Application({ name: 'tallies', persistence: store, clock: steppingClock(), ...options });

    describe('saved aggregates kept in memory', () => {
      it('loads an aggregate it saved without reading storage when asked (cached), equal to a load from storage', async () => {
        const store = persistence();
        const app = application(store, { snapshotting: { Tally: 2 } });
        const tally = Tally.start('alice', 'Alice');
        tally.add(3);
        await app.save(tally);
        tally.add(4);
        await app.save(tally);
        const reads = countAggregateReads(app);
        const loaded = await app.repository.get(Tally, 'alice', { cached: true });
        expect(reads()).toBe(0);
        await app.repository.get(Tally, 'alice');
        expect(reads()).toBe(1);
        const restarted = application(store);
        const fromStorage = await restarted.repository.get(Tally, 'alice');
        expect(loaded.version).toBe(fromStorage.version);
        expect(loaded.state).toEqual(fromStorage.state);
        loaded.add(1);
        await app.save(loaded);
        expect((await restarted.repository.get(Tally, 'alice')).state.total).toBe(8);
        await Promise.all([app.close(), restarted.close()]);
      });

      it('sees what another application on the same stores saved once it has heard of it', async () => {
        const store = persistence();
        const app = application(store);
        const other = application(store);
        await app.save(Tally.start('alice', 'Alice'));
        const theirs = await other.repository.get(Tally, 'alice');
        theirs.add(5);
        const [id] = await other.save(theirs);
        await firstValueFrom(app.log.head$.pipe(filter((head) => head >= (id ?? 0))));
        const loaded = await app.repository.get(Tally, 'alice', { cached: true });
        expect(loaded.version).toBe(2);
        expect(loaded.state.total).toBe(5);
        await Promise.all([app.close(), other.close()]);
      });

      it('never saves over a change it had not heard of: the save fails with ConcurrencyError, the next load is current', async () => {
        // A cached load may miss another writer's commit for a moment; a save based on it cannot succeed.
        const store = persistence();
        const app = application(store);
        const other = application(store);
        await app.save(Tally.start('alice', 'Alice'));
        const stale = await app.repository.get(Tally, 'alice', { cached: true });
        const theirs = await other.repository.get(Tally, 'alice');
        theirs.add(5);
        await other.save(theirs);
        stale.add(1);
        await expect(app.save(stale)).rejects.toBeInstanceOf(ConcurrencyError);
        const current = await app.repository.get(Tally, 'alice', { cached: true });
        expect(current.state.total).toBe(5);
        current.add(1);
        await app.save(current);
        expect((await other.repository.get(Tally, 'alice')).state.total).toBe(6);
        await Promise.all([app.close(), other.close()]);
      });
    });

    describe('save and load', () => {
      it('loads what was saved, at the last version and at an older one', async () => {
        const app = application(persistence());
        const tally = Tally.start('alice', 'Alice');
        tally.add(5);
        tally.add(7);
        await app.save(tally);
        expect(tally.pendingEvents).toEqual([]);
        const loaded = await app.repository.get(Tally, 'alice');
        expect(loaded.version).toBe(3);
        expect(loaded.state).toEqual({ name: 'Alice', total: 12, additions: 2 });
        const older = await app.repository.get(Tally, 'alice', { version: 2 });
        expect(older.version).toBe(2);
        expect(older.state).toEqual({ name: 'Alice', total: 5, additions: 1 });
        await app.close();
      });

      it('saves several aggregates atomically: a conflict on one stores nothing of the others', async () => {
        const app = application(persistence());
        await app.save(Tally.start('alice', 'Alice'));
        const bob = Tally.start('bob', 'Bob');
        const staleAlice = Tally.start('alice', 'Alice again');
        await expect(app.save(bob, staleAlice)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await app.repository.find(Tally, 'bob')).toBeUndefined();
        expect((await app.repository.get(Tally, 'alice')).state.name).toBe('Alice');
        expect(bob.pendingEvents).toHaveLength(1);
        await app.close();
      });

      it('refuses a save based on a version that another writer has moved on from', async () => {
        const app = application(persistence());
        await app.save(Tally.start('alice', 'Alice'));
        const first = await app.repository.get(Tally, 'alice');
        const second = await app.repository.get(Tally, 'alice');
        first.add(1);
        second.add(2);
        await app.save(first);
        await expect(app.save(second)).rejects.toMatchObject({ code: 'concurrency', originatorId: 'alice' });
        expect((await app.repository.get(Tally, 'alice')).state.total).toBe(1);
        await app.close();
      });

      it('reports an unknown id as AggregateNotFoundError, and find gives undefined', async () => {
        const app = application(persistence());
        await expect(app.repository.get(Tally, 'nobody')).rejects.toBeInstanceOf(AggregateNotFoundError);
        await expect(app.repository.get(Tally, 'nobody')).rejects.toMatchObject({ originatorId: 'nobody' });
        expect(await app.repository.find(Tally, 'nobody')).toBeUndefined();
        await app.close();
      });

      it('sees everything after a restart on the same persistence', async () => {
        const store = persistence();
        const before = application(store);
        const tally = Tally.start('alice', 'Alice');
        tally.add(3);
        await before.save(tally);
        await before.close();
        const after = application(store);
        expect((await after.repository.get(Tally, 'alice')).state.total).toBe(3);
        await after.close();
      });
    });

    describe('snapshots', () => {
      it('snapshots at every multiple of the interval and loads equal to a full replay, at and between', async () => {
        const store = persistence();
        const app = application(store, { snapshotting: { Tally: 50 } });
        const tally = Tally.start('alice', 'Alice');
        await app.save(tally);
        // Saves of uneven sizes, so that some cross a multiple of 50 in the middle.
        for (let amount = 1; tally.version < 230; amount++) {
          for (let index = 0; index < (amount % 7) + 1; index++) tally.add(amount);
          await app.save(tally);
        }
        for (const version of [50, 100, 150, 200]) {
          expect((await app.recorder.selectSnapshot('alice', version))?.originatorVersion).toBe(version);
        }
        const versions = [1, 49, 50, 51, 99, 100, 149, 150, 199, 200, 201, tally.version];
        const fromSnapshots = [];
        for (const version of versions) fromSnapshots.push(await app.repository.get(Tally, 'alice', { version }));
        await app.recorder.deleteSnapshots();
        for (const [index, version] of versions.entries()) {
          const fullReplay = await app.repository.get(Tally, 'alice', { version });
          expect(fromSnapshots[index]?.version).toBe(version);
          expect(fromSnapshots[index]?.state).toEqual(fullReplay.state);
        }
        expect(fromSnapshots.at(-1)?.state).toEqual(tally.state);
        await app.close();
      });

      it('uses the snapshot when loading (a snapshot with doctored state proves it was read)', async () => {
        const store = persistence();
        const app = application(store, { snapshotting: { Tally: 2 } });
        const tally = Tally.start('alice', 'Alice');
        tally.add(1);
        tally.add(1);
        await app.save(tally);
        const snapshot = await app.recorder.selectSnapshot('alice');
        expect(snapshot?.originatorVersion).toBe(2);
        await app.recorder.insert([], { snapshots: [{ ...snapshot!, state: { ...snapshot!.state, name: 'cached' } }] });
        // A restarted application (nothing in memory) loads from storage.
        const restarted = application(store, { snapshotting: { Tally: 2 } });
        expect((await restarted.repository.get(Tally, 'alice')).state.name).toBe('cached');
        await app.recorder.deleteSnapshots();
        const again = application(store, { snapshotting: { Tally: 2 } });
        expect((await again.repository.get(Tally, 'alice')).state).toEqual({ name: 'Alice', total: 2, additions: 2 });
        await Promise.all([app.close(), restarted.close(), again.close()]);
      });

      it('ignores a snapshot written for another shape of state', async () => {
        const app = application(persistence(), { snapshotting: { Tally: 2 } });
        const tally = Tally.start('alice', 'Alice');
        tally.add(4);
        await app.save(tally);
        const snapshot = await app.recorder.selectSnapshot('alice');
        await app.recorder.insert([], { snapshots: [{ ...snapshot!, schemaVersion: 99, state: { wrong: true } }] });
        expect((await app.repository.get(Tally, 'alice')).state).toEqual({ name: 'Alice', total: 4, additions: 1 });
        await app.close();
      });

      it('takes a snapshot on demand, and deleting every snapshot changes no result', async () => {
        const app = application(persistence());
        const tally = Tally.start('alice', 'Alice');
        for (let amount = 1; amount <= 30; amount++) tally.add(amount);
        await app.save(tally);
        await app.takeSnapshot(Tally, 'alice');
        expect((await app.recorder.selectSnapshot('alice'))?.originatorVersion).toBe(31);
        const withSnapshot = await app.repository.get(Tally, 'alice');
        await app.recorder.deleteSnapshots();
        const withoutSnapshot = await app.repository.get(Tally, 'alice');
        expect(withoutSnapshot.state).toEqual(withSnapshot.state);
        expect(withoutSnapshot.state.total).toBe(465);
        await app.close();
      });
    });

    describe('upcasting', () => {
      it('upcasts an event stored under schema version 1 when read by code at version 2', async () => {
        const store = persistence();
        // What the old code stored: TallyStarted v1 carried `title`, not `name`.
        const old = store.recorder('tallies');
        await old.insert([
          {
            originatorId: 'alice',
            originatorVersion: 1,
            type: 'TallyStarted',
            schemaVersion: 1,
            timestamp: '2025-01-01T00:00:00.000Z',
            data: { title: 'Alice (v1)' },
          },
        ]);
        await old.close();
        const app = new Application({
          name: 'tallies',
          persistence: store,
          schemas: {
            TallyStarted: { version: 2, upcasters: { 1: ({ title, ...rest }) => ({ ...rest, name: title ?? '' }) } },
          },
        });
        const tally = await app.repository.get(Tally, 'alice');
        expect(tally.state.name).toBe('Alice (v1)');
        const [notification] = await app.log.select(1, 1);
        expect(notification?.data).toEqual({ name: 'Alice (v1)' });
        const renamed = Tally.start('bob', 'Bob');
        await app.save(renamed);
        const [stored] = await app.recorder.selectEvents('bob');
        expect(stored?.schemaVersion).toBe(2);
        expect(stored?.data).toEqual({ name: 'Bob' });
        await app.close();
      });

      it('refuses an event stored by newer code with SchemaVersionError', async () => {
        const store = persistence();
        const newer = store.recorder('tallies');
        await newer.insert([
          {
            originatorId: 'alice',
            originatorVersion: 1,
            type: 'TallyStarted',
            schemaVersion: 3,
            timestamp: '2027-01-01T00:00:00.000Z',
            data: { name: 'from the future' },
          },
        ]);
        const app = application(store);
        await expect(app.repository.get(Tally, 'alice')).rejects.toBeInstanceOf(SchemaVersionError);
        await expect(app.repository.get(Tally, 'alice')).rejects.toMatchObject({ storedVersion: 3, currentVersion: 1 });
        await newer.close();
        await app.close();
      });

      it('never skips an unknown event type: loading fails with UnknownEventTypeError', async () => {
        const store = persistence();
        const app = application(store);
        await app.save(Tally.start('alice', 'Alice'));
        await app.recorder.insert([
          {
            originatorId: 'alice',
            originatorVersion: 2,
            type: 'TallyExploded',
            schemaVersion: 1,
            timestamp: '2026-01-01T00:00:00.000Z',
            data: {},
          },
        ]);
        await expect(app.repository.get(Tally, 'alice')).rejects.toMatchObject({
          code: 'unknown-event-type',
          eventType: 'TallyExploded',
          aggregateType: 'Tally',
        });
        await expect(app.repository.get(Tally, 'alice')).rejects.toBeInstanceOf(UnknownEventTypeError);
        await app.close();
      });
    });

    describe('notification log', () => {
      it('selects notifications in commit order with their ids, upcast to domain events', async () => {
        const app = application(persistence());
        const alice = Tally.start('alice', 'Alice');
        const bob = Tally.start('bob', 'Bob');
        await app.save(alice, bob);
        alice.add(2);
        await app.save(alice);
        const notifications = await app.log.select(1, 10);
        expect(notifications.map((n) => [n.originatorId, n.type, n.originatorVersion])).toEqual([
          ['alice', 'TallyStarted', 1],
          ['bob', 'TallyStarted', 1],
          ['alice', 'TallyAdded', 2],
        ]);
        expect(notifications.map((n) => n.id)).toEqual([1, 2, 3]);
        expect((await app.log.select(3, 10)).map((n) => n.id)).toEqual([3]);
        await app.close();
      });

      it('streams notifications$ in order, including those written by another tab', async () => {
        const store = persistence();
        const tab1 = application(store);
        const tab2 = application(store);
        await tab1.save(Tally.start('before', 'Before'));
        const head = await tab2.log.maxNotificationId();
        const streamed = firstValueFrom(tab2.log.notifications$.pipe(take(3), toArray()));
        // Wait until the stream has read its starting point.
        await firstValueFrom(tab2.log.head$.pipe(filter((id) => id >= head)));
        await new Promise((resolve) => setTimeout(resolve, 10));
        await tab1.save(Tally.start('alice', 'Alice'));
        const bob = Tally.start('bob', 'Bob');
        bob.add(1);
        await tab1.save(bob);
        const notifications = await streamed;
        expect(notifications.map((n) => [n.originatorId, n.originatorVersion])).toEqual([
          ['alice', 1],
          ['bob', 1],
          ['bob', 2],
        ]);
        await tab1.close();
        await tab2.close();
      });
    });
  });
}
