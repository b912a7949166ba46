import {
  ProcessApplication,
  type Clock,
  type Notification,
  type Persistence,
  type ProcessingContext,
} from '../eventsourcing';
import { Account, type AccountOpening } from './account';
import { AccountDesk, type AccountReadOptions } from './account-desk';
import { AccountNotFoundError } from './account-not-found-error';
import type { AccountView } from './account-view';
import { isBankError } from './bank-error';
import { toErrorData } from './bank-error-data';
import type { SagaEvent } from './saga';
import { TransactionRefusal } from './transaction-refusal';

export interface AccountsOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
  /** Attempts of a direct change that lost a race with another writer; default 10. */
  readonly maxAttempts?: number;
}

/**
 * The system's account application (the original's `Accounts`): follows `Sagas` and carries out each step a saga
 * asks for on the account it names; also opens, reads and manages accounts directly. Money moves only through
 * `Commands`. Its store and log are named `accounts`; accounts are snapshotted every 50 events.
 *
 * Invariants:
 * - A domain refusal is recorded as an event on the refusing account (`AccountRefusalRecorded`), never thrown out of
 *   the policy; an account that does not exist is recorded as a `TransactionRefused`, so its saga fails and the
 *   followers move on.
 * - A refund is a compensating credit that cannot be refused, even by a closed account: no path loses money.
 * - Every account event written for a saga carries the saga's id as its transaction id.
 */
export class Accounts extends ProcessApplication {
  static readonly applicationName = 'accounts';
  readonly #desk: AccountDesk;

  constructor(options: AccountsOptions) {
    super({
      name: Accounts.applicationName,
      persistence: options.persistence,
      snapshotting: { [Account.aggregateType]: 50 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.#desk = new AccountDesk(this, options.maxAttempts);
  }

  /** Opens an account (balance 0, open) and returns its id. */
  openAccount(options?: AccountOpening): Promise<string> {
    return this.#desk.openAccount(options);
  }

  /** The account with this id; `AccountNotFoundError` if there is none. */
  getAccount(id: string, options?: AccountReadOptions): Promise<AccountView> {
    return this.#desk.getAccount(id, options);
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

  /** Sets the overdraft limit: `InvalidAmountError`, `AccountNotFoundError`, `AccountClosedError`. */
  setOverdraftLimit(id: string, limit: number): Promise<void> {
    return this.#desk.setOverdraftLimit(id, limit);
  }

  /** Closes an account for good: `AccountNotFoundError`, and `AccountClosedError` if already closed. */
  closeAccount(id: string): Promise<void> {
    return this.#desk.closeAccount(id);
  }

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
