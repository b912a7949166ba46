/**
 * Where a device keeps its vault key.
 *
 * Invariants:
 * - `save` replaces any key saved before; `clear` forgets it. In between, `key()` and `recoveryCode()` answer for
 *   the same key, also through another store object on the same storage (another tab, a later session).
 * - `key()` is a non-extractable AES-GCM `CryptoKey`: it seals and opens requests, but its bytes cannot be read
 *   back through it. Only `recoveryCode()` shows the key again, as the code a person copies to another device.
 * - Storage failures are a `LocalStoreError`; a key of the wrong size is a `RangeError`, before anything is stored.
 */
export interface VaultKeyStore {
  /** Keeps the vault key's 32 bytes (from `generateVaultKey` or `parseRecoveryCode`). */
  save(raw: Uint8Array): Promise<void>;
  /** The vault key for sealing and opening requests; `undefined` when none is saved. */
  key(): Promise<CryptoKey | undefined>;
  /** The saved key's recovery code; `undefined` when none is saved. */
  recoveryCode(): Promise<string | undefined>;
  /** Forgets the vault key. */
  clear(): Promise<void>;
  close(): Promise<void>;
}
