import { CanonicalBytes } from './canonical-bytes';

/**
 * Where a request belongs: its vault, the device that recorded it and its position among that device's requests.
 * These travel in the clear beside the ciphertext, so they are bound into it as additional data: an envelope moved
 * anywhere else no longer opens.
 */
export type EnvelopeBinding = {
  readonly vaultId: string;
  readonly deviceId: string;
  /** A safe non-negative integer; a device counts its requests from 1. */
  readonly position: number;
};

/**
 * The additional data of an envelope of version 1: the version byte, then the vault id and the device id as
 * length-prefixed UTF-8, then the position as 8 bytes (see `CanonicalBytes`). Throws a `RangeError` for a position
 * that is not a safe non-negative integer or an id with a lone surrogate.
 */
export function encodeEnvelopeBinding(binding: EnvelopeBinding): Uint8Array<ArrayBuffer> {
  return new CanonicalBytes(64).byte(1).text(binding.vaultId).text(binding.deviceId).uint64(binding.position).finish();
}
