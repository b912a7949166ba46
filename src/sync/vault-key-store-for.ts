import type { Persistence } from '../eventsourcing';
import { DexieVaultKeyStore } from './dexie-vault-key-store';
import { MemoryVaultKeyStore } from './memory-vault-key-store';
import type { VaultKeyStore } from './vault-key-store';

const memoryStores = new WeakMap<Persistence, MemoryVaultKeyStore>();

/**
 * The vault key store of the device a persistence is: an IndexedDB database beside its stores
 * (`${prefix}-vault-key`), or, for a persistence in memory, one store kept as long as that persistence object.
 */
export function vaultKeyStoreFor(persistence: Persistence): VaultKeyStore {
  const { indexedDB } = persistence;
  if (indexedDB !== undefined) {
    return new DexieVaultKeyStore({
      databaseName: `${indexedDB.prefix}-vault-key`,
      ...(indexedDB.factory === undefined ? {} : { indexedDB: indexedDB.factory }),
      ...(indexedDB.keyRange === undefined ? {} : { IDBKeyRange: indexedDB.keyRange }),
    });
  }
  let store = memoryStores.get(persistence);
  if (store === undefined) {
    store = new MemoryVaultKeyStore();
    memoryStores.set(persistence, store);
  }
  return store;
}
