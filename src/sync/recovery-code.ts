import { crc24 } from './crc24';
import { RecoveryCodeError } from './recovery-code-error';
import { VAULT_KEY_BYTES, checkVaultKeyBytes } from './vault-key';

/**
 * The recovery code: a vault key as text that a person can copy by hand to another device, for example
 * `0123-4567-89AB-…` (14 groups of 4).
 *
 * Format:
 * - the key's 32 bytes followed by their CRC-24 (3 bytes, `crc24`): 280 bits, written 5 at a time, most significant
 *   first, in Crockford's base32 (`0-9A-Z` without `I`, `L`, `O`, `U`): 56 characters, no padding;
 * - shown upper case in groups of 4 joined by `-`.
 *
 * Why a CRC rather than a truncated SHA-256: the CRC's generator has degree 24 and a constant term, so every change
 * confined to 24 consecutive bits is caught by construction; a mistyped character changes at most 5 bits in a row
 * and two swapped neighbours at most 10, so both are always caught (as is any change within 4 neighbouring
 * characters), and anything else slips through with a chance of 1 in 2^24. A truncated hash would only catch each
 * typo with high probability, and WebCrypto's digest is asynchronous, while a synchronous parse can check a form
 * field as the person types.
 *
 * Parsing forgives what people do when copying: any case, white space and dashes anywhere (or none), `O` for `0`,
 * `I` and `L` for `1`. Anything else is refused with a `RecoveryCodeError`.
 */
export function encodeRecoveryCode(raw: Uint8Array): string {
  checkVaultKeyBytes(raw);
  const crc = crc24(raw);
  const bytes = new Uint8Array(CODE_BYTES);
  bytes.set(raw);
  bytes.set([crc >>> 16, (crc >>> 8) & 0xff, crc & 0xff], VAULT_KEY_BYTES);
  let symbols = '';
  let bits = 0;
  let held = 0;
  for (const byte of bytes) {
    bits = ((bits << 8) | byte) & 0xfff;
    held += 8;
    while (held >= 5) {
      held -= 5;
      symbols += ALPHABET.charAt((bits >>> held) & 0x1f);
    }
  }
  return (symbols.match(/.{4}/g) ?? []).join('-');
}

/**
 * Reads a recovery code as a person typed or pasted it and returns the vault key's 32 bytes. Throws a
 * `RecoveryCodeError`: `character` for the first character that is neither a code character nor a separator,
 * `empty` when nothing but separators is left, `length` unless exactly 56 code characters are, `checksum` when
 * they do not check out.
 */
export function parseRecoveryCode(text: string): Uint8Array {
  const symbols: number[] = [];
  let index = 0;
  for (const character of text) {
    const value = VALUES.get(character);
    if (value === undefined) {
      if (!SEPARATOR.test(character)) throw new RecoveryCodeError({ problem: 'character', character, index });
    } else symbols.push(value);
    index += character.length;
  }
  if (symbols.length === 0) throw new RecoveryCodeError({ problem: 'empty' });
  if (symbols.length !== CODE_SYMBOLS) {
    throw new RecoveryCodeError({ problem: 'length', count: symbols.length, expected: CODE_SYMBOLS });
  }
  const bytes = new Uint8Array(CODE_BYTES);
  let bits = 0;
  let held = 0;
  let at = 0;
  for (const symbol of symbols) {
    bits = ((bits << 5) | symbol) & 0xfff;
    held += 5;
    if (held >= 8) {
      held -= 8;
      bytes[at++] = (bits >>> held) & 0xff;
    }
  }
  const raw = bytes.slice(0, VAULT_KEY_BYTES);
  const crc = ((bytes[32] ?? 0) << 16) | ((bytes[33] ?? 0) << 8) | (bytes[34] ?? 0);
  if (crc24(raw) !== crc) throw new RecoveryCodeError({ problem: 'checksum' });
  return raw;
}

/** Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The key and its CRC-24. */
const CODE_BYTES = VAULT_KEY_BYTES + 3;

/** 280 bits at 5 bits a character. */
const CODE_SYMBOLS = (CODE_BYTES * 8) / 5;

/** Each character a code may hold, either case, with the look-alikes Crockford reads as digits. */
const VALUES: ReadonlyMap<string, number> = symbolValues();

/** White space and dashes separate groups; where they are and how many does not matter. */
const SEPARATOR = /^[\s-]$/u;

function symbolValues(): Map<string, number> {
  const entries: [string, number][] = [...ALPHABET].map((character, value) => [character, value]);
  entries.push(['O', 0], ['I', 1], ['L', 1]);
  return new Map(
    entries.flatMap(([character, value]) => [[character, value] as const, [character.toLowerCase(), value] as const]),
  );
}
