import { Application, FollowerError, type Clock, type Persistence } from '../eventsourcing';
import { accountId } from './account-id';
import { boundedCents } from './cents';
import type { AccountOpeningOptions } from './account';
import { COMMAND_SCHEMAS, Command, type BankRequest } from './command';
import { describeValue } from './describe-value';
import { checkedDetails, type MovementDetails } from './movement-details';
import { MAX_REQUEST_TEXT } from './request-schema';
import { RULES_VERSION } from './rules-version';
import { SameAccountTransferError } from './same-account-transfer-error';

export interface CommandsOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
  /** Makes the id of each command (= saga id = transaction id); `crypto.randomUUID` by default. */
  readonly newId?: () => string;
  /**
   * The rules version every request is recorded under; `RULES_VERSION` (this code's) by default. An older one
   * records requests as an older version of the app did, for tests of how such requests are decided; the up-front
   * checks stay this code's.
   */
  readonly rulesVersion?: number;
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
 * - Invalid amounts and limits (beyond `MAX_AMOUNT` and `MAX_BALANCE` too), names that are not strings, notes and
 *   dates that are not valid and same-account transfers are refused up front, recording nothing.
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
  readonly #rulesVersion: number;
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
    this.#rulesVersion = options.rulesVersion ?? RULES_VERSION;
  }

  /**
   * Asks for `amount` cents (1 to `MAX_AMOUNT`) to be credited to `creditId`, with an optional note and the day it
   * happened (by default the day it is asked); returns the transaction id. `InvalidAmountError` for a bad amount,
   * `TypeError`/`RangeError` for bad details (see `checkedDetails`).
   */
  async depositFunds(creditId: string, amount: number, details?: MovementDetails): Promise<string> {
    const valid = boundedCents(amount);
    const checked = checkedDetails(details);
    return this.#record({ kind: 'deposit', creditAccountId: accountId(creditId), amount: valid, ...checked });
  }

  /** Asks for `amount` cents to be debited from `debitId`; returns the transaction id. As `depositFunds`. */
  async withdrawFunds(debitId: string, amount: number, details?: MovementDetails): Promise<string> {
    const valid = boundedCents(amount);
    const checked = checkedDetails(details);
    return this.#record({ kind: 'withdrawal', debitAccountId: accountId(debitId), amount: valid, ...checked });
  }

  /**
   * Asks for `amount` cents to move from `debitId` to `creditId`; returns the transaction id. As `depositFunds`,
   * and `SameAccountTransferError` after the amount.
   */
  async transferFunds(debitId: string, creditId: string, amount: number, details?: MovementDetails): Promise<string> {
    const valid = boundedCents(amount);
    if (debitId === creditId) {
      throw new SameAccountTransferError({ accountId: typeof debitId === 'string' ? debitId : describeValue(debitId) });
    }
    const checked = checkedDetails(details);
    return this.#record({
      kind: 'transfer',
      debitAccountId: accountId(debitId),
      creditAccountId: accountId(creditId),
      amount: valid,
      ...checked,
    });
  }

  /**
   * Asks for an account to be opened (the given name and overdraft limit, and balance 0 or the opening balance);
   * returns its id, which is also the request's. `InvalidAmountError` for a bad limit or opening balance (each 0
   * to `MAX_BALANCE`), `TypeError` for a name that is not a string.
   */
  async openAccount(options: AccountOpeningOptions = {}): Promise<string> {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`The options of openAccount must be an object, not ${describeValue(options)}`);
    }
    const { name = '', overdraftLimit = 0, openingBalance = 0 } = options;
    if (typeof name !== 'string') throw new TypeError(`An account name must be a string, not ${typeof name}`);
    const limit = boundedCents(overdraftLimit, 'limit');
    const balance = boundedCents(openingBalance, 'limit');
    const id = this.#newId();
    return this.#record(
      {
        kind: 'account-opening',
        accountId: id,
        name,
        overdraftLimit: limit,
        ...(balance === 0 ? {} : { openingBalance: balance }),
      },
      id,
    );
  }

  /**
   * Asks for an account to have a new name; returns the request id. Any string of at most `MAX_REQUEST_TEXT` UTF-16
   * code units, the empty string too (no name); `TypeError` for a name that is not a string, `RangeError` for a
   * longer one. Unknown and closed accounts are for the outcome to refuse.
   */
  async renameAccount(id: string, name: string): Promise<string> {
    if (typeof name !== 'string') throw new TypeError(`An account name must be a string, not ${typeof name}`);
    if (name.length > MAX_REQUEST_TEXT) {
      throw new RangeError(`An account name is at most ${String(MAX_REQUEST_TEXT)} characters`);
    }
    return this.#record({ kind: 'account-renaming', accountId: accountId(id), name });
  }

  /**
   * Asks for a new overdraft limit (0 to `MAX_BALANCE` cents); returns the request id. `InvalidAmountError` for a
   * bad one.
   */
  async setOverdraftLimit(id: string, limit: number): Promise<string> {
    const valid = boundedCents(limit, 'limit');
    return this.#record({ kind: 'overdraft-limit', accountId: accountId(id), overdraftLimit: valid });
  }

  /**
   * Asks for an account to be closed; returns the request id. Under the current rules the outcome refuses it with
   * `AccountNotEmptyError` unless the balance is zero when it is decided.
   */
  async closeAccount(id: string): Promise<string> {
    return this.#record({ kind: 'account-closing', accountId: accountId(id) });
  }

  async #record(request: BankRequest, id = this.#newId()): Promise<string> {
    const command = Command.request(id, request, this.#rulesVersion, this.clock);
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
