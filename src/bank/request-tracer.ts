import type { AnyAggregate, ProcessingContext } from '../eventsourcing';
import { Account } from './account';
import type { RequestClock } from './request-clock';
import type { AccountEvent } from './account-event';
import { ledgerAmountOf } from './ledger-amount';
import { RequestTrail, type RequestTrace, type TracedAggregate, type TracedOutcome } from './request-trail';
import { transactionEntryOf } from './transaction-entry-of';

/** A request's trace before the ledger's and the journal's versions are known, and how many events each gets. */
interface Traced {
  readonly seq: number;
  /** The request's time: the trace's time, as for every event the request causes. */
  readonly timestamp: string;
  readonly requestId: string | null;
  readonly outcome: TracedOutcome;
  readonly accounts: readonly TracedAggregate[];
  readonly ledgerEvents: number;
  readonly journalEvents: number;
}

/**
 * Works out, for the derivation, what each request of a batch wrote into the accounts (by comparing the versions of
 * the batch's aggregates before and after it), and from those account events what the ledger and the journal got:
 * one ledger transaction per credit, debit and refund, one journal entry per opening, credit, debit and refund, as
 * the cascade writes them. So the trail depends on nothing but the accounts' part of the cascade, which is always
 * worked out and written, and is the same whatever the batch sizes and crashes.
 */
export class RequestTracer {
  readonly #accounts: ProcessingContext;
  readonly #traced: Traced[] = [];
  #before = new Map<string, number>();

  constructor(accounts: ProcessingContext) {
    this.#accounts = accounts;
  }

  /** Notes where the batch's aggregates are, just before a request is decided. */
  beforeRequest(): void {
    this.#before = new Map([...this.#accounts.aggregates].map((aggregate) => [aggregate.id, aggregate.version]));
  }

  /** Records what the request just decided wrote. */
  afterRequest(seq: number, timestamp: string, requestId: string | null, outcome: TracedOutcome): void {
    const accounts: TracedAggregate[] = [];
    let ledgerEvents = 0;
    let journalEvents = 0;
    for (const aggregate of this.#accounts.aggregates) {
      if (aggregate instanceof RequestTrail) continue;
      const from = this.#before.get(aggregate.id) ?? aggregate.version - aggregate.pendingEvents.length;
      if (aggregate.version === from) continue;
      const balance = aggregate instanceof Account ? aggregate.balance : null;
      accounts.push({ id: aggregate.id, from, to: aggregate.version, balance });
      for (const event of eventsAfter(aggregate, from)) {
        if (!(aggregate instanceof Account)) continue;
        if (ledgerAmountOf(event as AccountEvent) !== undefined) ledgerEvents++;
        if (transactionEntryOf(event as AccountEvent) !== undefined) journalEvents++;
      }
    }
    // In id order: the order of the batch's aggregates depends on the batch, and the trail must not.
    accounts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.#traced.push({ seq, timestamp, requestId, outcome, accounts, ledgerEvents, journalEvents });
  }

  /** Appends the batch's traces to the trail, the ledger and the journal having been at these versions before it. */
  appendTo(trail: RequestTrail, clock: RequestClock, ledgerBefore: number, journalBefore: number): void {
    let ledgerVersion = ledgerBefore;
    let journalVersion = journalBefore;
    for (const { ledgerEvents, journalEvents, timestamp, ...traced } of this.#traced) {
      const ledger = range(ledgerVersion, ledgerEvents);
      const journal = range(journalVersion, journalEvents);
      ledgerVersion = ledger?.to ?? ledgerVersion;
      journalVersion = journal?.to ?? journalVersion;
      const trace: RequestTrace = { ...traced, ledger, journal, ledgerVersion, journalVersion };
      clock.set(timestamp);
      try {
        trail.trace(trace);
      } finally {
        clock.clear();
      }
    }
  }
}

/**
 * The versions of a ledger or journal at `version` that get `events` more; one that has not begun (0) first gets
 * its start (version 1), as the cascade begins it with its first event.
 */
function range(version: number, events: number): { from: number; to: number } | null {
  if (events === 0) return null;
  return { from: version, to: (version === 0 ? 1 : version) + events };
}

/**
 * The latest version of a ledger or journal before a batch, from the number of its events held before it: one that
 * holds only its start had begun with no movement, so it counts as not begun (its first movement begins it).
 */
export function versionBefore(heldEvents: number): number {
  return heldEvents <= 1 ? 0 : heldEvents;
}

function eventsAfter(aggregate: AnyAggregate, from: number) {
  return aggregate.pendingEvents.filter((event) => event.originatorVersion > from);
}
