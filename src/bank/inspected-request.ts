import type { DomainEvent } from '../eventsourcing';
import type { BankError } from './bank-error';
import type { BankRequest } from './command';

/**
 * Where a request stands, for the inspector:
 * - `pending`: recorded on this device, not yet in the confirmed order (or in it, not yet decided);
 * - `done`, `refused`, `refunded` (a transfer whose credit was refused and whose debit came back): decided;
 * - `replay`: a request whose id an earlier request of the vault log had, which changed nothing.
 */
export type InspectedStatus = 'pending' | 'done' | 'refused' | 'refunded' | 'replay';

/** The events a request caused, per application, with their data as stored (upcast to the current schemas). */
export interface InspectedEvents {
  readonly sagas: readonly DomainEvent[];
  readonly accounts: readonly DomainEvent[];
  readonly ledger: readonly DomainEvent[];
  readonly transactionLog: readonly DomainEvent[];
}

/** One request as the inspector shows it. */
export interface InspectedRequest {
  /** Its place in the confirmed order; null while it is pending. */
  readonly seq: number | null;
  /** The device that made it, in the vault log; null for a request of this device's own order (or a pending one). */
  readonly deviceId: string | null;
  /** Whether this device made it (it is in this device's own requests). */
  readonly mine: boolean;
  readonly requestId: string;
  /** When it was made, as its device said. */
  readonly timestamp: string;
  /** The request, or null when it could not be read (`problem` says why). */
  readonly request: BankRequest | null;
  readonly problem?: string;
  readonly status: InspectedStatus;
  /** Why it was refused (for a refund, the refused credit's reason); null otherwise. */
  readonly error: BankError | null;
  /**
   * What it caused; null when that is not known: pending, or derived by a version of the app before the trail.
   * The sagas' part is known whenever the outcome is.
   */
  readonly events: InspectedEvents | null;
  /** Each account it changed, with the balance once it was decided, in cents. */
  readonly balancesAfter: readonly { readonly accountId: string; readonly balance: number }[];
  /**
   * The chain link of its vault log entry; it is kept only once verified, so such a request is `verified`. Null
   * for a request of this device's own order, which no chain covers.
   */
  readonly link: string | null;
  readonly verified: boolean;
}

/** Which requests a page lists. */
export interface InspectorFilter {
  /** Only requests that name this account. */
  readonly accountId?: string;
  /** Only requests in this status; `refused` includes `refunded`. */
  readonly status?: InspectedStatus;
}

/** A page of the confirmed order, newest first. */
export interface InspectedPage {
  readonly requests: readonly InspectedRequest[];
  /** Pass as `before` for the next, older page; null at the start of the log. */
  readonly next: number | null;
  /** The newest `seq` when the page was read. */
  readonly head: number;
}
