import { Application, type Clock, type Persistence } from '../eventsourcing';
import { Account, type AccountOpeningOptions } from './account';
import { ACCOUNT_EVENT_SCHEMAS } from './account-event';
import { AccountDesk } from './account-desk';
import { accountId } from './account-id';
import type { AccountView } from './account-view';
import { boundedCents } from './cents';
import { describeValue } from './describe-value';
import { checkedDetails, type MovementDetails } from './movement-details';
import { SameAccountTransferError } from './same-account-transfer-error';

/** What `BankAccounts` is built with: where it stores its events, and optionally a clock and a retry budget. */
export interface BankAccountsOptions {
  readonly persistence: Persistence;
  /** Where event timestamps come from; the system clock by default. */
  readonly clock?: Clock;
  /**
   * How many times a command is tried when another writer (another tab) changed one of its accounts between loading
   * and saving (a `ConcurrencyError`): each attempt loads the accounts again and checks every rule again. After the
   * last attempt the `ConcurrencyError` reaches the caller, and nothing of the command was stored. Default 10.
   */
  readonly maxAttempts?: number;
}

/**
 * The simple bank application (the original's `SimpleBankAccountApplication`): every action is one atomic write.
 * Its store and log are named `accounts` (`BankAccounts.applicationName`), and accounts are snapshotted every 50
 * events.
 *
 * Invariants:
 * - Every public method returns a promise, and every error, validation included, is that promise's rejection.
 * - Checks run in the bank's order, so that a command with several faults always gets the same error: amount valid →
 *   distinct accounts (transfer) → account exists → open → funds. A refused command stores nothing.
 * - A transfer saves both accounts in one transaction, the debit event first: both or neither.
 * - A lost race with another writer is never a lost update: the write fails with `ConcurrencyError`, and the
 *   command is decided again on fresh state (at most `maxAttempts` times) or the error is surfaced.
 * - The account list is derived from the stored log, in opening order.
 * Reads, openings, limit changes and closings are the `AccountDesk`'s, shared with the system's `Accounts`; money
 * movements are this application's own.
 */
export class BankAccounts extends Application {
  /** The name of this application's store and log. */
  static readonly applicationName = 'accounts';

  readonly #desk: AccountDesk;

  constructor(options: BankAccountsOptions) {
    super({
      name: BankAccounts.applicationName,
      persistence: options.persistence,
      schemas: ACCOUNT_EVENT_SCHEMAS,
      snapshotting: { [Account.aggregateType]: 50 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.#desk = new AccountDesk(this, options.maxAttempts);
  }

  /**
   * Opens an account (balance 0 or the opening balance, open) and returns its new id. Rejects with
   * `InvalidAmountError` for an invalid overdraft limit or opening balance (each 0 to `MAX_BALANCE`), and with
   * `TypeError` when the options or the name have the wrong type.
   */
  openAccount(options: AccountOpeningOptions = {}): Promise<string> {
    return this.#desk.openAccount(options);
  }

  /** The account with this id; `AccountNotFoundError` if there is none. */
  getAccount(id: string): Promise<AccountView> {
    return this.#desk.getAccount(id);
  }

  /** Every account, closed ones too, in opening order, from the stored events. */
  listAccounts(): Promise<AccountView[]> {
    return this.#desk.listAccounts();
  }

  /** The balance in cents; `AccountNotFoundError` if there is no such account. */
  getBalance(id: string): Promise<number> {
    return this.#desk.getBalance(id);
  }

  /** The overdraft limit in cents; `AccountNotFoundError` if there is no such account. */
  getOverdraftLimit(id: string): Promise<number> {
    return this.#desk.getOverdraftLimit(id);
  }

  /**
   * Credits `amount` cents (1 to `MAX_AMOUNT`), with an optional note and date. Rejects with `InvalidAmountError`,
   * `AccountNotFoundError`, `AccountClosedError`, `BalanceLimitError` (the balance would pass `MAX_BALANCE`).
   */
  async deposit(id: string, amount: number, details?: MovementDetails): Promise<void> {
    const valid = boundedCents(amount);
    const options = { ...checkedDetails(details), bounded: true };
    const creditId = accountId(id);
    await this.#desk.decide(async () => {
      const account = await this.#desk.load(creditId);
      account.credit(valid, undefined, options);
      return [account];
    });
  }

  /**
   * Debits `amount` cents (1 to `MAX_AMOUNT`), with an optional note and date. Rejects with `InvalidAmountError`,
   * `AccountNotFoundError`, `AccountClosedError`, `InsufficientFundsError`.
   */
  async withdraw(id: string, amount: number, details?: MovementDetails): Promise<void> {
    const valid = boundedCents(amount);
    const options = { ...checkedDetails(details), bounded: true };
    const debitId = accountId(id);
    await this.#desk.decide(async () => {
      const account = await this.#desk.load(debitId);
      account.debit(valid, undefined, options);
      return [account];
    });
  }

  /**
   * Moves `amount` cents (1 to `MAX_AMOUNT`) from one account to another, both in one transaction. Rejects with
   * `InvalidAmountError`, `SameAccountTransferError`, `AccountNotFoundError` (debit account first),
   * `AccountClosedError` (debit account first), `InsufficientFundsError`, `BalanceLimitError`.
   */
  async transfer(debitId: string, creditId: string, amount: number, details?: MovementDetails): Promise<void> {
    const valid = boundedCents(amount);
    if (debitId === creditId) {
      throw new SameAccountTransferError({ accountId: typeof debitId === 'string' ? debitId : describeValue(debitId) });
    }
    const options = { ...checkedDetails(details), bounded: true };
    const from = accountId(debitId);
    const to = accountId(creditId);
    await this.#desk.decide(async () => {
      const debit = await this.#desk.load(from);
      const credit = await this.#desk.load(to);
      debit.ensureOpen();
      credit.ensureOpen();
      debit.debit(valid, undefined, options);
      credit.credit(valid, undefined, options);
      return [debit, credit];
    });
  }

  /**
   * Sets the overdraft limit (0 or more cents). Rejects with `InvalidAmountError`, `AccountNotFoundError`,
   * `AccountClosedError`. A limit below the current overdraft is accepted and blocks further debits.
   */
  setOverdraftLimit(id: string, limit: number): Promise<void> {
    return this.#desk.setOverdraftLimit(id, limit);
  }

  /** Gives an account a new name. Rejects with `TypeError`, `AccountNotFoundError`, `AccountClosedError`. */
  renameAccount(id: string, name: string): Promise<void> {
    return this.#desk.renameAccount(id, name);
  }

  /**
   * Closes an account for good, whatever its balance (the original's rule, kept for this simple application; the
   * system's requests close only an empty account). Rejects with `AccountNotFoundError`, and `AccountClosedError`
   * if already closed.
   */
  closeAccount(id: string): Promise<void> {
    return this.#desk.closeAccount(id);
  }
}
