import { Application, type Clock, type Persistence } from '../eventsourcing';
import { accountId } from './account-id';
import { cents } from './cents';
import { Command, type CommandRequest } from './command';
import { describeValue } from './describe-value';
import { SameAccountTransferError } from './same-account-transfer-error';

export interface CommandsOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
  /** Makes the id of each command (= saga id = transaction id); `crypto.randomUUID` by default. */
  readonly newId?: () => string;
}

/**
 * Records requests to move money, each as a command aggregate whose id is also its saga's id and the transaction id
 * of every account event it causes. Its store and log are named `commands`.
 *
 * Invariants:
 * - Invalid amounts and same-account transfers are refused up front (in that order), recording nothing.
 * - Accounts are not looked up: a command is recorded at once, offline and while other work is in flight, and an
 *   unknown account is its saga's to fail with `AccountNotFoundError`.
 * - Every method returns a promise; every error is its rejection.
 * - Requests made while a write is in flight are recorded together in the next write (group commit): each command
 *   is a new aggregate, so grouping cannot make one conflict with another, and it turns a burst of requests into a
 *   few transactions instead of one each. A write that fails rejects every request in it; none of them is stored.
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
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** Asks for `amount` cents to be credited to `creditId`; returns the transaction id. */
  async depositFunds(creditId: string, amount: number): Promise<string> {
    return this.#record({ kind: 'deposit', amount: cents(amount), creditAccountId: accountId(creditId) });
  }

  /** Asks for `amount` cents to be debited from `debitId`; returns the transaction id. */
  async withdrawFunds(debitId: string, amount: number): Promise<string> {
    return this.#record({ kind: 'withdrawal', amount: cents(amount), debitAccountId: accountId(debitId) });
  }

  /** Asks for `amount` cents to move from `debitId` to `creditId`; returns the transaction id. */
  async transferFunds(debitId: string, creditId: string, amount: number): Promise<string> {
    const valid = cents(amount);
    if (debitId === creditId) {
      throw new SameAccountTransferError({ accountId: typeof debitId === 'string' ? debitId : describeValue(debitId) });
    }
    return this.#record({
      kind: 'transfer',
      amount: valid,
      debitAccountId: accountId(debitId),
      creditAccountId: accountId(creditId),
    });
  }

  async #record(request: CommandRequest): Promise<string> {
    const command = Command.request(this.#newId(), request, this.clock);
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
          for (const queued of group) queued.reject(error);
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
