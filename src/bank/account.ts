import { Aggregate, type Clock } from '../eventsourcing';
import type { AccountEvent } from './account-event';
import { AccountClosedError } from './account-closed-error';
import { AccountNotFoundError } from './account-not-found-error';
import { AccountNotEmptyError } from './account-not-empty-error';
import { BalanceLimitError } from './balance-limit-error';
import type { BankError } from './bank-error';
import { toErrorData } from './bank-error-data';
import { boundedCents, cents, MAX_BALANCE } from './cents';
import { InsufficientFundsError } from './insufficient-funds-error';
import { InvalidAmountError } from './invalid-amount-error';
import { detailsOf, type MovementDetails } from './movement-details';

/** The state of an account: plain JSON, so a snapshot is the state itself. Amounts in cents. */
export type AccountState = {
  readonly name: string;
  readonly balance: number;
  readonly overdraftLimit: number;
  readonly isClosed: boolean;
};

/** What an account is opened with. */
export interface AccountOpening {
  /** Defaults to `''`. */
  readonly name?: string;
  /** In cents, 0 or more; defaults to 0. */
  readonly overdraftLimit?: number;
}

/** What an account may be opened with by the applications: `AccountOpening` and an opening balance. */
export type AccountOpeningOptions = AccountOpening & {
  /** In cents, 0 to `MAX_BALANCE`, credited right after the opening (note: "Opening balance"); defaults to 0. */
  readonly openingBalance?: number;
};

/**
 * How a movement is made: the note and date it carries (see `MovementDetails`), and whether the maxima of the second
 * rules bound it (`bounded`): then an amount beyond `MAX_AMOUNT` is refused with `InvalidAmountError` and a credit
 * that would leave a balance above `MAX_BALANCE` with `BalanceLimitError`. Without it the movement is checked as the
 * first rules checked it (safe integers only), which is how requests of those rules are decided still.
 */
export type MovementOptions = MovementDetails & { readonly bounded?: boolean };

/**
 * A bank account: balance, overdraft limit, closing, and the bank's rules for them, listed below.
 *
 * Invariants:
 * - Every command checks all its rules before it triggers an event, so a refused command leaves no event behind.
 * - The opening is the first event (version 1); nothing can happen to an account before it.
 * - Money checks run in this order: amount valid → open → funds. Credits never fail for funds.
 * - After every debit, `balance >= -overdraftLimit` (the limit at the time of the debit). Lowering the limit below
 *   the current overdraft is allowed; it only blocks further debits.
 * - A closed account never changes again, except by `refund` (a compensating credit that cannot be refused) and by
 *   `recordRefusal` (which changes no state).
 * - The balance stays a safe integer: a credit that would take it beyond `Number.MAX_SAFE_INTEGER` is refused.
 * - Bounded (the second rules): every amount is at most `MAX_AMOUNT`, a credit never leaves the balance above
 *   `MAX_BALANCE`, a limit is at most `MAX_BALANCE`; a refund is never refused, so it may leave the balance above
 *   `MAX_BALANCE` by at most `MAX_AMOUNT` (it gives back what was debited a step before): far below
 *   `Number.MAX_SAFE_INTEGER`.
 */
export class Account extends Aggregate<AccountState, AccountEvent> {
  static readonly aggregateType = 'Account';
  static readonly snapshotVersion = 1;

  constructor(id: string, clock?: Clock) {
    super(id, { name: '', balance: 0, overdraftLimit: 0, isClosed: false }, clock);
  }

  /**
   * Opens a new account: balance 0, open, with the given name and overdraft limit. Throws `InvalidAmountError` for an
   * invalid limit and `TypeError` for a name that is not a string.
   */
  static open(id: string, opening: AccountOpening = {}, clock?: Clock): Account {
    const { name = '', overdraftLimit = 0 } = opening;
    if (typeof name !== 'string') throw new TypeError(`An account name must be a string, not ${typeof name}`);
    const limit = cents(overdraftLimit, 'limit');
    const account = new Account(id, clock);
    account.trigger('AccountOpened', { name, overdraftLimit: limit });
    return account;
  }

  /** The name it was opened with, or renamed to; `''` by default. */
  get name(): string {
    return this.state.name;
  }

  /** In cents; negative when overdrawn. */
  get balance(): number {
    return this.state.balance;
  }

  /** In cents: how far below zero the balance may go. */
  get overdraftLimit(): number {
    return this.state.overdraftLimit;
  }

  /** Whether it was closed; a closed account never reopens. */
  get isClosed(): boolean {
    return this.state.isClosed;
  }

  /**
   * Throws `AccountClosedError` if the account is closed (and `AccountNotFoundError` for a blank aggregate that was
   * never opened). For commands that must check several accounts before changing any.
   */
  ensureOpen(): void {
    this.#ensureOpened();
    if (this.state.isClosed) throw new AccountClosedError({ accountId: this.id });
  }

  /**
   * Adds money. Throws `InvalidAmountError`, then `AccountClosedError`; never refused for funds (only, with
   * `InvalidAmountError`, if the balance would pass `Number.MAX_SAFE_INTEGER`; bounded, with `BalanceLimitError` if
   * it would pass `MAX_BALANCE`).
   */
  credit(amount: number, transactionId?: string, options: MovementOptions = {}): void {
    const valid = amountOf(amount, options);
    this.ensureOpen();
    if (options.bounded === true && this.state.balance + valid > MAX_BALANCE) {
      throw new BalanceLimitError({ accountId: this.id, balance: this.state.balance, requested: valid });
    }
    this.#ensureBalanceStaysSafe(valid);
    this.trigger('AccountCredited', movement({ amount: valid }, transactionId, options));
  }

  /** Takes money out. Throws `InvalidAmountError`, then `AccountClosedError`, then `InsufficientFundsError`. */
  debit(amount: number, transactionId?: string, options: MovementOptions = {}): void {
    const valid = amountOf(amount, options);
    this.ensureOpen();
    const { balance, overdraftLimit } = this.state;
    if (balance - valid < -overdraftLimit) {
      throw new InsufficientFundsError({ accountId: this.id, available: balance + overdraftLimit, requested: valid });
    }
    this.trigger('AccountDebited', movement({ amount: valid }, transactionId, options));
  }

  /**
   * The compensating credit of a transaction that could not complete: gives back money this account was debited for
   * `transactionId`. It cannot be refused — not for funds, not even on a closed account — because refusing it would
   * lose the money (and leave its saga compensating for good). Only an invalid amount (a bug in the caller) throws
   * `InvalidAmountError`; unbounded (the first rules), so does a balance that would pass `Number.MAX_SAFE_INTEGER`,
   * as those rules had it. Bounded, nothing else is checked: the balance it restores was the balance before the
   * debit, so it stays below `MAX_BALANCE + MAX_AMOUNT` (see the invariants).
   */
  refund(amount: number, transactionId: string, options: MovementOptions = {}): void {
    const valid = cents(amount);
    this.#ensureOpened();
    if (options.bounded !== true) this.#ensureBalanceStaysSafe(valid);
    this.trigger('AccountRefunded', { amount: valid, transactionId, ...detailsOf(options) });
  }

  /**
   * Sets the overdraft limit (0 or more; bounded, at most `MAX_BALANCE`). Throws `InvalidAmountError`, then
   * `AccountClosedError`.
   */
  setOverdraftLimit(limit: number, options: { readonly bounded?: boolean } = {}): void {
    const valid = options.bounded === true ? boundedCents(limit, 'limit') : cents(limit, 'limit');
    this.ensureOpen();
    this.trigger('OverdraftLimitSet', { overdraftLimit: valid });
  }

  /**
   * Closes the account for good, whatever its balance (the first rules); the balance stays readable. Throws
   * `AccountClosedError` if already closed. See `closeEmpty` for the rule of the second rules.
   */
  close(): void {
    this.ensureOpen();
    this.trigger('AccountClosed', {});
  }

  /**
   * Closes the account for good if its balance is zero, so that no money (and no debt) is left in a closed account.
   * Throws `AccountClosedError` if already closed, then `AccountNotEmptyError` with the balance.
   */
  closeEmpty(): void {
    this.ensureOpen();
    if (this.state.balance !== 0) throw new AccountNotEmptyError({ accountId: this.id, balance: this.state.balance });
    this.trigger('AccountClosed', {});
  }

  /**
   * Gives the account a new name: any string (the empty string is no name, as at an opening without one; what a
   * name should look like is for the app's forms), at most `MAX_REQUEST_TEXT` UTF-16 code units when it comes in a
   * request. Throws `TypeError` for a name that is not a string, then `AccountClosedError`.
   */
  rename(name: string): void {
    if (typeof name !== 'string') throw new TypeError(`An account name must be a string, not ${typeof name}`);
    this.ensureOpen();
    this.trigger('AccountRenamed', { name });
  }

  /** Records that this account refused a step of transaction `transactionId`, for the process system. No checks. */
  recordRefusal(error: BankError, transactionId: string): void {
    this.#ensureOpened();
    this.trigger('AccountRefusalRecorded', { error: toErrorData(error), transactionId });
  }

  protected evolve(state: AccountState, event: AccountEvent): AccountState {
    switch (event.type) {
      case 'AccountOpened':
        return { ...state, name: event.data.name, overdraftLimit: event.data.overdraftLimit };
      case 'AccountCredited':
      case 'AccountRefunded':
        return { ...state, balance: state.balance + event.data.amount };
      case 'AccountDebited':
        return { ...state, balance: state.balance - event.data.amount };
      case 'OverdraftLimitSet':
        return { ...state, overdraftLimit: event.data.overdraftLimit };
      case 'AccountClosed':
        return { ...state, isClosed: true };
      case 'AccountRenamed':
        return { ...state, name: event.data.name };
      case 'AccountRefusalRecorded':
        return state;
      default:
        return this.unknownEvent(event);
    }
  }

  /** A blank aggregate (version 0) is no account: nothing may happen to it before its opening. */
  #ensureOpened(): void {
    if (this.version === 0) throw new AccountNotFoundError({ accountId: this.id });
  }

  /** Refuses a credit that would take the balance out of the safe integers, where it could no longer be exact. */
  #ensureBalanceStaysSafe(amount: number): void {
    if (!Number.isSafeInteger(this.state.balance + amount)) throw new InvalidAmountError({ value: amount });
  }
}

/** A valid amount: bounded (the second rules) at most `MAX_AMOUNT`. */
function amountOf(amount: number, options: MovementOptions): number {
  return options.bounded === true ? boundedCents(amount) : cents(amount);
}

/**
 * The data of a credit or a debit: as the first rules wrote it (amount, transaction id), with the note and date
 * when the movement has them.
 */
function movement(
  data: { readonly amount: number },
  transactionId: string | undefined,
  details: MovementDetails,
): { readonly amount: number; readonly transactionId?: string } & MovementDetails {
  return { ...(transactionId === undefined ? data : { ...data, transactionId }), ...detailsOf(details) };
}
