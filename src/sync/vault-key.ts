/** How many bytes a vault key has: AES-256. */
export const VAULT_KEY_BYTES = 32;

/**
 * Makes a new vault key: 32 bytes from the platform's cryptographic random source. Only the first device of a
 * vault calls this; every other device gets the same bytes from the recovery code.
 */
export function generateVaultKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(VAULT_KEY_BYTES));
}

/**
 * Turns a vault key's bytes into the AES-GCM key that seals and opens requests. The key is non-extractable: code
 * holding it can encrypt and decrypt, but WebCrypto will not hand its bytes out again. Rejects with a `RangeError`
 * for anything but 32 bytes (WebCrypto itself would also take a 16- or 24-byte AES key).
 */
export async function importVaultKey(raw: Uint8Array): Promise<CryptoKey> {
  checkVaultKeyBytes(raw);
  return crypto.subtle.importKey('raw', raw.slice(), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Throws a `RangeError` unless `raw` has the size of a vault key. */
export function checkVaultKeyBytes(raw: Uint8Array): void {
  if (raw.length !== VAULT_KEY_BYTES) {
    throw new RangeError(`A vault key has ${VAULT_KEY_BYTES} bytes, not ${raw.length}`);
  }
}
