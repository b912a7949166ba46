import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mapper } from '../../src/eventsourcing';
import {
  Account,
  ACCOUNT_EVENT_SCHEMAS,
  AccountClosedError,
  AccountNotEmptyError,
  BalanceLimitError,
  boundedCents,
  fromErrorData,
  InvalidAmountError,
  isBankError,
  isCalendarDate,
  MAX_AMOUNT,
  MAX_BALANCE,
  occurredOnOf,
  parseRequest,
  sumCents,
  toErrorData,
  TRANSACTION_JOURNAL_SCHEMAS,
} from '../../src/bank';
import { steppingClock } from '../fixtures/stored-events';

const ALICE = 'alice-account';
const BOUNDED = { bounded: true } as const;

/** An open account with the given balance (reached by credits of the first rules, which allowed any safe integer). */
function accountWith(balance: number, overdraftLimit = 0): Account {
  const account = Account.open(ALICE, { overdraftLimit }, steppingClock());
  if (balance > 0) account.credit(balance);
  if (balance < 0) account.debit(-balance);
  return account;
}

function lastEvent(account: Account) {
  return account.pendingEvents.at(-1);
}

describe('Money bounds (cents)', () => {
  it('bounds an amount at MAX_AMOUNT and a limit at MAX_BALANCE with InvalidAmountError', () => {
    expect(boundedCents(MAX_AMOUNT)).toBe(MAX_AMOUNT);
    expect(() => boundedCents(MAX_AMOUNT + 1)).toThrow(InvalidAmountError);
    expect(boundedCents(MAX_BALANCE, 'limit')).toBe(MAX_BALANCE);
    expect(() => boundedCents(MAX_BALANCE + 1, 'limit')).toThrow(InvalidAmountError);
    expect(() => boundedCents(0.5)).toThrow(InvalidAmountError);
  });

  it('keeps the maxima far below where sums of balances stop being exact', () => {
    // A refund may leave a balance above MAX_BALANCE by at most MAX_AMOUNT; 200 such balances still add up exactly.
    expect(Number.isSafeInteger(200 * (MAX_BALANCE + MAX_AMOUNT))).toBe(true);
    expect(Number.isSafeInteger(900 * MAX_BALANCE)).toBe(true);
  });

  it('sums cents exactly where adding numbers rounds', () => {
    const balances = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1];
    expect(sumCents(balances)).toBe(2n * BigInt(Number.MAX_SAFE_INTEGER) + 1n);
    expect(BigInt(balances.reduce((total, balance) => total + balance, 0))).not.toBe(sumCents(balances));
    expect(sumCents([])).toBe(0n);
    expect(() => sumCents([0.5])).toThrow(RangeError);
  });
});

describe('Calendar dates', () => {
  it('accepts real dates written YYYY-MM-DD and nothing else', () => {
    for (const date of ['2024-02-29', '2026-12-31', '0001-01-01']) expect(isCalendarDate(date)).toBe(true);
    for (const date of ['2025-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '20260101', '', 20260101, null]) {
      expect(isCalendarDate(date)).toBe(false);
    }
  });

  it('reads the day of an entry without one from its timestamp (UTC)', () => {
    expect(occurredOnOf({ timestamp: '2026-03-04T23:59:00.000Z' })).toBe('2026-03-04');
    expect(occurredOnOf({ timestamp: '2026-03-04T23:59:00.000Z', occurredOn: '2026-02-01' })).toBe('2026-02-01');
  });
});

describe('Account › under the second rules (bounded)', () => {
  describe('a credit', () => {
    it('carries the note and the date into AccountCredited', () => {
      const account = accountWith(0);
      account.credit(500, 'tx-1', { note: 'Rent', occurredOn: '2026-01-31', bounded: true });
      expect(lastEvent(account)?.data).toEqual({
        amount: 500,
        transactionId: 'tx-1',
        note: 'Rent',
        occurredOn: '2026-01-31',
      });
    });

    it('refuses an amount above MAX_AMOUNT with InvalidAmountError (the first rules took it)', () => {
      expect(() => accountWith(0).credit(MAX_AMOUNT + 1, 'tx', BOUNDED)).toThrow(InvalidAmountError);
      const unbounded = accountWith(0);
      unbounded.credit(MAX_AMOUNT + 1, 'tx');
      expect(unbounded.balance).toBe(MAX_AMOUNT + 1);
    });

    it('refuses to take the balance above MAX_BALANCE with BalanceLimitError and its facts', () => {
      const account = accountWith(MAX_BALANCE - 10);
      account.credit(10, 'tx', BOUNDED);
      const error = captured(() => account.credit(1, 'tx2', BOUNDED));
      expect(error).toBeInstanceOf(BalanceLimitError);
      expect(error).toMatchObject({ code: 'balance-limit', accountId: ALICE, balance: MAX_BALANCE, requested: 1 });
      expect(account.balance).toBe(MAX_BALANCE);
    });
  });

  describe('a refund', () => {
    it('is never refused for the maximum, even above MAX_BALANCE (it gives back what was debited)', () => {
      const account = accountWith(MAX_BALANCE + MAX_AMOUNT);
      account.debit(MAX_AMOUNT, 'tx', BOUNDED);
      account.refund(MAX_AMOUNT, 'tx', { ...BOUNDED, note: 'Gift' });
      expect(account.balance).toBe(MAX_BALANCE + MAX_AMOUNT);
      expect(lastEvent(account)).toMatchObject({
        type: 'AccountRefunded',
        data: { amount: MAX_AMOUNT, transactionId: 'tx', note: 'Gift' },
      });
    });

    it('lands on a closed account', () => {
      const account = accountWith(100);
      account.debit(100, 'tx', BOUNDED);
      account.close();
      account.refund(100, 'tx', BOUNDED);
      expect(account.balance).toBe(100);
    });
  });

  it('bounds the overdraft limit at MAX_BALANCE', () => {
    expect(() => accountWith(0).setOverdraftLimit(MAX_BALANCE + 1, BOUNDED)).toThrow(InvalidAmountError);
    const account = accountWith(0);
    account.setOverdraftLimit(MAX_BALANCE, BOUNDED);
    expect(account.overdraftLimit).toBe(MAX_BALANCE);
  });

  it('keeps every balance within [-MAX_BALANCE, MAX_BALANCE + MAX_AMOUNT] and refunds never throw (property)', () => {
    const amount = fc.integer({ min: 1, max: MAX_AMOUNT + 10 });
    const step = fc.oneof(
      fc.record({ op: fc.constant('credit' as const), amount }),
      fc.record({ op: fc.constant('debit' as const), amount }),
      // A transfer out whose credit was refused: the saga's debit, then its refund, with nothing in between.
      fc.record({ op: fc.constant('refunded' as const), amount }),
      fc.record({ op: fc.constant('limit' as const), amount: fc.integer({ min: 0, max: MAX_BALANCE + 10 }) }),
    );
    const seed = 20261202;
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const account = accountWith(0);
        for (const { op, amount: value } of steps) {
          try {
            if (op === 'credit') account.credit(value, 'tx', BOUNDED);
            else if (op === 'debit') account.debit(value, 'tx', BOUNDED);
            else if (op === 'limit') account.setOverdraftLimit(value, BOUNDED);
            else {
              account.debit(value, 'tx', BOUNDED);
              account.refund(value, 'tx', BOUNDED);
            }
          } catch (error) {
            if (!isBankError(error)) throw error;
          }
          expect(Number.isSafeInteger(account.balance)).toBe(true);
          expect(account.balance).toBeLessThanOrEqual(MAX_BALANCE + MAX_AMOUNT);
          expect(account.balance).toBeGreaterThanOrEqual(-MAX_BALANCE);
        }
      }),
      { seed, numRuns: 200 },
    );
    // Any refund of a debited amount lands, whatever the balance the debit left.
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX_BALANCE, max: MAX_BALANCE + MAX_AMOUNT }),
        fc.integer({ min: 1, max: MAX_AMOUNT }),
        (balance, value) => {
          const account = accountWith(balance, MAX_BALANCE);
          account.refund(value, 'tx', BOUNDED);
          expect(account.balance).toBe(balance + value);
          expect(Number.isSafeInteger(account.balance)).toBe(true);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});

describe('Account › closing at zero (closeEmpty)', () => {
  it('closes an account whose balance is zero', () => {
    const account = accountWith(0);
    account.closeEmpty();
    expect(account.isClosed).toBe(true);
  });

  for (const balance of [1, -1]) {
    it(`refuses a balance of ${balance} with AccountNotEmptyError and its facts, storing nothing`, () => {
      const account = accountWith(balance, 10);
      const before = account.pendingEvents.length;
      const error = captured(() => account.closeEmpty());
      expect(error).toBeInstanceOf(AccountNotEmptyError);
      expect(error).toMatchObject({ code: 'account-not-empty', accountId: ALICE, balance });
      expect(account.pendingEvents).toHaveLength(before);
    });
  }

  it('refuses a closed account with AccountClosedError before looking at the balance', () => {
    const account = accountWith(5);
    account.close();
    expect(() => account.closeEmpty()).toThrow(AccountClosedError);
  });

  it('leaves close() unconditional, as the first rules had it', () => {
    const account = accountWith(5);
    account.close();
    expect(account.isClosed).toBe(true);
  });
});

describe('Account › renaming', () => {
  it('gives the account a new name with AccountRenamed, the empty name too', () => {
    const account = Account.open(ALICE, { name: 'Savings' }, steppingClock());
    account.rename('Holidays');
    expect(lastEvent(account)).toMatchObject({ type: 'AccountRenamed', data: { name: 'Holidays' } });
    expect(account.name).toBe('Holidays');
    account.rename('');
    expect(account.name).toBe('');
  });

  it('refuses a closed account with AccountClosedError, and a name that is not a string with TypeError', () => {
    const account = accountWith(0);
    expect(() => account.rename(7 as unknown as string)).toThrow(TypeError);
    account.close();
    expect(() => account.rename('x')).toThrow(AccountClosedError);
  });
});

describe('The new bank errors', () => {
  it('survive their plain-data form with class, code and fields', () => {
    for (const error of [
      new AccountNotEmptyError({ accountId: ALICE, balance: -20 }),
      new BalanceLimitError({ accountId: ALICE, balance: MAX_BALANCE, requested: 3 }),
    ]) {
      const data = JSON.parse(JSON.stringify(toErrorData(error))) as ReturnType<typeof toErrorData>;
      const rebuilt = fromErrorData(data);
      expect(rebuilt).toBeInstanceOf(error.constructor);
      expect(rebuilt).toMatchObject({ ...data });
      expect(isBankError(rebuilt)).toBe(true);
    }
  });
});

describe('Request schema › keyed on the rules version', () => {
  const deposit = { creditAccountId: ALICE, amount: 100 };

  it('refuses a note on a request of the first rules as an unknown field, as the first rules did', () => {
    const parsed = parseRequest('DepositRequested', { ...deposit, note: 'x', rulesVersion: 1 });
    expect(parsed).toEqual({ ok: false, problem: 'malformed deposit request: unknown field note' });
  });

  it('knows no renaming under the first rules', () => {
    const parsed = parseRequest('AccountRenamingRequested', { accountId: ALICE, name: 'x', rulesVersion: 1 });
    expect(parsed).toEqual({ ok: false, problem: 'no request is of the kind "AccountRenamingRequested"' });
  });

  it('reads a note, a date, an opening balance and a renaming under the second rules', () => {
    const data = { ...deposit, note: 'Rent', occurredOn: '2026-01-31', rulesVersion: 2 };
    expect(parseRequest('DepositRequested', data)).toEqual({
      ok: true,
      request: { kind: 'deposit', creditAccountId: ALICE, amount: 100, note: 'Rent', occurredOn: '2026-01-31' },
      rulesVersion: 2,
    });
    expect(
      parseRequest('AccountOpeningRequested', {
        accountId: ALICE,
        name: '',
        overdraftLimit: 0,
        openingBalance: 900,
        rulesVersion: 2,
      }),
    ).toMatchObject({ ok: true, request: { kind: 'account-opening', openingBalance: 900 } });
    expect(parseRequest('AccountRenamingRequested', { accountId: ALICE, name: 'x', rulesVersion: 2 })).toMatchObject({
      ok: true,
      request: { kind: 'account-renaming', accountId: ALICE, name: 'x' },
    });
  });

  it('refuses a date that is no calendar date, an empty note and a note too long', () => {
    for (const details of [{ occurredOn: '2025-02-29' }, { note: '' }, { note: 'x'.repeat(201) }]) {
      expect(parseRequest('DepositRequested', { ...deposit, ...details, rulesVersion: 2 }).ok).toBe(false);
    }
  });

  it('does not judge the shape of a request of newer rules: it names them, for the derivation to stop', () => {
    const parsed = parseRequest('SomethingNewRequested', { whatever: true, rulesVersion: 3 });
    expect(parsed).toMatchObject({ ok: false, newerRules: 3 });
  });
});

describe('Account event schemas › on events stored before notes', () => {
  it('read a credit, a debit and a refund of schema version 1 as having no note and no date', () => {
    const mapper = new Mapper(ACCOUNT_EVENT_SCHEMAS);
    const stored = { amount: 20000, transactionId: 'a7d0c6c8-5f27-4c0e-9d0f-2a3b4c5d6e7f' };
    for (const type of ['AccountCredited', 'AccountDebited', 'AccountRefunded']) {
      expect(mapper.versionOf(type)).toBe(2);
      const event = mapper.toDomainEvent({
        originatorId: ALICE,
        originatorVersion: 2,
        type,
        schemaVersion: 1,
        timestamp: '2025-06-01T10:00:00.000Z',
        data: stored,
      });
      expect(event.data).toEqual(stored);
      expect(event.data).not.toHaveProperty('note');
      expect(event.data).not.toHaveProperty('occurredOn');
    }
    expect(new Mapper(TRANSACTION_JOURNAL_SCHEMAS).versionOf('TransactionLogged')).toBe(2);
  });
});

function captured(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected it to throw');
}
