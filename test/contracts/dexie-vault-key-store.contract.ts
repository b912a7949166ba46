import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import {
  DexieVaultKeyStore,
  LocalStoreError,
  encodeRecoveryCode,
  generateVaultKey,
  importVaultKey,
  openRequest,
  parseRecoveryCode,
  sealRequest,
} from '../../src/sync';
import { savedKey } from '../fixtures/saved-key';

/**
 * What is peculiar to `DexieVaultKeyStore`, wherever its IndexedDB is (fake-indexeddb in Node, Chromium's own):
 * what its rows hold, two store objects saving at once, a closed store. `databaseName` gives a fresh name.
 */
export function dexieVaultKeyStoreContract(name: string, databaseName: () => string): void {
  describe(`DexieVaultKeyStore › ${name}`, () => {
    /** Every row of the store's database, read with a Dexie of its own. */
    async function rows(database: string): Promise<Record<string, unknown>[]> {
      const db = new Dexie(database);
      db.version(1).stores({ keys: 'name' });
      try {
        return await db.table<Record<string, unknown>>('keys').toArray();
      } finally {
        db.close();
      }
    }

    describe('given a saved vault key', () => {
      it('holds a device key and the vault key as non-extractable CryptoKeys, and the key bytes only sealed', async () => {
        const database = databaseName();
        const store = new DexieVaultKeyStore({ databaseName: database });
        const raw = generateVaultKey();
        await store.save(raw);
        await store.close();
        const stored = await rows(database);
        expect(stored.map((row) => row.name).sort()).toEqual(['device', 'vault']);
        const values = stored.flatMap((row) => Object.values(row));
        const keys = values.filter((value) => value instanceof CryptoKey);
        expect(keys).toHaveLength(2);
        for (const key of keys) expect(key.extractable).toBe(false);
        const arrays = values.filter((value) => value instanceof Uint8Array);
        expect(arrays.length).toBeGreaterThan(0);
        for (const array of arrays) expect([...array].join()).not.toContain([...raw.subarray(0, 8)].join());
        const text = JSON.stringify(stored, (_, value: unknown) => (value instanceof Uint8Array ? [...value] : value));
        expect(text).not.toContain(encodeRecoveryCode(raw).slice(0, 9));
      });
    });

    describe('given two store objects on one database saving different keys at once, like two tabs', () => {
      it('ends with one device key and one vault key whose code matches it', async () => {
        const database = databaseName();
        const left = new DexieVaultKeyStore({ databaseName: database });
        const right = new DexieVaultKeyStore({ databaseName: database });
        const keys = [generateVaultKey(), generateVaultKey()] as const;
        await Promise.all([left.save(keys[0]), right.save(keys[1])]);
        const stored = await rows(database);
        expect(stored.map((row) => row.name).sort()).toEqual(['device', 'vault']);
        const code = await left.recoveryCode();
        expect(await right.recoveryCode()).toBe(code);
        expect([encodeRecoveryCode(keys[0]), encodeRecoveryCode(keys[1])]).toContain(code);
        const binding = { vaultId: 'vault-alice', deviceId: 'phone', position: 1 };
        const reference = await importVaultKey(parseRecoveryCode(code ?? ''));
        const envelope = await sealRequest(reference, binding, new Uint8Array([1, 2, 3]));
        expect(await openRequest(await savedKey(right), binding, envelope)).toEqual(new Uint8Array([1, 2, 3]));
        await left.close();
        await right.close();
      });
    });

    describe('given a closed store', () => {
      it('fails every call with LocalStoreError', async () => {
        const store = new DexieVaultKeyStore({ databaseName: databaseName() });
        await store.save(generateVaultKey());
        await store.close();
        await expect(store.key()).rejects.toBeInstanceOf(LocalStoreError);
        await expect(store.recoveryCode()).rejects.toBeInstanceOf(LocalStoreError);
        await expect(store.save(generateVaultKey())).rejects.toBeInstanceOf(LocalStoreError);
        await expect(store.clear()).rejects.toBeInstanceOf(LocalStoreError);
      });
    });
  });
}
