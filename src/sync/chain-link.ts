import { CanonicalBytes } from './canonical-bytes';
import type { Envelope } from './protocol';

/**
 * The hash chain over the vault log, which lets a device notice a server that rewrites, reorders or forks history.
 *
 * Invariants:
 * - An entry's link is the SHA-256, in lower-case hex, of the previous entry's link and of the entry itself (its
 *   `seq`, device, position and envelope); the first entry's previous link is `GENESIS_LINK`. So one link stands
 *   for the whole history up to its entry.
 * - The bytes hashed are canonical (`CanonicalBytes`): a version byte (1), the previous link as its 32 bytes, `seq`
 *   in 8 bytes, the device id as length-prefixed UTF-8, the position in 8 bytes, the envelope's version in one
 *   byte, then its IV and ciphertext text as length-prefixed UTF-8. Two different entries never hash the same bytes.
 */

/** The link before the first entry of every vault log: 64 zeros. */
export const GENESIS_LINK = '0'.repeat(64);

/** One entry of the vault log as the chain sees it. */
export type ChainEntry = {
  readonly seq: number;
  readonly deviceId: string;
  readonly position: number;
  readonly envelope: Envelope;
};

/**
 * The link of one entry after the link `previous`. Throws a `RangeError` when `previous` is not 64 lower-case hex
 * digits, or `seq` or `position` is not a safe non-negative integer.
 */
export async function chainLink(previous: string, entry: ChainEntry): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', linkInput(hexBytes(previous), entry));
  return hex(new Uint8Array(digest));
}

/**
 * The links of a page of entries in order, the first after `previous`: what calling `chainLink` on each in turn
 * gives. Each digest needs the one before, so they run one after another; the inputs are encoded up front.
 */
export async function chainLinks(previous: string, entries: readonly ChainEntry[]): Promise<string[]> {
  const inputs = entries.map((entry) => linkInput(PLACEHOLDER, entry));
  const links: string[] = [];
  let link = hexBytes(previous);
  for (const input of inputs) {
    input.set(link, 1);
    link = new Uint8Array(await crypto.subtle.digest('SHA-256', input));
    links.push(hex(link));
  }
  return links;
}

const PLACEHOLDER = new Uint8Array(32);

function linkInput(previous: Uint8Array, entry: ChainEntry): Uint8Array<ArrayBuffer> {
  return new CanonicalBytes(96 + entry.deviceId.length + entry.envelope.iv.length + entry.envelope.ciphertext.length)
    .byte(1)
    .fixed(previous)
    .uint64(entry.seq)
    .text(entry.deviceId)
    .uint64(entry.position)
    .byte(entry.envelope.v)
    .text(entry.envelope.iv)
    .text(entry.envelope.ciphertext)
    .finish();
}

const HEX_DIGITS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += HEX_DIGITS[byte] ?? '';
  return text;
}

function hexBytes(link: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(link)) throw new RangeError('A chain link is 64 lower-case hex digits');
  const bytes = new Uint8Array(32);
  for (let index = 0; index < 32; index++) bytes[index] = Number.parseInt(link.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}
