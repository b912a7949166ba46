import { Application, FollowerError, type Clock, type Persistence } from '../eventsourcing';
import { accountId } from './account-id';
import { cents } from './cents';
import type { AccountOpening } from './account';
import { COMMAND_SCHEMAS, Command, type BankRequest } from './command';
import { describeValue } from './describe-value';
import { RULES_VERSION } from './rules-version';
import { SameAccountTransferError } from './same-account-transfer-error';

export interface CommandsOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
  /** Makes the id of each command (= saga id = transaction id); `crypto.randomUUID` by default. */
  readonly newId?: () => string;
}

/**
 * Records every change asked of the bank as a request: opening an account, a deposit, a withdrawal, a transfer, a
 * new overdraft limit, a closing. Each is a command aggregate whose id is the request id: the saga id and the
 * transaction id of every account event a money movement causes, and the account id of an opening. Each carries the
 * version of the rules it is to be decided under and the time it was made. Its store and log are named `commands`:
 * this device's requests, in the order they were made. What they cause is derived from the confirmed order of the
 * requests (`Derivation`); nothing else changes the bank.
 *
 * Invariants:
 * - Invalid amounts and limits, names that are not strings and same-account transfers are refused up front,
 *   recording nothing.
 * - Accounts are not looked up: a request is recorded at once, offline and while other work is in flight, and an
 *   unknown or closed account is for its derived outcome to refuse.
 * - Every method returns a promise; every error is its rejection.
 * - Requests made while a write is in flight are recorded together in the next write (group commit): each command
 *   is a new aggregate, so grouping cannot make one conflict with another, and it turns a burst of requests into a
 *   few transactions instead of one each. A write that fails rejects every request in it; none of them is stored.
 * - A request's promise settles by what was stored: once its write committed it resolves, whatever fails after.
 */
export class Commands extends Application {
  static readonly applicationName = 'commands';
  readonly #newId: () => string;
  #queue: QueuedCommand[] = [];
  #writing: Promise<void> | undefined;

  constructor(options: CommandsOptions) {
    super({
      name: Commands.applicationName,
      persistence: options.persistence,
      schemas: COMMAND_SCHEMAS,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** Asks for `amount` cents to be credited to `creditId`; returns the transaction id. */
  async depositFunds(creditId: string, amount: number): Promise<string> {
    return this.#record({ kind: 'deposit', creditAccountId: accountId(creditId), amount: cents(amount) });
  }

  /** Asks for `amount` cents to be debited from `debitId`; returns the transaction id. */
  async withdrawFunds(debitId: string, amount: number): Promise<string> {
    return this.#record({ kind: 'withdrawal', debitAccountId: accountId(debitId), amount: cents(amount) });
  }

  /** Asks for `amount` cents to move from `debitId` to `creditId`; returns the transaction id. */
  async transferFunds(debitId: string, creditId: string, amount: number): Promise<string> {
    const valid = cents(amount);
    if (debitId === creditId) {
      throw new SameAccountTransferError({ accountId: typeof debitId === 'string' ? debitId : describeValue(debitId) });
    }
    return this.#record({
      kind: 'transfer',
      debitAccountId: accountId(debitId),
      creditAccountId: accountId(creditId),
      amount: valid,
    });
  }

  /**
   * Asks for an account to be opened (balance 0, the given name and overdraft limit); returns its id, which is also
   * the request's. `InvalidAmountError` for a bad limit, `TypeError` for a name that is not a string.
   */
  async openAccount(options: AccountOpening = {}): Promise<string> {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`The options of openAccount must be an object, not ${describeValue(options)}`);
    }
    const { name = '', overdraftLimit = 0 } = options;
    if (typeof name !== 'string') throw new TypeError(`An account name must be a string, not ${typeof name}`);
    const limit = cents(overdraftLimit, 'limit');
    const id = this.#newId();
    return this.#record({ kind: 'account-opening', accountId: id, name, overdraftLimit: limit }, id);
  }

  /** Asks for a new overdraft limit (0 or more cents); returns the request id. `InvalidAmountError` for a bad one. */
  async setOverdraftLimit(id: string, limit: number): Promise<string> {
    const valid = cents(limit, 'limit');
    return this.#record({ kind: 'overdraft-limit', accountId: accountId(id), overdraftLimit: valid });
  }

  /** Asks for an account to be closed; returns the request id. */
  async closeAccount(id: string): Promise<string> {
    return this.#record({ kind: 'account-closing', accountId: accountId(id) });
  }

  async #record(request: BankRequest, id = this.#newId()): Promise<string> {
    const command = Command.request(id, request, RULES_VERSION, this.clock);
    await new Promise<void>((resolve, reject) => {
      this.#queue.push({ command, resolve, reject });
      if (this.#writing === undefined) this.#writing = this.#writeQueued();
    });
    return command.id;
  }

  /** Writes the queued commands, one group per transaction, until none is left. */
  async #writeQueued(): Promise<void> {
    // Let the requests of this turn of the event loop join the first group.
    await Promise.resolve();
    try {
      while (this.#queue.length > 0) {
        const group = this.#queue;
        this.#queue = [];
        try {
          await this.save(...group.map((queued) => queued.command));
          for (const queued of group) queued.resolve();
        } catch (error) {
          // A follower that failed after the commit (under the synchronous runner) does not unmake the requests:
          // they are stored, and a person told they failed would make them again.
          if (error instanceof FollowerError) for (const queued of group) queued.resolve();
          else for (const queued of group) queued.reject(error);
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }
}

interface QueuedCommand {
  readonly command: Command;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}
