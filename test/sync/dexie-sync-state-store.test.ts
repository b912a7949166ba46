import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieSyncStateStore, MemorySyncStateStore, type SyncStateStore } from '../../src/sync';

let databases = 0;

const stores: readonly (readonly [string, () => () => SyncStateStore])[] = [
  [
    'DexieSyncStateStore (fake-indexeddb)',
    () => {
      const databaseName = `sync-state-test-${databases++}`;
      return () => new DexieSyncStateStore({ databaseName });
    },
  ],
  [
    'MemorySyncStateStore',
    () => {
      const store = new MemorySyncStateStore();
      return () => store;
    },
  ],
];

for (const [name, fresh] of stores) {
  describe(name, () => {
    it('given a new store, then generates a device id once and keeps it across connections', async () => {
      const open = fresh();
      const first = open();
      const id = await first.deviceId();
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await first.deviceId()).toBe(id);
      await first.close();
      expect(await open().deviceId()).toBe(id);
    });

    it('given cursors, then they only move forward, per target and application', async () => {
      const store = fresh()();
      expect(await store.cursor('server-a', 'tallies')).toBe(0);
      await store.advanceCursor('server-a', 'tallies', 10);
      await store.advanceCursor('server-a', 'tallies', 4);
      await store.advanceCursor('server-b', 'tallies', 2);
      expect(await store.cursor('server-a', 'tallies')).toBe(10);
      expect(await store.cursor('server-b', 'tallies')).toBe(2);
      expect(await store.cursor('server-a', 'scores')).toBe(0);
    });

    it('given a restore, then resetCursor sets the cursor anew, even lower', async () => {
      const store = fresh()();
      await store.advanceCursor('server', 'tallies', 10);
      await store.resetCursor('server', 'tallies', 3);
      expect(await store.cursor('server', 'tallies')).toBe(3);
    });
  });
}
