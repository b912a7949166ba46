import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecoveryCodeError, SyncError, encodeRecoveryCode, isSyncError, parseRecoveryCode } from '../../src/sync';
import { crc24 } from '../../src/sync/crc24';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Alice's vault key: the bytes 0 to 31. */
const aliceKey = Uint8Array.from({ length: 32 }, (_, index) => index);
const aliceCode = '000G-40R4-0M30-E209-185G-R38E-1W81-24GK-2GAH-C5RR-34D1-P70X-3RFT-5WF7';

function problemOf(text: string): RecoveryCodeError {
  try {
    parseRecoveryCode(text);
  } catch (error) {
    if (error instanceof RecoveryCodeError) return error;
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

/** The code's 56 characters without dashes. */
function symbolsOf(code: string): string[] {
  return [...code.replaceAll('-', '')];
}

function swapped(characters: readonly string[], index: number): string {
  const copy = [...characters];
  [copy[index], copy[index + 1]] = [copy[index + 1] ?? '', copy[index] ?? ''];
  return copy.join('');
}

/** Every way to mistype one character or swap two unequal neighbours: each must be refused with `checksum`. */
function everyTypo(code: string): string[] {
  const symbols = symbolsOf(code);
  const typos: string[] = [];
  symbols.forEach((symbol, index) => {
    for (const other of ALPHABET) {
      if (other !== symbol) typos.push([...symbols.slice(0, index), other, ...symbols.slice(index + 1)].join(''));
    }
  });
  for (let index = 0; index + 1 < symbols.length; index++) {
    if (symbols[index] !== symbols[index + 1]) typos.push(swapped(symbols, index));
  }
  return typos;
}

describe('Recovery code', () => {
  describe('given a vault key', () => {
    it('encodes it as 14 groups of 4 Crockford base32 characters that parse back to the key', () => {
      const code = encodeRecoveryCode(aliceKey);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){13}$/);
      expect(parseRecoveryCode(code)).toEqual(aliceKey);
    });

    it('writes the key and its CRC-24, 5 bits a character, most significant first (computed here independently)', () => {
      const crc = crc24(aliceKey);
      let number = 0n;
      for (const byte of [...aliceKey, crc >> 16, (crc >> 8) & 0xff, crc & 0xff])
        number = (number << 8n) | BigInt(byte);
      const symbols = Array.from(
        { length: 56 },
        (_, index) => ALPHABET[Number((number >> BigInt(5 * (55 - index))) & 31n)],
      );
      const expected = symbols.join('').replace(/(.{4})(?!$)/g, '$1-');
      expect(expected).toBe(aliceCode);
      expect(encodeRecoveryCode(aliceKey)).toBe(aliceCode);
    });

    it('refuses to encode a key that is not 32 bytes with a RangeError', () => {
      expect(() => encodeRecoveryCode(new Uint8Array(31))).toThrow(RangeError);
      expect(() => encodeRecoveryCode(new Uint8Array(33))).toThrow(RangeError);
    });
  });

  describe('given a code as people type it', () => {
    it.each([
      ['in lower case', aliceCode.toLowerCase()],
      [
        'in mixed case',
        aliceCode.replace(/[A-Z]/g, (letter, index: number) => (index % 2 ? letter.toLowerCase() : letter)),
      ],
      ['with spaces for dashes', aliceCode.replaceAll('-', ' ')],
      ['without dashes', aliceCode.replaceAll('-', '')],
      ['with extra dashes and spaces', ` --${aliceCode.replaceAll('-', ' - -')}-- `],
      ['over several lines', aliceCode.replaceAll('-', '\n')],
      ['with a tab and a no-break space', aliceCode.replace('-', '\t').replace('-', '\u00a0')],
      [
        'in groups of another size',
        symbolsOf(aliceCode)
          .join('')
          .replace(/(.{7})/g, '$1-'),
      ],
      ['with O for 0', aliceCode.replaceAll('0', 'O')],
      ['with o for 0', aliceCode.replaceAll('0', 'o')],
      ['with I for 1', aliceCode.replaceAll('1', 'I')],
      ['with l for 1', aliceCode.replaceAll('1', 'l')],
      ['with L and i for 1', aliceCode.replace('1', 'L').replace('1', 'i')],
    ])('reads it %s', (_, typed) => {
      expect(typed).not.toBe(aliceCode);
      expect(parseRecoveryCode(typed)).toEqual(aliceKey);
    });
  });

  describe('given text that is not a code', () => {
    it.each([
      ['nothing', ''],
      ['only spaces', '   '],
      ['only dashes and line breaks', '--\n-'],
    ])('refuses %s as empty', (_, text) => {
      expect(problemOf(text)).toMatchObject({ problem: 'empty' });
    });

    it.each([
      ['U, which Crockford leaves out', `${aliceCode.slice(0, 5)}U${aliceCode.slice(6)}`, 'U', 5],
      ['a dot', `${aliceCode}.`, '.', aliceCode.length],
      ['an underscore for a dash', aliceCode.replace('-', '_'), '_', 4],
      ['an en dash', aliceCode.replace('-', '–'), '–', 4],
      ['a letter with an accent', `é${aliceCode}`, 'é', 0],
      ['an emoji, as one character', `${aliceCode.slice(0, 10)}🔑${aliceCode.slice(10)}`, '🔑', 10],
      ['a zero-width space', `${aliceCode.slice(0, 3)}\u200b${aliceCode.slice(3)}`, '\u200b', 3],
    ])('refuses %s as a character, with the character and its index', (_, text, character, index) => {
      expect(problemOf(text)).toMatchObject({ problem: 'character', character, index });
    });

    it('refuses the first bad character when there are several', () => {
      expect(problemOf('00*0+')).toMatchObject({ problem: 'character', character: '*', index: 2 });
    });

    it.each([
      ['one character short', aliceCode.slice(0, -1), 55],
      ['one character too many', `${aliceCode}0`, 57],
      ['a group short', aliceCode.slice(0, -5), 52],
      ['a single character', 'A', 1],
    ])('refuses %s as a length, with how many characters it has', (_, text, count) => {
      expect(problemOf(text)).toMatchObject({ problem: 'length', count, expected: 56 });
    });

    it('refuses a mistyped character as a checksum problem', () => {
      expect(problemOf(aliceCode.replace('R4', 'R5'))).toMatchObject({ problem: 'checksum' });
    });

    it('raises a SyncError with code recovery-code that is not retryable', () => {
      const error = problemOf('');
      expect(error).toBeInstanceOf(SyncError);
      expect(error).toMatchObject({ name: 'RecoveryCodeError', code: 'recovery-code', retryable: false });
      expect(isSyncError(error)).toBe(true);
    });
  });

  describe("given every single mistyped character and every swap of unequal neighbours of Alice's code", () => {
    it('refuses each one as a checksum problem', () => {
      const typos = everyTypo(aliceCode);
      expect(typos.length).toBeGreaterThan(56 * 31);
      expect(typos.filter((typo) => problemOf(typo).problem !== 'checksum')).toEqual([]);
    });

    it('reads a swap of a character with a dash as the same key, and refuses every other swap', () => {
      const characters = [...aliceCode];
      for (let index = 0; index + 1 < characters.length; index++) {
        if (characters[index] === characters[index + 1]) continue;
        const typed = swapped(characters, index);
        if (characters[index] === '-' || characters[index + 1] === '-')
          expect(parseRecoveryCode(typed)).toEqual(aliceKey);
        else expect(problemOf(typed).problem).toBe('checksum');
      }
    });
  });

  describe('given random vault keys (seeded property)', () => {
    it('parses each code back to its key and refuses every single typo and neighbour swap of it', () => {
      const seed = Number(process.env.RECOVERY_CODE_SEED ?? Math.floor(Math.random() * 2 ** 31));
      console.log(`recovery code property: seed ${seed} (RECOVERY_CODE_SEED=${seed} repeats it)`);
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
          const code = encodeRecoveryCode(key);
          expect(parseRecoveryCode(code)).toEqual(key);
          expect(parseRecoveryCode(code.toLowerCase().replaceAll('-', ''))).toEqual(key);
          expect(everyTypo(code).filter((typo) => problemOf(typo).problem !== 'checksum')).toEqual([]);
        }),
        { seed, numRuns: 100 },
      );
    });
  });
});
