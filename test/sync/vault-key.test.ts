import { describe, expect, it } from 'vitest';
import { VAULT_KEY_BYTES, generateVaultKey, importVaultKey } from '../../src/sync';

describe('Vault key', () => {
  describe('when a vault key is generated', () => {
    it('is 32 random bytes, another each time', () => {
      const first = generateVaultKey();
      expect(first).toHaveLength(VAULT_KEY_BYTES);
      expect(VAULT_KEY_BYTES).toBe(32);
      expect(generateVaultKey()).not.toEqual(first);
    });
  });

  describe('when its bytes are imported', () => {
    it('gives a non-extractable AES-GCM 256 key for encrypting and decrypting', async () => {
      const key = await importVaultKey(generateVaultKey());
      expect(key.extractable).toBe(false);
      expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
      expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
      await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    });

    it('refuses anything but 32 bytes with a RangeError, AES-128 and AES-192 sizes included', async () => {
      for (const length of [0, 16, 24, 31, 33]) {
        await expect(importVaultKey(new Uint8Array(length))).rejects.toThrow(RangeError);
      }
    });
  });
});
