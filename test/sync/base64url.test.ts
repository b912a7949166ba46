import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/sync';

const text = (value: string) => new TextEncoder().encode(value);

describe('base64url', () => {
  describe('given the test vectors of RFC 4648 §10', () => {
    const vectors = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ] as const;

    it('encodes each without padding and decodes it back', () => {
      for (const [plain, encoded] of vectors) {
        expect(encodeBase64url(text(plain))).toBe(encoded);
        expect(decodeBase64url(encoded)).toEqual(text(plain));
      }
    });
  });

  describe('given bytes that use the last two characters of the alphabet', () => {
    it('writes them as - and _ rather than + and /', () => {
      expect(encodeBase64url(new Uint8Array([0xfb, 0xef, 0xff]))).toBe('--__');
      expect(decodeBase64url('--__')).toEqual(new Uint8Array([0xfb, 0xef, 0xff]));
    });
  });

  describe('given any bytes (seeded property)', () => {
    it('encodes as Node does and decodes back to the same bytes', () => {
      const seed = Number(process.env.BASE64URL_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`base64url property: seed ${seed} (BASE64URL_SEED=${seed} repeats it)`);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
          const encoded = encodeBase64url(bytes);
          expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
          expect(decodeBase64url(encoded)).toEqual(bytes);
        }),
        { seed, numRuns: 500 },
      );
    });
  });

  describe('given malformed text', () => {
    it.each([
      ['padding', 'Zg=='],
      ['the standard alphabet', 'ab+/'],
      ['white space', 'Zm9v Yg'],
      ['a line break', 'Zm9v\nYg'],
      ['a character beyond ASCII', 'Zm9é'],
      ['a length of 4n + 1', 'Zm9vY'],
      ['unused bits set in the last of 2 characters', 'Zh'],
      ['unused bits set in the last of 3 characters', 'Zm9'],
    ])('refuses %s with a SyntaxError', (_, malformed) => {
      expect(() => decodeBase64url(malformed)).toThrow(SyntaxError);
    });

    it('refuses every text of one character', () => {
      for (const character of 'AQgw_-') expect(() => decodeBase64url(character)).toThrow(SyntaxError);
    });
  });
});
