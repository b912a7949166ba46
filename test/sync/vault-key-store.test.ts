import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DexieVaultKeyStore, MemoryVaultKeyStore, generateVaultKey, importVaultKey } from '../../src/sync';
import { dexieVaultKeyStoreContract } from '../contracts/dexie-vault-key-store.contract';
import { vaultKeyStoreContract } from '../contracts/vault-key-store.contract';

let databases = 0;
const databaseName = () => `vault-keys-test-${databases++}`;

vaultKeyStoreContract('MemoryVaultKeyStore', () => {
  const store = new MemoryVaultKeyStore();
  return () => store;
});

vaultKeyStoreContract('DexieVaultKeyStore (fake-indexeddb)', () => {
  const name = databaseName();
  return () => new DexieVaultKeyStore({ databaseName: name });
});

dexieVaultKeyStoreContract('fake-indexeddb', databaseName);

describe('fake-indexeddb in Node', () => {
  describe('when it stores a CryptoKey', () => {
    it("clones it with Node's structuredClone, which keeps a non-extractable key usable (no fallback needed)", async () => {
      const key = await importVaultKey(generateVaultKey());
      const clone = structuredClone(key);
      expect(clone).toBeInstanceOf(CryptoKey);
      expect(clone).not.toBe(key);
      expect(clone.extractable).toBe(false);
      const iv = new Uint8Array(12);
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new Uint8Array([7]));
      expect(new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, clone, sealed))).toEqual(
        new Uint8Array([7]),
      );
    });
  });
});
