import type { DomainEvent, Notification } from '../eventsourcing';
import type { BankErrorData } from './bank-error-data';

/** An account was opened: the creation event, version 1. */
export type AccountOpened = DomainEvent<'AccountOpened', { readonly name: string; readonly overdraftLimit: number }>;

/** Money came in (a deposit, or the credit leg of a transfer). `amount` is positive, in cents. */
export type AccountCredited = DomainEvent<
  'AccountCredited',
  { readonly amount: number; readonly transactionId?: string }
>;

/** Money went out (a withdrawal, or the debit leg of a transfer). `amount` is positive, in cents. */
export type AccountDebited = DomainEvent<
  'AccountDebited',
  { readonly amount: number; readonly transactionId?: string }
>;

/**
 * A compensating credit: money debited for a transaction that could not complete came back. It is a credit for the
 * ledger and the transaction log; unlike `AccountCredited` it was not refused on a closed account.
 */
export type AccountRefunded = DomainEvent<
  'AccountRefunded',
  { readonly amount: number; readonly transactionId: string }
>;

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
  | AccountRefusalRecorded;

const ACCOUNT_EVENT_TYPES: ReadonlySet<string> = new Set<AccountEvent['type']>([
  'AccountOpened',
  'AccountCredited',
  'AccountDebited',
  'AccountRefunded',
  'OverdraftLimitSet',
  'AccountClosed',
  'AccountRefusalRecorded',
]);

/** Whether a notification read from an upstream log is an account event (followers ignore everything else). */
export function isAccountEvent(notification: Notification): notification is Notification<AccountEvent> {
  return ACCOUNT_EVENT_TYPES.has(notification.type);
}
