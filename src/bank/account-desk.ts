import { ConcurrencyError, type Application } from '../eventsourcing';
import { Account, type AccountOpeningOptions } from './account';
import { accountId } from './account-id';
import { AccountNotFoundError } from './account-not-found-error';
import { accountView, type AccountView } from './account-view';
import { boundedCents } from './cents';
import { OPENING_BALANCE_NOTE } from './movement-details';
import { describeValue } from './describe-value';
import { OpeningOrder } from './opening-order';

/** How an account is read. */
export interface AccountReadOptions {
  /**
   * Reflect every commit this tab has heard of (its own at once, another tab's a moment later), from memory when the
   * account is held there: for views that the accounts log keeps current. Without it, a read sees every commit made
   * before it began.
   */
  readonly cached?: boolean;
}

/**
 * The account reads and account management that both bank applications offer (the simple `BankAccounts` and the
 * system's `Accounts`): open, read, list, set the overdraft limit, rename, close. It works on the application it is given.
 *
 * Invariants:
 * - Every method returns a promise, and every error, validation included, is that promise's rejection.
 * - Checks run in the bank's order, so that a command with several faults always gets the same error: value valid →
 *   account exists → open.
 * - A lost race with another writer is never a lost update: the write fails with `ConcurrencyError`, and the command
 *   is decided again on fresh state (at most `maxAttempts` times) or the error is surfaced.
 * - The account list is derived from the stored log, in opening order.
 */
export class AccountDesk {
  readonly #application: Application;
  readonly #openings: OpeningOrder;
  readonly #maxAttempts: number;

  constructor(application: Application, maxAttempts = 10) {
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, not ${describeValue(maxAttempts)}`);
    }
    this.#application = application;
    this.#openings = new OpeningOrder(application.log);
    this.#maxAttempts = maxAttempts;
  }

  /**
   * Opens an account and returns its new id, its opening balance (if any) credited in the same write;
   * `InvalidAmountError` for a bad limit or opening balance (each 0 to `MAX_BALANCE`), `TypeError` for bad options.
   */
  async openAccount(options: AccountOpeningOptions = {}): Promise<string> {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`The options of openAccount must be an object, not ${describeValue(options)}`);
    }
    const { openingBalance = 0, ...opening } = options;
    if (opening.overdraftLimit !== undefined) boundedCents(opening.overdraftLimit, 'limit');
    const balance = boundedCents(openingBalance, 'limit');
    const account = Account.open(crypto.randomUUID(), opening, this.#application.clock);
    if (balance > 0) account.credit(balance, undefined, { note: OPENING_BALANCE_NOTE, bounded: true });
    await this.#application.save(account);
    return account.id;
  }

  async getAccount(id: string, options: AccountReadOptions = {}): Promise<AccountView> {
    return accountView(await this.load(accountId(id), options));
  }

  async listAccounts(): Promise<AccountView[]> {
    const ids = await this.#openings.ids();
    return Promise.all(ids.map(async (id) => accountView(await this.load(id))));
  }

  /** Every account id, oldest opening first, from the stored log. */
  accountIds(): Promise<string[]> {
    return this.#openings.ids();
  }

  async getBalance(id: string): Promise<number> {
    return (await this.load(accountId(id))).balance;
  }

  async getOverdraftLimit(id: string): Promise<number> {
    return (await this.load(accountId(id))).overdraftLimit;
  }

  async setOverdraftLimit(id: string, limit: number): Promise<void> {
    const valid = boundedCents(limit, 'limit');
    const checkedId = accountId(id);
    await this.decide(async () => {
      const account = await this.load(checkedId);
      account.setOverdraftLimit(valid);
      return [account];
    });
  }

  /** Gives an account a new name: `TypeError` for a name that is not a string, then as for the other changes. */
  async renameAccount(id: string, name: string): Promise<void> {
    if (typeof name !== 'string') throw new TypeError(`An account name must be a string, not ${typeof name}`);
    const checkedId = accountId(id);
    await this.decide(async () => {
      const account = await this.load(checkedId);
      account.rename(name);
      return [account];
    });
  }

  async closeAccount(id: string): Promise<void> {
    const checkedId = accountId(id);
    await this.decide(async () => {
      const account = await this.load(checkedId);
      account.close();
      return [account];
    });
  }

  /** Loads an account; `AccountNotFoundError` if there is none. */
  async load(id: string, options: AccountReadOptions = {}): Promise<Account> {
    const account = await this.#application.repository.find(Account, id, { cached: options.cached === true });
    if (account === undefined) throw new AccountNotFoundError({ accountId: id });
    return account;
  }

  /**
   * Runs `attempt` (load, check, change) and saves what it returns in one transaction; on a `ConcurrencyError` of
   * that write, tries again on fresh state, up to `maxAttempts` times in all, with a short random pause so that two
   * tabs do not keep colliding. Never retries a write that committed (a follower's failure under the synchronous
   * runner reaches the caller as it is).
   */
  async decide(attempt: () => Promise<Account[]>): Promise<void> {
    for (let attempts = 1; ; attempts++) {
      const accounts = await attempt();
      try {
        await this.#application.save(...accounts);
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
