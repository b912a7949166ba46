import { encodeRecoveryCode } from './recovery-code';
import { importVaultKey } from './vault-key';
import type { VaultKeyStore } from './vault-key-store';

/**
 * A vault key in memory: for tests, and for a session that keeps nothing. It holds a copy of the key's bytes (to
 * show the recovery code) beside the non-extractable `CryptoKey`; both are gone with the page.
 */
export class MemoryVaultKeyStore implements VaultKeyStore {
  #saved: { readonly raw: Uint8Array; readonly key: CryptoKey } | undefined;

  async save(raw: Uint8Array): Promise<void> {
    const key = await importVaultKey(raw);
    this.#saved = { raw: raw.slice(), key };
  }

  key(): Promise<CryptoKey | undefined> {
    return Promise.resolve(this.#saved?.key);
  }

  recoveryCode(): Promise<string | undefined> {
    return Promise.resolve(this.#saved === undefined ? undefined : encodeRecoveryCode(this.#saved.raw));
  }

  clear(): Promise<void> {
    this.#saved?.raw.fill(0);
    this.#saved = undefined;
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
