import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/eventsourcing';
import {
  AccountClosedError,
  AccountNotFoundError,
  BankError,
  fromErrorData,
  InsufficientFundsError,
  InvalidAmountError,
  isBankError,
  isBankErrorData,
  SameAccountTransferError,
  toErrorData,
  type BankErrorData,
} from '../../src/bank';
import { thrownBy } from './fixtures/rejection';

const ALICE = 'alice-account';

/** One of each bank error, with the name, code and fields the public API gives it. */
const EXAMPLES = [
  {
    error: new InvalidAmountError({ value: 0.5 }),
    type: InvalidAmountError,
    name: 'InvalidAmountError',
    code: 'invalid-amount',
    fields: { value: 0.5 },
  },
  {
    error: new AccountNotFoundError({ accountId: ALICE }),
    type: AccountNotFoundError,
    name: 'AccountNotFoundError',
    code: 'account-not-found',
    fields: { accountId: ALICE },
  },
  {
    error: new AccountClosedError({ accountId: ALICE }),
    type: AccountClosedError,
    name: 'AccountClosedError',
    code: 'account-closed',
    fields: { accountId: ALICE },
  },
  {
    error: new InsufficientFundsError({ accountId: ALICE, available: 15000, requested: 15100 }),
    type: InsufficientFundsError,
    name: 'InsufficientFundsError',
    code: 'insufficient-funds',
    fields: { accountId: ALICE, available: 15000, requested: 15100 },
  },
  {
    error: new SameAccountTransferError({ accountId: ALICE }),
    type: SameAccountTransferError,
    name: 'SameAccountTransferError',
    code: 'same-account-transfer',
    fields: { accountId: ALICE },
  },
] as const;

describe('Bank errors', () => {
  for (const { error, type, name, code, fields } of EXAMPLES) {
    describe(name, () => {
      it('is an Error and a BankError with its literal name, stable code, facts as fields and a message', () => {
        expect(error).toBeInstanceOf(Error);
        expect(error).toBeInstanceOf(BankError);
        expect(error).toBeInstanceOf(type);
        expect(error.name).toBe(name);
        expect(error.code).toBe(code);
        expect(error).toMatchObject(fields);
        expect(error.message).not.toBe('');
        expect(isBankError(error)).toBe(true);
      });

      it('turns into plain JSON data and back into an equal error of the same class', () => {
        const data = toErrorData(error);
        expect(data).toEqual({ name, code, ...fields });
        expect(JSON.parse(JSON.stringify(data))).toEqual(data);
        const rebuilt = fromErrorData(data);
        expect(rebuilt).toBeInstanceOf(type);
        expect(rebuilt).toEqual(error);
        expect(rebuilt).toMatchObject({ name, code, ...fields });
      });

      it('comes back equal from data that went through structuredClone and JSON', () => {
        const data = JSON.parse(JSON.stringify(structuredClone(toErrorData(error)))) as BankErrorData;
        expect(isBankErrorData(data)).toBe(true);
        const rebuilt = fromErrorData(data);
        expect(rebuilt).toBeInstanceOf(type);
        expect(rebuilt).toMatchObject({ name, code, ...fields, message: error.message });
      });

      it('is recognised by isBankError when it comes from another realm, where instanceof fails', () => {
        const foreign = Object.assign(Object.create(null) as object, {
          name,
          code,
          message: error.message,
          ...fields,
        });
        expect(foreign instanceof Error).toBe(false);
        expect(isBankError(foreign)).toBe(true);
      });
    });
  }

  describe('isBankError', () => {
    it('refuses plain errors, core errors, the plain-data form, and anything with a wrong name or code', () => {
      expect(isBankError(new Error('boom'))).toBe(false);
      expect(isBankError(new ConcurrencyError())).toBe(false);
      expect(isBankError(toErrorData(new AccountClosedError({ accountId: ALICE })))).toBe(false);
      expect(isBankError({ name: 'AccountClosedError', code: 'account-not-found', message: 'x' })).toBe(false);
      expect(isBankError({ name: 'Error', code: 'account-closed', message: 'x' })).toBe(false);
      expect(isBankError({ name: 'AccountClosedError', code: 'toString', message: 'x' })).toBe(false);
      for (const value of [null, undefined, 'account-closed', 42]) expect(isBankError(value)).toBe(false);
    });
  });

  describe('isBankErrorData', () => {
    it('accepts each plain-data form and refuses malformed data', () => {
      for (const { error } of EXAMPLES) expect(isBankErrorData(toErrorData(error))).toBe(true);
      expect(isBankErrorData({ name: 'AccountClosedError', code: 'account-closed' })).toBe(false);
      expect(isBankErrorData({ name: 'AccountClosedError', code: 'account-closed', accountId: 7 })).toBe(false);
      expect(isBankErrorData({ name: 'InvalidAmountError', code: 'invalid-amount' })).toBe(false);
      expect(
        isBankErrorData({ name: 'InsufficientFundsError', code: 'insufficient-funds', accountId: ALICE, available: 1 }),
      ).toBe(false);
      expect(isBankErrorData({ name: 'Nope', code: 'nope', accountId: ALICE })).toBe(false);
      expect(isBankErrorData(null)).toBe(false);
    });
  });

  describe('fromErrorData', () => {
    it('refuses data with an unknown code with TypeError', () => {
      const error = thrownBy(() => fromErrorData({ name: 'Nope', code: 'nope' } as unknown as BankErrorData));
      expect(error).toBeInstanceOf(TypeError);
    });
  });

  describe('InvalidAmountError as data', () => {
    const exact: readonly (readonly [string, unknown])[] = [
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
      ['-0', -0],
      ['undefined', undefined],
      ['a bigint', 10n],
      ['a fraction', 10.001],
      ['a negative number', -5],
      ['a string', '100'],
      ['null', null],
      ['a boolean', false],
      ['a plain object', { cents: 100, nested: [1, 'two'] }],
      ['an array', [100]],
      ['an object that looks like an encoded value', { $type: 'undefined' }],
    ];
    for (const [label, value] of exact) {
      it(`keeps ${label} as the value, through JSON and structuredClone`, () => {
        const data = JSON.parse(
          JSON.stringify(structuredClone(toErrorData(new InvalidAmountError({ value })))),
        ) as unknown;
        const rebuilt = fromErrorData(data as BankErrorData);
        expect(rebuilt).toBeInstanceOf(InvalidAmountError);
        const kept = (rebuilt as InvalidAmountError).value;
        if (typeof value === 'object' && value !== null) expect(kept).toStrictEqual(value);
        else expect(Object.is(kept, value)).toBe(true);
      });
    }

    it('keeps what JSON cannot carry (a symbol, a function, a cyclic object) as its description', () => {
      const cyclic: { self?: unknown } = {};
      cyclic.self = cyclic;
      const cases: readonly (readonly [unknown, string])[] = [
        [Symbol('cents'), 'Symbol(cents)'],
        [cyclic, '[object Object]'],
      ];
      for (const [value, description] of cases) {
        const rebuilt = fromErrorData(toErrorData(new InvalidAmountError({ value }))) as InvalidAmountError;
        expect(rebuilt.value).toBe(description);
      }
      const fn = fromErrorData(toErrorData(new InvalidAmountError({ value: () => 1 }))) as InvalidAmountError;
      expect(typeof fn.value).toBe('string');
    });

    it('describes values with no usable toString in its message without throwing', () => {
      const error = new InvalidAmountError({ value: Object.create(null) as unknown });
      expect(error.message).toContain('[object Object]');
    });
  });
});
