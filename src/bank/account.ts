import { Aggregate, type Clock } from '../eventsourcing';
import type { AccountEvent } from './account-event';
import { AccountClosedError } from './account-closed-error';
import { AccountNotFoundError } from './account-not-found-error';
import type { BankError } from './bank-error';
import { toErrorData } from './bank-error-data';
import { cents } from './cents';
import { InsufficientFundsError } from './insufficient-funds-error';
import { InvalidAmountError } from './invalid-amount-error';

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

  /** The name it was opened with; `''` by default. */
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
   * `InvalidAmountError`, if the balance would pass `Number.MAX_SAFE_INTEGER`).
   */
  credit(amount: number, transactionId?: string): void {
    const valid = cents(amount);
    this.ensureOpen();
    this.#ensureBalanceStaysSafe(valid);
    this.trigger('AccountCredited', withTransaction({ amount: valid }, transactionId));
  }

  /** Takes money out. Throws `InvalidAmountError`, then `AccountClosedError`, then `InsufficientFundsError`. */
  debit(amount: number, transactionId?: string): void {
    const valid = cents(amount);
    this.ensureOpen();
    const { balance, overdraftLimit } = this.state;
    if (balance - valid < -overdraftLimit) {
      throw new InsufficientFundsError({ accountId: this.id, available: balance + overdraftLimit, requested: valid });
    }
    this.trigger('AccountDebited', withTransaction({ amount: valid }, transactionId));
  }

  /**
   * The compensating credit of a transaction that could not complete: gives back money this account was debited for
   * `transactionId`. It cannot be refused — not for funds, not even on a closed account — because refusing it would
   * lose the money. Only an invalid amount (a bug in the caller), or a balance that would pass
   * `Number.MAX_SAFE_INTEGER`, throws `InvalidAmountError`.
   */
  refund(amount: number, transactionId: string): void {
    const valid = cents(amount);
    this.#ensureOpened();
    this.#ensureBalanceStaysSafe(valid);
    this.trigger('AccountRefunded', { amount: valid, transactionId });
  }

  /** Sets the overdraft limit (0 or more). Throws `InvalidAmountError`, then `AccountClosedError`. */
  setOverdraftLimit(limit: number): void {
    const valid = cents(limit, 'limit');
    this.ensureOpen();
    this.trigger('OverdraftLimitSet', { overdraftLimit: valid });
  }

  /** Closes the account for good; the balance stays readable. Throws `AccountClosedError` if already closed. */
  close(): void {
    this.ensureOpen();
    this.trigger('AccountClosed', {});
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

function withTransaction(
  data: { readonly amount: number },
  transactionId: string | undefined,
): { readonly amount: number; readonly transactionId?: string } {
  return transactionId === undefined ? data : { ...data, transactionId };
}
