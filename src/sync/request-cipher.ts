import { decodeBase64url, encodeBase64url } from './base64url';
import { encodeEnvelopeBinding, type EnvelopeBinding } from './envelope-binding';
import { UndecryptableRequestError } from './undecryptable-request-error';
import type { Envelope } from './protocol';

/**
 * Sealing and opening one request of the vault log, so that the server only ever holds opaque bytes.
 *
 * Invariants:
 * - AES-256-GCM through WebCrypto, with a fresh random 96-bit IV for every seal: with random IVs the chance that
 *   two of 2^32 seals under one key share one stays below 2^-32 (NIST SP 800-38D §8.3).
 * - The binding (vault, device, position) is the additional data, so only the place it was sealed for opens it.
 * - Opening gives the whole plaintext or fails: any altered, truncated or malformed envelope, a moved one or a wrong
 *   key is an `UndecryptableRequestError`, never partial plaintext or a raw WebCrypto error.
 */

/** Encrypts one request's bytes for its place in the vault log. */
export async function sealRequest(key: CryptoKey, binding: EnvelopeBinding, plaintext: Uint8Array): Promise<Envelope> {
  const additionalData = encodeEnvelopeBinding(binding);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plaintext.slice());
  return { v: 1, iv: encodeBase64url(iv), ciphertext: encodeBase64url(new Uint8Array(sealed)) };
}

/**
 * Decrypts one request, given the place the log shows it at. Throws `UndecryptableRequestError` (with the
 * binding's device and position) when the envelope does not open there under this key.
 */
export async function openRequest(key: CryptoKey, binding: EnvelopeBinding, envelope: Envelope): Promise<Uint8Array> {
  const additionalData = encodeEnvelopeBinding(binding);
  let iv: Uint8Array<ArrayBuffer>;
  let ciphertext: Uint8Array<ArrayBuffer>;
  try {
    if ((envelope.v as unknown) !== 1) throw new RangeError(`Unknown envelope version ${String(envelope.v)}`);
    iv = decodeBase64url(envelope.iv);
    ciphertext = decodeBase64url(envelope.ciphertext);
    if (iv.length !== IV_BYTES) throw new RangeError(`An IV has ${IV_BYTES} bytes, not ${iv.length}`);
  } catch (error) {
    throw new UndecryptableRequestError(binding.deviceId, binding.position, { cause: error });
  }
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, key, ciphertext));
  } catch (error) {
    throw new UndecryptableRequestError(binding.deviceId, binding.position, { cause: error });
  }
}

const IV_BYTES = 12;
