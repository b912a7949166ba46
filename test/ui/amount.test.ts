import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { centsToDecimal, formatAmountForInput, formatMoney, parseAmount } from '../../src/ui';
import { MAX_AMOUNT } from '../../src/bank';

/**
 * The amount parser and the money formatter. Property tests are seeded: set AMOUNT_PROPERTY_SEED to replay a failure
 * (fast-check prints the seed and the shrunk counterexample).
 */

const SEED = Number(process.env.AMOUNT_PROPERTY_SEED ?? 20261124);
const en = { locale: 'en-US', currency: 'USD' } as const;
const de = { locale: 'de-DE', currency: 'EUR' } as const;

const parsed = (text: string, format: { locale: string; currency: string } = en) => parseAmount(text, format);

describe('parseAmount', () => {
  describe('in en-US', () => {
    it.each([
      ['12.34', 1234],
      ['12', 1200],
      ['12.3', 1230],
      ['0.05', 5],
      ['.50', 50],
      ['1,234.50', 123450],
      ['1,234,567.89', 123456789],
      ['  7.00  ', 700],
      ['$1,234.50', 123450],
      ['USD 12.00', 1200],
      ['100000000000.00', MAX_AMOUNT],
    ])('reads %j as %d cents', (text, cents) => {
      expect(parsed(text)).toEqual({ ok: true, cents });
    });

    it.each([
      ['', 'empty'],
      ['   ', 'empty'],
      ['-5', 'negative'],
      ['−5.00', 'negative'],
      ['12,34', 'format'],
      ['1,23.45', 'format'],
      ['1,2345', 'format'],
      ['12.34.56', 'format'],
      ['12.', 'format'],
      ['abc', 'format'],
      ['12abc', 'format'],
      ['1e3', 'format'],
      ['0x10', 'format'],
      ['€12', 'format'],
      ['12.345', 'decimals'],
      ['100000000000.01', 'too-large'],
      ['90071992547409.91', 'too-large'],
      ['99999999999999999999', 'too-large'],
    ])('refuses %j (%s)', (text, problem) => {
      expect(parsed(text)).toEqual({ ok: false, problem });
    });
  });

  describe('in a locale with a decimal comma (de-DE)', () => {
    it.each([
      ['12,34', 1234],
      ['1.234,50', 123450],
      ['1234,5', 123450],
      ['1.234,50 €', 123450],
      ['EUR 3', 300],
    ])('reads %j as %d cents', (text, cents) => {
      expect(parsed(text, de)).toEqual({ ok: true, cents });
    });

    it.each([
      ['12.34', 'format'],
      ['1,234.50', 'format'],
      ['12,345', 'decimals'],
    ])('refuses %j (%s)', (text, problem) => {
      expect(parsed(text, de)).toEqual({ ok: false, problem });
    });
  });

  it('reads space-grouped (fr-FR), apostrophe-grouped (de-CH) and lakh-grouped (en-IN) amounts', () => {
    expect(parsed('1 234,50', { locale: 'fr-FR', currency: 'EUR' })).toEqual({ ok: true, cents: 123450 });
    expect(parsed('1\u202f234,50\u00a0€', { locale: 'fr-FR', currency: 'EUR' })).toEqual({ ok: true, cents: 123450 });
    expect(parsed("1'234.50", { locale: 'de-CH', currency: 'CHF' })).toEqual({ ok: true, cents: 123450 });
    expect(parsed('12,34,567.50', { locale: 'en-IN', currency: 'INR' })).toEqual({ ok: true, cents: 123456750 });
  });
});

describe('formatMoney', () => {
  it('shows cents exactly, in the locale and currency', () => {
    expect(formatMoney(123450, en)).toBe('$1,234.50');
    expect(formatMoney(-5, en)).toBe('-$0.05');
    expect(formatMoney(0, en)).toBe('$0.00');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, en)).toBe('$90,071,992,547,409.91');
    expect(formatMoney(123450, de)).toBe('1.234,50\u00a0€');
  });

  it('refuses what is not an amount of cents', () => {
    expect(() => formatMoney(0.5, en)).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, en)).toThrow(RangeError);
  });

  it('writes amounts for an input field without grouping', () => {
    expect(formatAmountForInput(123450, 'en-US')).toBe('1234.50');
    expect(formatAmountForInput(123450, 'de-DE')).toBe('1234,50');
  });

  it('turns cents into a decimal string with string arithmetic', () => {
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(7)).toBe('0.07');
    expect(centsToDecimal(-1234)).toBe('-12.34');
  });
});

describe('parseAmount › formatMoney round trip (property, seeded)', () => {
  const formats = fc.constantFrom(
    en,
    de,
    { locale: 'en-GB', currency: 'GBP' },
    { locale: 'fr-FR', currency: 'EUR' },
    { locale: 'de-CH', currency: 'CHF' },
    { locale: 'en-IN', currency: 'INR' },
    { locale: 'es-ES', currency: 'EUR' },
    { locale: 'pt-BR', currency: 'BRL' },
    { locale: 'sv-SE', currency: 'SEK' },
    { locale: 'ja-JP', currency: 'USD' },
    { locale: 'en-CA', currency: 'CAD' },
  );
  const cents = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: MAX_AMOUNT }));

  it('parse(formatMoney(cents)) === cents for every amount and locale', () => {
    fc.assert(
      fc.property(cents, formats, (amount, format) => {
        expect(parseAmount(formatMoney(amount, format), format)).toEqual({ ok: true, cents: amount });
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('parse(formatAmountForInput(cents)) === cents for every amount and locale', () => {
    fc.assert(
      fc.property(cents, formats, (amount, format) => {
        expect(parseAmount(formatAmountForInput(amount, format.locale), format)).toEqual({ ok: true, cents: amount });
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
