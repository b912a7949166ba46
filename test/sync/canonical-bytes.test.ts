import { describe, expect, it } from 'vitest';
import { CanonicalBytes } from '../../src/sync/canonical-bytes';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('CanonicalBytes', () => {
  describe('given fields of each kind', () => {
    it('writes a byte as it is, integers big-endian in 8 bytes and text as length-prefixed UTF-8', () => {
      const written = new CanonicalBytes(4)
        .byte(1)
        .uint64(2 ** 32 + 258)
        .text('né')
        .fixed(bytes(0xaa, 0xbb))
        .finish();
      expect(written).toEqual(bytes(1, 0, 0, 0, 1, 0, 0, 1, 2, 0, 0, 0, 3, 0x6e, 0xc3, 0xa9, 0xaa, 0xbb));
    });

    it('writes the largest safe integer exactly', () => {
      expect(new CanonicalBytes().uint64(Number.MAX_SAFE_INTEGER).finish()).toEqual(
        bytes(0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      );
    });
  });

  describe('given text longer than the room it was given', () => {
    it('grows for multi-byte characters and writes their UTF-8 length', () => {
      const text = '€'.repeat(100) + '🔑'.repeat(50);
      const written = new CanonicalBytes(8).text(text).finish();
      const utf8 = new TextEncoder().encode(text);
      expect(written.subarray(0, 4)).toEqual(bytes(0, 0, 0x01, 0xf4));
      expect(written.subarray(4)).toEqual(utf8);
      expect(utf8).toHaveLength(500);
    });
  });

  describe('given texts that run together the same way', () => {
    it('writes them differently', () => {
      const ab = new CanonicalBytes().text('ab').text('c').finish();
      const a = new CanonicalBytes().text('a').text('bc').finish();
      expect(ab).not.toEqual(a);
    });
  });

  describe('given values outside the format', () => {
    it.each([
      ['a byte above 255', (writer: CanonicalBytes) => writer.byte(256)],
      ['a negative integer', (writer: CanonicalBytes) => writer.uint64(-1)],
      ['a fraction', (writer: CanonicalBytes) => writer.uint64(1.5)],
      ['an unsafe integer', (writer: CanonicalBytes) => writer.uint64(2 ** 53)],
      ['NaN', (writer: CanonicalBytes) => writer.uint64(Number.NaN)],
      ['a lone high surrogate', (writer: CanonicalBytes) => writer.text('a\ud83d')],
      ['a lone low surrogate', (writer: CanonicalBytes) => writer.text('\udd11b')],
    ])('refuses %s with a RangeError', (_, write) => {
      expect(() => write(new CanonicalBytes())).toThrow(RangeError);
    });

    it('accepts a surrogate pair and U+FFFD, and writes them differently', () => {
      expect(new CanonicalBytes().text('\ud83d\udd11').finish()).toEqual(bytes(0, 0, 0, 4, 0xf0, 0x9f, 0x94, 0x91));
      expect(new CanonicalBytes().text('\ufffd').finish()).toEqual(bytes(0, 0, 0, 3, 0xef, 0xbf, 0xbd));
    });
  });
});
