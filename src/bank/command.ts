import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';

/** A deposit was asked for. */
export type DepositRequested = DomainEvent<
  'DepositRequested',
  { readonly creditAccountId: string; readonly amount: number }
>;

/** A withdrawal was asked for. */
export type WithdrawalRequested = DomainEvent<
  'WithdrawalRequested',
  { readonly debitAccountId: string; readonly amount: number }
>;

/** A transfer was asked for. */
export type TransferRequested = DomainEvent<
  'TransferRequested',
  { readonly debitAccountId: string; readonly creditAccountId: string; readonly amount: number }
>;

/** Every event of a command. A command has exactly one: the request itself. */
export type CommandEvent = DepositRequested | WithdrawalRequested | TransferRequested;

/** What a command asks for. Amounts in cents, already validated. */
export type CommandRequest =
  | { readonly kind: 'deposit'; readonly creditAccountId: string; readonly amount: number }
  | { readonly kind: 'withdrawal'; readonly debitAccountId: string; readonly amount: number }
  | {
      readonly kind: 'transfer';
      readonly debitAccountId: string;
      readonly creditAccountId: string;
      readonly amount: number;
    };

type CommandState = { readonly requested: boolean };

/**
 * A request to move money, recorded before anything else happens: the availability the original system sought.
 * Its id is the saga id and the transaction id of every account event it causes. Validation happens in `Commands`
 * before a command exists; the aggregate only records.
 */
export class Command extends Aggregate<CommandState, CommandEvent> {
  static readonly aggregateType = 'Command';

  constructor(id: string, clock?: Clock) {
    super(id, { requested: false }, clock);
  }

  /** Records a request. */
  static request(id: string, request: CommandRequest, clock?: Clock): Command {
    const command = new Command(id, clock);
    switch (request.kind) {
      case 'deposit':
        command.trigger('DepositRequested', { creditAccountId: request.creditAccountId, amount: request.amount });
        break;
      case 'withdrawal':
        command.trigger('WithdrawalRequested', { debitAccountId: request.debitAccountId, amount: request.amount });
        break;
      case 'transfer':
        command.trigger('TransferRequested', {
          debitAccountId: request.debitAccountId,
          creditAccountId: request.creditAccountId,
          amount: request.amount,
        });
        break;
    }
    return command;
  }

  protected evolve(state: CommandState, event: CommandEvent): CommandState {
    switch (event.type) {
      case 'DepositRequested':
      case 'WithdrawalRequested':
      case 'TransferRequested':
        return { requested: true };
      default:
        return this.unknownEvent(event);
    }
  }
}

/** The request a command event records. */
export function requestOf(event: CommandEvent): CommandRequest {
  switch (event.type) {
    case 'DepositRequested':
      return { kind: 'deposit', ...event.data };
    case 'WithdrawalRequested':
      return { kind: 'withdrawal', ...event.data };
    case 'TransferRequested':
      return { kind: 'transfer', ...event.data };
  }
}
