import { MemoryRecorder, MemoryStore } from './memory-recorder';
import type { Persistence } from './persistence';

/** Keeps every application's events in this object's memory: lost with it, shared by every recorder it opens. */
export function memoryPersistence(): Persistence {
  const stores = new Map<string, MemoryStore>();
  return {
    description: 'memory',
    sharedName: undefined,
    recorder(applicationName) {
      let store = stores.get(applicationName);
      if (store === undefined) {
        store = new MemoryStore();
        stores.set(applicationName, store);
      }
      return new MemoryRecorder(store);
    },
    async insertAll(writes) {
      return MemoryRecorder.insertAll(
        writes.map((write) => {
          if (!(write.recorder instanceof MemoryRecorder)) {
            throw new TypeError('insertAll: a recorder this persistence did not open');
          }
          return { ...write, recorder: write.recorder };
        }),
      );
    },
  };
}
