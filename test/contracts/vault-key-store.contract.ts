import { describe, expect, it } from 'vitest';
import {
  encodeRecoveryCode,
  generateVaultKey,
  importVaultKey,
  openRequest,
  parseRecoveryCode,
  sealRequest,
  type VaultKeyStore,
} from '../../src/sync';
import { savedKey } from '../fixtures/saved-key';

/**
 * The vault key store contract: every store (memory, Dexie on fake-indexeddb, Dexie in Chromium) must pass it.
 * `storage` gives an opener of a storage no other test uses; each call of the opener is a store object on it (a
 * new object where the storage outlives it, like another tab or a later session).
 */
export function vaultKeyStoreContract(name: string, storage: () => () => VaultKeyStore): void {
  describe(`Vault key store contract › ${name}`, () => {
    const binding = { vaultId: 'vault-alice', deviceId: 'phone', position: 1 };
    const request = new TextEncoder().encode('{"type":"OpenAccount"}');

    /** Whether `key` opens what the key with bytes `raw` sealed, and seals what that key opens. */
    async function isKey(key: CryptoKey | undefined, raw: Uint8Array): Promise<boolean> {
      if (key === undefined) return false;
      const reference = await importVaultKey(raw);
      try {
        const there = await openRequest(key, binding, await sealRequest(reference, binding, request));
        const back = await openRequest(reference, binding, await sealRequest(key, binding, request));
        return [...there].join() === [...request].join() && [...back].join() === [...request].join();
      } catch {
        return false;
      }
    }

    describe('given a new store', () => {
      it('has no key and no recovery code', async () => {
        const store = storage()();
        expect(await store.key()).toBeUndefined();
        expect(await store.recoveryCode()).toBeUndefined();
        await store.close();
      });
    });

    describe('given a saved vault key', () => {
      it('gives a key that seals and opens as the saved bytes do', async () => {
        const store = storage()();
        const raw = generateVaultKey();
        await store.save(raw);
        expect(await isKey(await store.key(), raw)).toBe(true);
        expect(await isKey(await store.key(), generateVaultKey())).toBe(false);
        await store.close();
      });

      it('gives a non-extractable AES-GCM 256 key whose bytes WebCrypto will not export', async () => {
        const store = storage()();
        await store.save(generateVaultKey());
        const key = await savedKey(store);
        expect(key.extractable).toBe(false);
        expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
        expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
        await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
        await store.close();
      });

      it('gives the recovery code of the saved bytes', async () => {
        const store = storage()();
        const raw = generateVaultKey();
        await store.save(raw);
        const code = await store.recoveryCode();
        expect(code).toBe(encodeRecoveryCode(raw));
        expect(parseRecoveryCode(code ?? '')).toEqual(raw);
        await store.close();
      });

      it('keeps the bytes as they were saved when the caller changes its array afterwards', async () => {
        const store = storage()();
        const raw = generateVaultKey();
        const code = encodeRecoveryCode(raw);
        const given = raw.slice();
        await store.save(given);
        given.fill(0);
        expect(await store.recoveryCode()).toBe(code);
        expect(await isKey(await store.key(), raw)).toBe(true);
        await store.close();
      });
    });

    describe('given a key saved through one store object', () => {
      it('reads the same key and code through a fresh store object on the same storage', async () => {
        const open = storage();
        const first = open();
        const raw = generateVaultKey();
        await first.save(raw);
        const envelope = await sealRequest(await savedKey(first), binding, request);
        await first.close();
        const second = open();
        const key = await savedKey(second);
        expect(key.extractable).toBe(false);
        expect(await openRequest(key, binding, envelope)).toEqual(request);
        expect(await second.recoveryCode()).toBe(encodeRecoveryCode(raw));
        await second.close();
      });
    });

    describe('given a second key saved over the first', () => {
      it('gives only the second key and its code, also through a fresh store object', async () => {
        const open = storage();
        const store = open();
        const first = generateVaultKey();
        const second = generateVaultKey();
        await store.save(first);
        await store.save(second);
        expect(await isKey(await store.key(), second)).toBe(true);
        expect(await isKey(await store.key(), first)).toBe(false);
        expect(await store.recoveryCode()).toBe(encodeRecoveryCode(second));
        await store.close();
        const again = open();
        expect(await again.recoveryCode()).toBe(encodeRecoveryCode(second));
        await again.close();
      });
    });

    describe('when the store is cleared', () => {
      it('has no key and no code, for a fresh store object too, and takes a new key after', async () => {
        const open = storage();
        const store = open();
        await store.save(generateVaultKey());
        await store.clear();
        expect(await store.key()).toBeUndefined();
        expect(await store.recoveryCode()).toBeUndefined();
        await store.close();
        const again = open();
        expect(await again.key()).toBeUndefined();
        const raw = generateVaultKey();
        await again.save(raw);
        expect(await again.recoveryCode()).toBe(encodeRecoveryCode(raw));
        expect(await isKey(await again.key(), raw)).toBe(true);
        await again.close();
      });
    });

    describe('when bytes that are not a vault key are saved', () => {
      it('refuses them with a RangeError and keeps the key it had', async () => {
        const store = storage()();
        const raw = generateVaultKey();
        await store.save(raw);
        await expect(store.save(new Uint8Array(16))).rejects.toThrow(RangeError);
        expect(await store.recoveryCode()).toBe(encodeRecoveryCode(raw));
        await store.close();
      });
    });
  });
}
