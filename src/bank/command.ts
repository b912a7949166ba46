import { Aggregate, type Clock, type DomainEvent, type EventSchema } from '../eventsourcing';
import { detailsOf, type MovementDetails } from './movement-details';

/** The version of the rules every request carries: the rules it is to be decided under. */
type Ruled<Data> = Data & { readonly rulesVersion: number };

/** A deposit was asked for; `note` and `occurredOn` only under the second rules and after. */
export type DepositRequested = DomainEvent<
  'DepositRequested',
  Ruled<{ readonly creditAccountId: string; readonly amount: number } & MovementDetails>
>;

/** A withdrawal was asked for; `note` and `occurredOn` only under the second rules and after. */
export type WithdrawalRequested = DomainEvent<
  'WithdrawalRequested',
  Ruled<{ readonly debitAccountId: string; readonly amount: number } & MovementDetails>
>;

/** A transfer was asked for; `note` and `occurredOn` only under the second rules and after. */
export type TransferRequested = DomainEvent<
  'TransferRequested',
  Ruled<
    { readonly debitAccountId: string; readonly creditAccountId: string; readonly amount: number } & MovementDetails
  >
>;

/**
 * A new account was asked for, with the id it is to have; `openingBalance` (cents, credited once it is open) only
 * under the second rules and after.
 */
export type AccountOpeningRequested = DomainEvent<
  'AccountOpeningRequested',
  Ruled<{
    readonly accountId: string;
    readonly name: string;
    readonly overdraftLimit: number;
    readonly openingBalance?: number;
  }>
>;

/** A new name for an account was asked for (under the second rules and after). */
export type AccountRenamingRequested = DomainEvent<
  'AccountRenamingRequested',
  Ruled<{ readonly accountId: string; readonly name: string }>
>;

/** A new overdraft limit was asked for. */
export type OverdraftLimitChangeRequested = DomainEvent<
  'OverdraftLimitChangeRequested',
  Ruled<{ readonly accountId: string; readonly overdraftLimit: number }>
>;

/** The closing of an account was asked for. */
export type AccountClosingRequested = DomainEvent<'AccountClosingRequested', Ruled<{ readonly accountId: string }>>;

/** Every event of a command. A command has exactly one: the request itself. */
export type CommandEvent =
  | DepositRequested
  | WithdrawalRequested
  | TransferRequested
  | AccountOpeningRequested
  | OverdraftLimitChangeRequested
  | AccountClosingRequested
  | AccountRenamingRequested;

/**
 * A request to move money, as its saga carries it out. Amounts in cents, already validated; the details (note, date)
 * only under the second rules and after.
 */
export type CommandRequest = (
  | { readonly kind: 'deposit'; readonly creditAccountId: string; readonly amount: number }
  | { readonly kind: 'withdrawal'; readonly debitAccountId: string; readonly amount: number }
  | {
      readonly kind: 'transfer';
      readonly debitAccountId: string;
      readonly creditAccountId: string;
      readonly amount: number;
    }
) &
  MovementDetails;

/** A request to manage an account. */
export type AccountRequest =
  | {
      readonly kind: 'account-opening';
      readonly accountId: string;
      readonly name: string;
      readonly overdraftLimit: number;
      /** Cents credited at once; only under the second rules and after. */
      readonly openingBalance?: number;
    }
  | { readonly kind: 'overdraft-limit'; readonly accountId: string; readonly overdraftLimit: number }
  | { readonly kind: 'account-closing'; readonly accountId: string }
  | { readonly kind: 'account-renaming'; readonly accountId: string; readonly name: string };

/** Every request a person can make of the bank: each one is a command, and an entry of the request log. */
export type BankRequest = CommandRequest | AccountRequest;

/** The kinds of request. */
export type BankRequestKind = BankRequest['kind'];

/**
 * The schemas of the command events: the money requests were written without `rulesVersion` before every change
 * became a request; they were decided under the first rules.
 */
export const COMMAND_SCHEMAS: Readonly<Record<string, EventSchema>> = Object.fromEntries(
  (['DepositRequested', 'WithdrawalRequested', 'TransferRequested'] as const).map((type) => [
    type,
    { version: 2, upcasters: { 1: (data) => ({ ...data, rulesVersion: 1 }) } },
  ]),
);

type CommandState = { readonly requested: boolean };

/**
 * A request, recorded before anything else happens: the availability the original system sought. Its id is the
 * request id, the saga id of a money movement and the transaction id of every account event it causes.
 * Validation happens in `Commands` before a command exists; the aggregate only records.
 */
export class Command extends Aggregate<CommandState, CommandEvent> {
  static readonly aggregateType = 'Command';

  constructor(id: string, clock?: Clock) {
    super(id, { requested: false }, clock);
  }

  /** Records a request, decided under the rules of `rulesVersion`. */
  static request(id: string, request: BankRequest, rulesVersion: number, clock?: Clock): Command {
    const command = new Command(id, clock);
    const { type, data } = eventOf(request);
    command.trigger(type, { ...data, rulesVersion } as never);
    return command;
  }

  protected evolve(state: CommandState, event: CommandEvent): CommandState {
    switch (event.type) {
      case 'DepositRequested':
      case 'WithdrawalRequested':
      case 'TransferRequested':
      case 'AccountOpeningRequested':
      case 'OverdraftLimitChangeRequested':
      case 'AccountClosingRequested':
      case 'AccountRenamingRequested':
        return { requested: true };
      default:
        return this.unknownEvent(event);
    }
  }
}

/** The type and data (without the rules version) of the event that records a request. */
export function eventOf(request: BankRequest): { type: CommandEvent['type']; data: Record<string, unknown> } {
  const { kind, ...data } = request;
  return { type: EVENT_TYPES[kind], data };
}

/** The event type that records each kind of request. */
export const EVENT_TYPES = {
  deposit: 'DepositRequested',
  withdrawal: 'WithdrawalRequested',
  transfer: 'TransferRequested',
  'account-opening': 'AccountOpeningRequested',
  'overdraft-limit': 'OverdraftLimitChangeRequested',
  'account-closing': 'AccountClosingRequested',
  'account-renaming': 'AccountRenamingRequested',
} as const satisfies Record<BankRequestKind, CommandEvent['type']>;

/** The request a command event records. */
export function requestOf(event: CommandEvent): BankRequest {
  switch (event.type) {
    case 'DepositRequested': {
      const { creditAccountId, amount } = event.data;
      return { kind: 'deposit', creditAccountId, amount, ...detailsOf(event.data) };
    }
    case 'WithdrawalRequested': {
      const { debitAccountId, amount } = event.data;
      return { kind: 'withdrawal', debitAccountId, amount, ...detailsOf(event.data) };
    }
    case 'TransferRequested': {
      const { debitAccountId, creditAccountId, amount } = event.data;
      return { kind: 'transfer', debitAccountId, creditAccountId, amount, ...detailsOf(event.data) };
    }
    case 'AccountOpeningRequested': {
      const { accountId, name, overdraftLimit, openingBalance } = event.data;
      return {
        kind: 'account-opening',
        accountId,
        name,
        overdraftLimit,
        ...(openingBalance === undefined ? {} : { openingBalance }),
      };
    }
    case 'OverdraftLimitChangeRequested': {
      const { accountId, overdraftLimit } = event.data;
      return { kind: 'overdraft-limit', accountId, overdraftLimit };
    }
    case 'AccountClosingRequested':
      return { kind: 'account-closing', accountId: event.data.accountId };
    case 'AccountRenamingRequested':
      return { kind: 'account-renaming', accountId: event.data.accountId, name: event.data.name };
  }
}

/** Whether a request moves money (and so is carried out by a saga). */
export function isMoneyRequest(request: BankRequest): request is CommandRequest {
  return request.kind === 'deposit' || request.kind === 'withdrawal' || request.kind === 'transfer';
}

