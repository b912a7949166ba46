import type { DomainEvent, EventData, EventSchema, Notification } from '../eventsourcing';
import type { BankErrorData } from './bank-error-data';
import type { MovementDetails } from './movement-details';

/** An account was opened: the creation event, version 1. */
export type AccountOpened = DomainEvent<'AccountOpened', { readonly name: string; readonly overdraftLimit: number }>;

/**
 * Money came in (a deposit, the credit leg of a transfer, an opening balance). `amount` is positive, in cents. The
 * note and the day it happened are those of the request, under the second rules and after (see `MovementDetails`);
 * events of the first rules have neither.
 */
export type AccountCredited = DomainEvent<
  'AccountCredited',
  { readonly amount: number; readonly transactionId?: string } & MovementDetails
>;

/** Money went out (a withdrawal, or the debit leg of a transfer). `amount` is positive, in cents. As for a credit. */
export type AccountDebited = DomainEvent<
  'AccountDebited',
  { readonly amount: number; readonly transactionId?: string } & MovementDetails
>;

/**
 * A compensating credit: money debited for a transaction that could not complete came back. It is a credit for the
 * ledger and the transaction log; unlike `AccountCredited` it was not refused on a closed account.
 */
export type AccountRefunded = DomainEvent<
  'AccountRefunded',
  { readonly amount: number; readonly transactionId: string } & MovementDetails
>;

/** The account has a new name (under the second rules and after; before, a name was given only at the opening). */
export type AccountRenamed = DomainEvent<'AccountRenamed', { readonly name: string }>;

/** The overdraft limit changed. `overdraftLimit` is 0 or more, in cents. */
export type OverdraftLimitSet = DomainEvent<'OverdraftLimitSet', { readonly overdraftLimit: number }>;

/** The account was closed, for good. */
export type AccountClosed = DomainEvent<'AccountClosed', Readonly<Record<string, never>>>;

/**
 * A refusal, recorded by the process system so that the saga of `transactionId` learns of it. Changes no state.
 */
export type AccountRefusalRecorded = DomainEvent<
  'AccountRefusalRecorded',
  { readonly error: BankErrorData; readonly transactionId: string }
>;

/** Every event of an account. Their type names are unique across the bank. */
export type AccountEvent =
  | AccountOpened
  | AccountCredited
  | AccountDebited
  | AccountRefunded
  | OverdraftLimitSet
  | AccountClosed
  | AccountRefusalRecorded
  | AccountRenamed;

const ACCOUNT_EVENT_TYPES: ReadonlySet<string> = new Set<AccountEvent['type']>([
  'AccountOpened',
  'AccountCredited',
  'AccountDebited',
  'AccountRefunded',
  'OverdraftLimitSet',
  'AccountClosed',
  'AccountRefusalRecorded',
  'AccountRenamed',
]);

/** Whether a notification read from an upstream log is an account event (followers ignore everything else). */
export function isAccountEvent(notification: Notification): notification is Notification<AccountEvent> {
  return ACCOUNT_EVENT_TYPES.has(notification.type);
}

/**
 * The schemas of the account events that carry money. Version 2 may hold a note and the day the movement happened;
 * version 1 (everything stored before there were notes) has neither and reads as having none: its data is the data
 * of version 2 without the optional fields, so the upcaster passes it on as it is. The version's point is the other
 * direction: an older app, which would drop a note it does not know, stops with `SchemaVersionError` instead of
 * showing the entry without it.
 */
export const ACCOUNT_EVENT_SCHEMAS: Readonly<Record<string, EventSchema>> = Object.fromEntries(
  (['AccountCredited', 'AccountDebited', 'AccountRefunded'] as const).map((type) => [
    type,
    { version: 2, upcasters: { 1: (data: EventData) => data } },
  ]),
);
