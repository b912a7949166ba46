import {
  ProcessApplication,
  type Clock,
  type Notification,
  type Persistence,
  type ProcessingContext,
} from '../eventsourcing';
import { Account, type AccountOpeningOptions } from './account';
import { ACCOUNT_EVENT_SCHEMAS } from './account-event';
import { AccountDesk, type AccountReadOptions } from './account-desk';
import { accountId } from './account-id';
import { AccountNotFoundError } from './account-not-found-error';
import type { AccountView } from './account-view';
import { isBankError } from './bank-error';
import { fromErrorData, toErrorData } from './bank-error-data';
import { boundedCents } from './cents';
import type { Commands } from './commands';
import type { SagaEvent } from './saga';
import { RequestTrail } from './request-trail';
import type { Sagas } from './sagas';
import { TransactionRefusal } from './transaction-refusal';

export interface AccountsOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
  /**
   * Where the account management methods record their requests and learn their outcome. Without them (an
   * `Accounts` on its own, for reading), those methods reject with `TypeError`.
   */
  readonly requests?: { readonly commands: Commands; readonly sagas: Sagas };
}

/**
 * The system's account application (the original's `Accounts`): the accounts, derived from the confirmed requests
 * (`Derivation`), with the reads of `BankAccounts`; opening, limits and closing go through requests like every
 * change, and resolve once their outcome is derived. Money moves only through `Commands`. Its store and log are
 * named `accounts`; accounts are snapshotted every 50 events.
 *
 * Invariants:
 * - A domain refusal of a saga's step is recorded as an event on the refusing account (`AccountRefusalRecorded`);
 *   an account that does not exist is recorded as a `TransactionRefused`, so its saga fails and the next request is
 *   decided as usual.
 * - A refund is a compensating credit that cannot be refused, even by a closed account: no path loses money.
 * - Every account event written for a saga carries the saga's id as its transaction id.
 * - Its policy only finishes work that the pipeline of process applications, which preceded the derivation, left in
 *   flight (`finishLegacyPipeline`).
 */
export class Accounts extends ProcessApplication {
  static readonly applicationName = 'accounts';
  readonly #desk: AccountDesk;
  readonly #requests: AccountsOptions['requests'];

  constructor(options: AccountsOptions) {
    super({
      name: Accounts.applicationName,
      persistence: options.persistence,
      schemas: ACCOUNT_EVENT_SCHEMAS,
      snapshotting: { [Account.aggregateType]: 50, [RequestTrail.aggregateType]: 100 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.#desk = new AccountDesk(this);
    this.#requests = options.requests;
  }

  /**
   * Opens an account (balance 0, or the opening balance credited at once; open) and returns its id, once the opening
   * is derived.
   */
  async openAccount(options?: AccountOpeningOptions): Promise<string> {
    const id = await this.#commands().openAccount(options);
    await this.#decided(id);
    return id;
  }

  /** The account with this id; `AccountNotFoundError` if there is none. */
  getAccount(id: string, options?: AccountReadOptions): Promise<AccountView> {
    return this.#desk.getAccount(id, options);
  }

  /** Every account, closed ones too, in opening order, from the stored events. */
  listAccounts(): Promise<AccountView[]> {
    return this.#desk.listAccounts();
  }

  /** Every account id, closed ones too, in opening order, from the stored events. */
  accountIds(): Promise<string[]> {
    return this.#desk.accountIds();
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
   * Sets the overdraft limit, once the request is derived: `InvalidAmountError` up front; `AccountNotFoundError`,
   * `AccountClosedError` as its outcome.
   */
  async setOverdraftLimit(id: string, limit: number): Promise<void> {
    const valid = boundedCents(limit, 'limit');
    await this.#decided(await this.#commands().setOverdraftLimit(accountId(id), valid));
  }

  /**
   * Closes an account for good, once the request is derived: `AccountNotFoundError`, `AccountClosedError` if
   * already closed, and `AccountNotEmptyError` if its balance is not zero then (the current rules).
   */
  async closeAccount(id: string): Promise<void> {
    await this.#decided(await this.#commands().closeAccount(accountId(id)));
  }

  /**
   * Gives an account a new name, once the request is derived: `TypeError`/`RangeError` up front (see
   * `Commands.renameAccount`); `AccountNotFoundError`, `AccountClosedError` as its outcome.
   */
  async renameAccount(id: string, name: string): Promise<void> {
    await this.#decided(await this.#commands().renameAccount(accountId(id), name));
  }

  #commands(): Commands {
    if (this.#requests === undefined) throw new TypeError('These accounts are for reading: no requests can be made');
    return this.#requests.commands;
  }

  /** Waits for the outcome of a request and rejects with its refusal. */
  async #decided(requestId: string): Promise<void> {
    const error = await this.#requests?.sagas.outcomeOf(requestId);
    if (error !== undefined && error !== null) throw fromErrorData(error);
  }

  /** Carries on the work of the pipeline that preceded the derivation (see `finishLegacyPipeline`). */
  protected async policy(notification: Notification, context: ProcessingContext): Promise<void> {
    const event = notification as Notification<SagaEvent>;
    const transactionId = event.originatorId;
    switch (event.type) {
      case 'SagaStarted': {
        const { kind, debitAccountId, creditAccountId, amount } = event.data;
        if (kind === 'deposit' && creditAccountId !== null) {
          await this.#step(context, creditAccountId, transactionId, (account) => account.credit(amount, transactionId));
        } else if (kind !== 'deposit' && debitAccountId !== null) {
          await this.#step(context, debitAccountId, transactionId, (account) => account.debit(amount, transactionId));
        }
        return;
      }
      case 'SagaCreditRequired': {
        const { creditAccountId, amount } = event.data;
        await this.#step(context, creditAccountId, transactionId, (account) => account.credit(amount, transactionId));
        return;
      }
      case 'SagaRefundRequired': {
        const { debitAccountId, amount } = event.data;
        await this.#step(context, debitAccountId, transactionId, (account) => account.refund(amount, transactionId));
        return;
      }
      default:
        return;
    }
  }

  /** Carries out one step on one account, recording a refusal instead of throwing it. */
  async #step(
    context: ProcessingContext,
    accountId: string,
    transactionId: string,
    change: (account: Account) => void,
  ): Promise<void> {
    const account = await context.find(Account, accountId);
    if (account === undefined) {
      const error = toErrorData(new AccountNotFoundError({ accountId }));
      context.collect(TransactionRefusal.record(accountId, transactionId, error, this.clock));
      return;
    }
    try {
      change(account);
    } catch (error) {
      if (!isBankError(error)) throw error;
      account.recordRefusal(error, transactionId);
    }
  }
}
