import { describe, expect, it } from 'vitest';
import { UnknownEventTypeError, type DomainEvent } from '../../src/eventsourcing';
import {
  Account,
  AccountClosedError,
  InsufficientFundsError,
  InvalidAmountError,
  toErrorData,
  type AccountEvent,
} from '../../src/bank';
import { thrownBy } from './fixtures/rejection';
import { steppingClock } from '../fixtures/stored-events';

const ALICE = 'alice-account';
/** The first reading of `steppingClock()`. */
const FIRST_TICK = '2026-01-01T00:00:00.000Z';

type Given = readonly [type: AccountEvent['type'], data: AccountEvent['data']];

/** An account rebuilt from stored events: the "given" of a given/when/then test. */
function given(...history: Given[]): Account {
  const account = new Account(ALICE, steppingClock());
  account.replay(
    history.map(([type, data], index): DomainEvent => ({
      type,
      originatorId: ALICE,
      originatorVersion: index + 1,
      timestamp: FIRST_TICK,
      data,
    })) as AccountEvent[],
  );
  return account;
}

/** The new events of a "when", as `[type, data]`. */
function newEvents(account: Account): Given[] {
  return account.pendingEvents.map((event) => [event.type, event.data]);
}

const opened: Given = ['AccountOpened', { name: 'Alice', overdraftLimit: 0 }];
const closed: Given = ['AccountClosed', {}];

describe('Account', () => {
  describe('when opened', () => {
    it('has balance 0, overdraft limit 0, is open, and its opening is the event at version 1', () => {
      const account = Account.open(ALICE, {}, steppingClock());
      expect(account.state).toEqual({ name: '', balance: 0, overdraftLimit: 0, isClosed: false });
      expect(account.version).toBe(1);
      expect(newEvents(account)).toEqual([['AccountOpened', { name: '', overdraftLimit: 0 }]]);
      expect(account.pendingEvents[0]?.timestamp).toBe(FIRST_TICK);
    });

    it('keeps the name and overdraft limit it was opened with', () => {
      const account = Account.open(ALICE, { name: 'Alice', overdraftLimit: 50000 });
      expect(account.state).toEqual({ name: 'Alice', balance: 0, overdraftLimit: 50000, isClosed: false });
    });

    it('refuses an invalid overdraft limit with InvalidAmountError', () => {
      expect(() => Account.open(ALICE, { overdraftLimit: -1 })).toThrow(InvalidAmountError);
    });

    it('refuses a name that is not a string with TypeError', () => {
      expect(() => Account.open(ALICE, { name: 42 as unknown as string })).toThrow(TypeError);
    });
  });

  describe('given no opening', () => {
    it('refuses every command with AccountNotFoundError: nothing happens to an account before its opening', () => {
      const blank = new Account(ALICE);
      for (const command of [
        () => blank.credit(100),
        () => blank.debit(100),
        () => blank.refund(100, 'transaction-1'),
        () => blank.setOverdraftLimit(100),
        () => blank.close(),
        () => blank.recordRefusal(new AccountClosedError({ accountId: ALICE }), 'transaction-1'),
      ]) {
        expect(thrownBy(command)).toMatchObject({ code: 'account-not-found', accountId: ALICE });
      }
      expect(blank.version).toBe(0);
    });
  });

  describe('given credits and debits', () => {
    it('replaying the stored credit and debit events gives the balance the commands gave', () => {
      const live = Account.open(ALICE, { name: 'Alice' });
      live.credit(20000);
      live.debit(5000);
      live.credit(1, 'transaction-1');
      const replayed = given(...newEvents(live));
      expect(replayed.state).toEqual(live.state);
      expect(replayed.balance).toBe(15001);
    });
  });

  describe('when credited', () => {
    it('adds the amount, with the transaction id only when one is given', () => {
      const account = given(opened);
      account.credit(20000);
      account.credit(300, 'transaction-1');
      expect(account.balance).toBe(20300);
      expect(newEvents(account)).toEqual([
        ['AccountCredited', { amount: 20000 }],
        ['AccountCredited', { amount: 300, transactionId: 'transaction-1' }],
      ]);
    });

    it('is never refused for funds, even below a lowered limit (the eventsourcing 8 original refused it)', () => {
      const account = given(
        ['AccountOpened', { name: 'Alice', overdraftLimit: 50000 }],
        ['AccountDebited', { amount: 40000 }],
        ['OverdraftLimitSet', { overdraftLimit: 10000 }],
      );
      account.credit(5000);
      expect(account.balance).toBe(-35000);
    });

    it('refuses a credit that would take the balance beyond Number.MAX_SAFE_INTEGER', () => {
      const account = given(opened, ['AccountCredited', { amount: Number.MAX_SAFE_INTEGER - 1 }]);
      expect(() => account.credit(2)).toThrow(InvalidAmountError);
      account.credit(1);
      expect(account.balance).toBe(Number.MAX_SAFE_INTEGER);
    });
  });

  describe('when debited', () => {
    it('allows landing exactly on minus the limit (−30000 − 20000 with limit 50000)', () => {
      const account = given(
        ['AccountOpened', { name: 'Alice', overdraftLimit: 50000 }],
        ['AccountDebited', { amount: 30000 }],
      );
      account.debit(20000);
      expect(account.balance).toBe(-50000);
    });

    it('refuses one cent beyond minus the limit with InsufficientFundsError and its facts', () => {
      const account = given(
        ['AccountOpened', { name: 'Alice', overdraftLimit: 50000 }],
        ['AccountDebited', { amount: 30000 }],
      );
      const error = thrownBy(() => account.debit(20001));
      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect(error).toMatchObject({ code: 'insufficient-funds', accountId: ALICE, available: 20000, requested: 20001 });
      expect(newEvents(account)).toEqual([]);
    });

    it('carries the transaction id when one is given', () => {
      const account = given(opened, ['AccountCredited', { amount: 100 }]);
      account.debit(100, 'transaction-2');
      expect(newEvents(account)).toEqual([['AccountDebited', { amount: 100, transactionId: 'transaction-2' }]]);
    });
  });

  describe('when closed', () => {
    it('refuses a debit with AccountClosedError before looking at funds', () => {
      const account = given(opened, closed);
      const error = thrownBy(() => account.debit(1_000_000));
      expect(error).toBeInstanceOf(AccountClosedError);
      expect(error).toMatchObject({ code: 'account-closed', accountId: ALICE });
    });

    it('refuses credits, debits and limit changes with AccountClosedError, and stores no event', () => {
      const account = given(opened, ['AccountCredited', { amount: 5000 }], closed);
      expect(() => account.credit(100)).toThrow(AccountClosedError);
      expect(() => account.debit(100)).toThrow(AccountClosedError);
      expect(() => account.setOverdraftLimit(50000)).toThrow(AccountClosedError);
      expect(newEvents(account)).toEqual([]);
    });

    it('keeps its balance and limit readable and has no way to reopen', () => {
      const account = given(
        ['AccountOpened', { name: 'Alice', overdraftLimit: 700 }],
        ['AccountCredited', { amount: 5000 }],
        closed,
      );
      expect(account.state).toEqual({ name: 'Alice', balance: 5000, overdraftLimit: 700, isClosed: true });
      expect('reopen' in account).toBe(false);
    });

    it('refuses a second closing with AccountClosedError and stores no second event', () => {
      const account = given(opened, closed);
      expect(() => account.close()).toThrow(AccountClosedError);
      expect(newEvents(account)).toEqual([]);
    });

    it('may be closed with a non-zero balance', () => {
      const account = given(opened, ['AccountCredited', { amount: 5000 }]);
      account.close();
      expect(newEvents(account)).toEqual([['AccountClosed', {}]]);
      expect(account.balance).toBe(5000);
    });

    it('accepts a refund, the compensating credit that cannot be refused', () => {
      const account = given(opened, ['AccountDebited', { amount: 5000 }], closed);
      account.refund(5000, 'transaction-3');
      expect(account.balance).toBe(0);
      expect(newEvents(account)).toEqual([['AccountRefunded', { amount: 5000, transactionId: 'transaction-3' }]]);
    });
  });

  describe('when its overdraft limit is set', () => {
    it('accepts 0, which the original refused, so a limit can be removed', () => {
      const account = given(['AccountOpened', { name: 'Alice', overdraftLimit: 50000 }]);
      account.setOverdraftLimit(0);
      expect(account.overdraftLimit).toBe(0);
      expect(newEvents(account)).toEqual([['OverdraftLimitSet', { overdraftLimit: 0 }]]);
    });

    it('refuses a negative limit with InvalidAmountError before looking at closed', () => {
      const account = given(opened, closed);
      const error = thrownBy(() => account.setOverdraftLimit(-50000));
      expect(error).toBeInstanceOf(InvalidAmountError);
      expect(error).toMatchObject({ code: 'invalid-amount', value: -50000 });
    });

    it('accepts a limit below the current overdraft, which then blocks further debits', () => {
      const account = given(
        ['AccountOpened', { name: 'Alice', overdraftLimit: 50000 }],
        ['AccountDebited', { amount: 40000 }],
      );
      account.setOverdraftLimit(10000);
      expect(account.state).toMatchObject({ balance: -40000, overdraftLimit: 10000 });
      const error = thrownBy(() => account.debit(1));
      expect(error).toMatchObject({ code: 'insufficient-funds', available: -30000, requested: 1 });
    });
  });

  describe('when a refusal is recorded', () => {
    it('stores the error as data with the transaction id and changes no state', () => {
      const account = given(opened, ['AccountCredited', { amount: 100 }], closed);
      const before = account.state;
      const refusal = new AccountClosedError({ accountId: ALICE });
      account.recordRefusal(refusal, 'transaction-4');
      expect(account.state).toEqual(before);
      expect(account.version).toBe(4);
      expect(newEvents(account)).toEqual([
        ['AccountRefusalRecorded', { error: toErrorData(refusal), transactionId: 'transaction-4' }],
      ]);
    });
  });

  describe('given an event type it does not know', () => {
    it('fails with UnknownEventTypeError instead of skipping it', () => {
      expect(() => given(opened, ['AccountRenumbered' as AccountEvent['type'], {}])).toThrow(UnknownEventTypeError);
    });
  });

  it('keeps its state as plain data that structured clone and JSON carry unchanged', () => {
    const account = given(
      ['AccountOpened', { name: 'Alice', overdraftLimit: 700 }],
      ['AccountDebited', { amount: 300 }],
    );
    expect(structuredClone(account.state)).toEqual(account.state);
    expect(JSON.parse(JSON.stringify(account.state))).toEqual(account.state);
  });
});
