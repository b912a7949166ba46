/**
 * Builds the byte strings that are authenticated (a request's additional data) or hashed (a chain link), so that
 * two different inputs never give the same bytes:
 * - each format starts with its own version byte and writes its fields in one fixed order;
 * - integers are big-endian at a fixed width; a 64-bit field holds any safe non-negative integer;
 * - text is its UTF-8 bytes after their 32-bit length, and text that is not well-formed UTF-16 (a lone surrogate,
 *   which UTF-8 would turn into U+FFFD like a real U+FFFD) is refused.
 * Values outside these ranges are programming errors: a `RangeError`.
 */
export class CanonicalBytes {
  #buffer: Uint8Array<ArrayBuffer>;
  #view: DataView;
  #length = 0;

  constructor(capacity = 128) {
    this.#buffer = new Uint8Array(capacity);
    this.#view = new DataView(this.#buffer.buffer);
  }

  /** One byte, 0 to 255. */
  byte(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`Not a byte: ${value}`);
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
    return this;
  }

  /** A safe non-negative integer in 8 bytes, big-endian. */
  uint64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a safe non-negative integer: ${value}`);
    this.#reserve(8);
    this.#view.setUint32(this.#length, Math.floor(value / 2 ** 32));
    this.#view.setUint32(this.#length + 4, value >>> 0);
    this.#length += 8;
    return this;
  }

  /** Text: the length of its UTF-8 bytes in 4 bytes, big-endian, then the bytes. */
  text(value: string): this {
    if (LONE_SURROGATE.test(value)) throw new RangeError('Text with a lone surrogate has no UTF-8 form');
    // Room for one byte a code unit first (all of ASCII), more only when the text needs it.
    this.#reserve(4 + value.length);
    let read = 0;
    let written = 0;
    for (;;) {
      const rest = read === 0 ? value : value.slice(read);
      const result = ENCODER.encodeInto(rest, this.#buffer.subarray(this.#length + 4 + written));
      read += result.read;
      written += result.written;
      if (read === value.length) break;
      this.#reserve(4 + written + (value.length - read) * 3);
    }
    this.#view.setUint32(this.#length, written);
    this.#length += 4 + written;
    return this;
  }

  /** Bytes of a width fixed by the format (a digest): written as they are, without a length. */
  fixed(bytes: Uint8Array): this {
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
    return this;
  }

  /** The bytes written so far (a view: write nothing more after taking it). */
  finish(): Uint8Array<ArrayBuffer> {
    return this.#buffer.subarray(0, this.#length);
  }

  #reserve(count: number): void {
    if (this.#length + count <= this.#buffer.length) return;
    const grown = new Uint8Array(Math.max(this.#buffer.length * 2, this.#length + count));
    // All of it: `text` may have written past `#length` before it asks for more room.
    grown.set(this.#buffer);
    this.#buffer = grown;
    this.#view = new DataView(grown.buffer);
  }
}

const ENCODER = new TextEncoder();

/** With the `u` flag a surrogate pair is one code point, so this matches only surrogates that have no partner. */
const LONE_SURROGATE = /\p{Surrogate}/u;
