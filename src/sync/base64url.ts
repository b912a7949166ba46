/**
 * Base64url without padding (RFC 4648 §5), the form of the bytes in an encrypted envelope. Decoding is strict: it
 * accepts exactly the text `encodeBase64url` produces, so one byte string has one text and a changed character
 * never decodes to the same bytes.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The value of each character code of the alphabet; -1 for every other code below 128. */
const VALUES: readonly number[] = Array.from({ length: 128 }, (_, code) => ALPHABET.indexOf(String.fromCharCode(code)));

/** Encodes bytes as base64url without padding. */
export function encodeBase64url(bytes: Uint8Array): string {
  let text = '';
  let index = 0;
  for (; index + 2 < bytes.length; index += 3) {
    const triple = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    text += char(triple >>> 18) + char(triple >>> 12) + char(triple >>> 6) + char(triple);
  }
  const rest = bytes.length - index;
  if (rest === 1) {
    const single = bytes[index] ?? 0;
    text += char(single >>> 2) + char(single << 4);
  } else if (rest === 2) {
    const pair = ((bytes[index] ?? 0) << 8) | (bytes[index + 1] ?? 0);
    text += char(pair >>> 10) + char(pair >>> 4) + char(pair << 2);
  }
  return text;
}

/**
 * Decodes base64url without padding. Throws a `SyntaxError` for anything else: a character outside the alphabet
 * (including `=`, `+`, `/` and white space), a length that no byte string has (4n + 1), or a last character whose
 * unused low bits are not zero.
 */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> {
  const rest = text.length % 4;
  if (rest === 1) throw new SyntaxError(`Not base64url: ${text.length} characters is no whole number of bytes`);
  const bytes = new Uint8Array(Math.floor(text.length / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  let index = 0;
  let at = 0;
  for (; index + 3 < text.length; index += 4) {
    const quad = (value(text, index) << 18) | (value(text, index + 1) << 12);
    const triple = quad | (value(text, index + 2) << 6) | value(text, index + 3);
    bytes[at++] = triple >>> 16;
    bytes[at++] = (triple >>> 8) & 0xff;
    bytes[at++] = triple & 0xff;
  }
  if (rest === 2) {
    const pair = (value(text, index) << 6) | value(text, index + 1);
    if ((pair & 0x0f) !== 0) throw nonCanonical(index + 1);
    bytes[at] = pair >>> 4;
  } else if (rest === 3) {
    const triple = (value(text, index) << 12) | (value(text, index + 1) << 6) | value(text, index + 2);
    if ((triple & 0x03) !== 0) throw nonCanonical(index + 2);
    bytes[at++] = triple >>> 10;
    bytes[at] = (triple >>> 2) & 0xff;
  }
  return bytes;
}

function char(sextet: number): string {
  return ALPHABET.charAt(sextet & 0x3f);
}

function value(text: string, index: number): number {
  const result = VALUES[text.charCodeAt(index)] ?? -1;
  if (result < 0) throw new SyntaxError(`Not base64url: character ${index} is not in the alphabet`);
  return result;
}

function nonCanonical(index: number): SyntaxError {
  return new SyntaxError(`Not base64url: the unused bits of character ${index} are not zero`);
}
