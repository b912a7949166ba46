import { describe, expect, it } from 'vitest';
import { cents, InvalidAmountError } from '../../src/bank';
import { BAD_AMOUNTS, BAD_LIMITS } from './fixtures/bad-values';
import { thrownBy } from './fixtures/rejection';

describe('cents', () => {
  describe('for an amount to move', () => {
    it('accepts 1 cent and every positive safe integer up to Number.MAX_SAFE_INTEGER', () => {
      expect(cents(1)).toBe(1);
      expect(cents(20000)).toBe(20000);
      expect(cents(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    });

    for (const [label, value] of BAD_AMOUNTS) {
      it(`refuses ${label} with InvalidAmountError carrying the value as given`, () => {
        const error = thrownBy(() => cents(value));
        expect(error).toBeInstanceOf(InvalidAmountError);
        expect(error).toMatchObject({ code: 'invalid-amount' });
        expect(Object.is((error as InvalidAmountError).value, value)).toBe(true);
      });
    }
  });

  describe('for a limit', () => {
    it('accepts 0 and every positive safe integer, and turns -0 into 0', () => {
      expect(cents(0, 'limit')).toBe(0);
      expect(Object.is(cents(-0, 'limit'), 0)).toBe(true);
      expect(cents(50000, 'limit')).toBe(50000);
      expect(cents(Number.MAX_SAFE_INTEGER, 'limit')).toBe(Number.MAX_SAFE_INTEGER);
    });

    for (const [label, value] of BAD_LIMITS) {
      it(`refuses ${label} with InvalidAmountError carrying the value as given`, () => {
        const error = thrownBy(() => cents(value, 'limit'));
        expect(error).toBeInstanceOf(InvalidAmountError);
        expect(Object.is((error as InvalidAmountError).value, value)).toBe(true);
      });
    }
  });
});
