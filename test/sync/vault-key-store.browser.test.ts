import { describe, expect, it } from 'vitest';
import { DexieVaultKeyStore } from '../../src/sync';
import { dexieVaultKeyStoreContract } from '../contracts/dexie-vault-key-store.contract';
import { vaultKeyStoreContract } from '../contracts/vault-key-store.contract';

const run = Date.now().toString(36);
let databases = 0;
const databaseName = () => `vault-keys-${run}-${databases++}`;

describe('Vault key store in Chromium', () => {
  it('runs on the real IndexedDB of the browser, not a stand-in', () => {
    expect(Object.prototype.toString.call(indexedDB)).toBe('[object IDBFactory]');
    expect(navigator.userAgent).toContain('Chrome/');
  });
});

vaultKeyStoreContract('DexieVaultKeyStore (Chromium IndexedDB)', () => {
  const name = databaseName();
  return () => new DexieVaultKeyStore({ databaseName: name });
});

dexieVaultKeyStoreContract('Chromium IndexedDB', databaseName);
