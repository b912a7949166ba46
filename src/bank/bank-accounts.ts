import { Application, ConcurrencyError, type Clock, type Persistence } from '../eventsourcing';
import { Account, type AccountOpening } from './account';
import { accountId } from './account-id';
import { AccountNotFoundError } from './account-not-found-error';
import { accountView, type AccountView } from './account-view';
import { cents } from './cents';
import { describeValue } from './describe-value';
import { OpeningOrder } from './opening-order';
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
 * - Checks run in the order of DESIGN.md §5: amount valid → distinct accounts (transfer) → account exists → open →
 *   funds. A refused command stores nothing.
 * - A transfer saves both accounts in one transaction, the debit event first: both or neither.
 * - A lost race with another writer is never a lost update: the write fails with `ConcurrencyError`, and the
 *   command is decided again on fresh state (at most `maxAttempts` times) or the error is surfaced.
 * - The account list is derived from the stored log, in opening order.
 */
export class BankAccounts extends Application {
  /** The name of this application's store and log. */
  static readonly applicationName = 'accounts';

  readonly #openings: OpeningOrder;
  readonly #maxAttempts: number;

  constructor(options: BankAccountsOptions) {
    super({
      name: BankAccounts.applicationName,
      persistence: options.persistence,
      snapshotting: { [Account.aggregateType]: 50 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    const { maxAttempts = 10 } = options;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, not ${describeValue(maxAttempts)}`);
    }
    this.#openings = new OpeningOrder(this.log);
    this.#maxAttempts = maxAttempts;
  }

  /**
   * Opens an account (balance 0, open) and returns its new id. Rejects with `InvalidAmountError` for an invalid
   * overdraft limit, and with `TypeError` when the options or the name have the wrong type.
   */
  async openAccount(options: AccountOpening = {}): Promise<string> {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`The options of openAccount must be an object, not ${describeValue(options)}`);
    }
    const account = Account.open(crypto.randomUUID(), options, this.clock);
    await this.save(account);
    return account.id;
  }

  /** The account with this id; `AccountNotFoundError` if there is none. */
  async getAccount(id: string): Promise<AccountView> {
    return accountView(await this.#load(accountId(id)));
  }

  /** Every account, closed ones too, in opening order, from the stored events. */
  async listAccounts(): Promise<AccountView[]> {
    const ids = await this.#openings.ids();
    return Promise.all(ids.map(async (id) => accountView(await this.#load(id))));
  }

  /** The balance in cents; `AccountNotFoundError` if there is no such account. */
  async getBalance(id: string): Promise<number> {
    return (await this.#load(accountId(id))).balance;
  }

  /** The overdraft limit in cents; `AccountNotFoundError` if there is no such account. */
  async getOverdraftLimit(id: string): Promise<number> {
    return (await this.#load(accountId(id))).overdraftLimit;
  }

  /** Credits `amount` cents. Rejects with `InvalidAmountError`, `AccountNotFoundError`, `AccountClosedError`. */
  async deposit(id: string, amount: number): Promise<void> {
    const valid = cents(amount);
    const creditId = accountId(id);
    await this.#decide(async () => {
      const account = await this.#load(creditId);
      account.credit(valid);
      return [account];
    });
  }

  /**
   * Debits `amount` cents. Rejects with `InvalidAmountError`, `AccountNotFoundError`, `AccountClosedError`,
   * `InsufficientFundsError`.
   */
  async withdraw(id: string, amount: number): Promise<void> {
    const valid = cents(amount);
    const debitId = accountId(id);
    await this.#decide(async () => {
      const account = await this.#load(debitId);
      account.debit(valid);
      return [account];
    });
  }

  /**
   * Moves `amount` cents from one account to another, both in one transaction. Rejects with `InvalidAmountError`,
   * `SameAccountTransferError`, `AccountNotFoundError` (debit account first), `AccountClosedError` (debit account
   * first), `InsufficientFundsError`.
   */
  async transfer(debitId: string, creditId: string, amount: number): Promise<void> {
    const valid = cents(amount);
    if (debitId === creditId) {
      throw new SameAccountTransferError({ accountId: typeof debitId === 'string' ? debitId : describeValue(debitId) });
    }
    const from = accountId(debitId);
    const to = accountId(creditId);
    await this.#decide(async () => {
      const debit = await this.#load(from);
      const credit = await this.#load(to);
      debit.ensureOpen();
      credit.ensureOpen();
      debit.debit(valid);
      credit.credit(valid);
      return [debit, credit];
    });
  }

  /**
   * Sets the overdraft limit (0 or more cents). Rejects with `InvalidAmountError`, `AccountNotFoundError`,
   * `AccountClosedError`. A limit below the current overdraft is accepted and blocks further debits.
   */
  async setOverdraftLimit(id: string, limit: number): Promise<void> {
    const valid = cents(limit, 'limit');
    const checkedId = accountId(id);
    await this.#decide(async () => {
      const account = await this.#load(checkedId);
      account.setOverdraftLimit(valid);
      return [account];
    });
  }

  /** Closes an account for good. Rejects with `AccountNotFoundError`, and `AccountClosedError` if already closed. */
  async closeAccount(id: string): Promise<void> {
    const checkedId = accountId(id);
    await this.#decide(async () => {
      const account = await this.#load(checkedId);
      account.close();
      return [account];
    });
  }

  async #load(id: string): Promise<Account> {
    const account = await this.repository.find(Account, id);
    if (account === undefined) throw new AccountNotFoundError({ accountId: id });
    return account;
  }

  /**
   * Runs `attempt` (load, check, change) and saves what it returns in one transaction; on a `ConcurrencyError` of
   * that write, tries again on fresh state, up to `maxAttempts` times in all, with a short random pause so that two
   * tabs do not keep colliding. Never retries a write that committed (a follower's failure under the synchronous
   * runner reaches the caller as it is).
   */
  async #decide(attempt: () => Promise<Account[]>): Promise<void> {
    for (let attempts = 1; ; attempts++) {
      const accounts = await attempt();
      try {
        await this.save(...accounts);
        return;
      } catch (error) {
        const committed = accounts.every((account) => account.pendingEvents.length === 0);
        if (!(error instanceof ConcurrencyError) || committed || attempts >= this.#maxAttempts) throw error;
        await pause(Math.random() * 2 ** attempts);
      }
    }
  }
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
