import {
  ProcessingContext,
  type Application,
  type BatchTracking,
  type Follower,
  type ProcessApplication,
} from '../eventsourcing';
import type { Accounts } from './accounts';
import { confirmedRequestOf } from './confirmed-request-of';
import { finishLegacyPipeline } from './finish-legacy-pipeline';
import { GENERAL_LEDGER_ID, Ledger } from './ledger';
import type { LedgerService } from './ledger-service';
import { NewerRulesError } from './newer-rules-error';
import { deriveRequest, type CascadeTargets } from './request-cascade';
import type { RequestClock } from './request-clock';
import { RequestTrail } from './request-trail';
import { RequestTracer, versionBefore } from './request-tracer';
import { RULES_VERSION } from './rules-version';
import type { Sagas } from './sagas';
import { TRANSACTION_JOURNAL_ID, TransactionJournal } from './transaction-journal';
import type { TransactionLog } from './transaction-log';

/** The applications a derivation writes into, and the clock they share. */
export interface DerivationOptions {
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  /** The clock of those four applications: the derivation sets it to each request's time. */
  readonly clock: RequestClock;
}

/**
 * Derives the whole bank (sagas, accounts, ledger, transaction log) from the confirmed order of requests and from
 * nothing else: this device's own `Commands` log when it is its own sequencer, or the vault's order when it syncs.
 * A follower of that one log that writes into four applications. See docs/architecture.md, "Derivation".
 *
 * Invariants:
 * - Deterministic: each request is decided whole, in memory, before the next (`deriveRequest`), every event taking
 *   the request's time, so the same log gives the same events (types, data, versions, ids, times) on every device,
 *   whatever the batch sizes, crashes, tabs or runners.
 * - A batch of requests is committed as one transaction per application, each with the tracking record of the
 *   batch: first `Sagas`, `LedgerService` and `TransactionLog` (side by side), then `Accounts`. So the accounts'
 *   position is never ahead of another's, and it is the derivation's position.
 * - After a crash between those commits, the next batch starts from the accounts' position; an application that
 *   already holds a request's results is not given them again (its part is worked out in memory only). Determinism
 *   makes what it holds exactly what would have been written.
 * - A request made under newer rules than this code's stops the derivation there (`NewerRulesError`): nothing after
 *   it is decided until the app is updated.
 * - Every notification of the confirmed order gets one trace in the `RequestTrail`, committed with the accounts:
 *   what the request caused in each application, for the inspector. It is worked out from the accounts' part of the
 *   cascade alone, so it is as deterministic as the rest.
 */
export class Derivation implements Follower {
  readonly name = 'derivation';
  readonly writesInto: readonly Application[];
  readonly #sagas: Sagas;
  readonly #accounts: Accounts;
  readonly #ledger: LedgerService;
  readonly #transactionLog: TransactionLog;
  readonly #clock: RequestClock;
  readonly #applications: readonly ProcessApplication[];
  #migration: Promise<void> | undefined;

  constructor(options: DerivationOptions) {
    this.#sagas = options.sagas;
    this.#accounts = options.accounts;
    this.#ledger = options.ledger;
    this.#transactionLog = options.transactionLog;
    this.#clock = options.clock;
    this.#applications = [this.#sagas, this.#accounts, this.#ledger, this.#transactionLog];
    this.writesInto = this.#applications;
  }

  /** The name of the tracking records the derivation keeps in each application for an upstream log. */
  static trackingName(upstreamName: string): string {
    return `requests:${upstreamName}`;
  }

  async pull(upstream: Application, limit: number): Promise<number> {
    await this.#migrated(upstream);
    const key = Derivation.trackingName(upstream.name);
    const [accounts, sagas, ledger, journal] = (await Promise.all(
      [this.#accounts, this.#sagas, this.#ledger, this.#transactionLog].map((application) =>
        knownOrStored(application, key),
      ),
    )) as [number, number, number, number];
    const notifications = await upstream.log.select(accounts + 1, limit);
    const last = notifications.at(-1);
    if (last === undefined) return 0;
    const contexts = {
      accounts: new ProcessingContext(this.#accounts.repository, key),
      sagas: new ProcessingContext(this.#sagas.repository, key),
      ledger: new ProcessingContext(this.#ledger.repository, key),
      journal: new ProcessingContext(this.#transactionLog.repository, key),
    };
    // The first position of each request id met in this batch, or stored before it.
    const firstSeqs = new Map<string, number | null | undefined>();
    const firstSeqOf = async (requestId: string) => {
      if (!firstSeqs.has(requestId)) firstSeqs.set(requestId, await this.#storedSeqOf(requestId));
      return firstSeqs.get(requestId);
    };
    const tracer = new RequestTracer(contexts.accounts);
    // Found or begun before the batch's requests, so that a trail begun in this batch is the first aggregate it
    // writes, whatever the batch's size.
    const found = await contexts.accounts.find(RequestTrail, RequestTrail.id);
    const trail = found ?? new RequestTrail(RequestTrail.id, this.#clock.now);
    contexts.accounts.collect(trail);
    for (const notification of notifications) {
      const request = confirmedRequestOf(notification);
      if (request === undefined) {
        tracer.afterRequest(notification.id, notification.timestamp, null, 'none');
        continue;
      }
      if (request.parsed.ok && request.parsed.rulesVersion > RULES_VERSION) {
        throw new NewerRulesError({
          requestId: request.requestId,
          rulesVersion: request.parsed.rulesVersion,
          supported: RULES_VERSION,
        });
      }
      const { id } = notification;
      const targets: CascadeTargets = {
        ...contexts,
        writes: { sagas: id > sagas, ledger: id > ledger, journal: id > journal },
        firstSeqOf,
      };
      if (request.mayRepeat && (await firstSeqOf(request.requestId)) === undefined) {
        firstSeqs.set(request.requestId, request.seq);
      }
      tracer.beforeRequest();
      const outcome = await deriveRequest(request, targets, this.#clock);
      tracer.afterRequest(notification.id, request.timestamp, request.requestId, outcome);
    }
    if (found !== undefined) tracer.appendTo(trail, this.#clock, trail.ledgerVersion, trail.journalVersion);
    else await this.#begin(trail, tracer, { ledger, journal });
    const tracking = (expectedPosition: number): BatchTracking => ({
      upstreamName: key,
      notificationId: last.id,
      expectedPosition,
      upstreamEvent: last,
    });
    const sinks: [ProcessApplication, number, ProcessingContext][] = [
      [this.#sagas, sagas, contexts.sagas],
      [this.#ledger, ledger, contexts.ledger],
      [this.#transactionLog, journal, contexts.journal],
    ];
    const results = await Promise.allSettled(
      sinks
        .filter(([, position]) => position < last.id)
        .map(([application, position, context]) => application.recordProcessed(context.aggregates, tracking(position))),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    await this.#accounts.recordProcessed(contexts.accounts.aggregates, tracking(accounts));
    return notifications.length;
  }

  position(upstreamName: string): Promise<number> {
    return this.#accounts.position(Derivation.trackingName(upstreamName));
  }

  knownPosition(upstreamName: string): number | undefined {
    return this.#accounts.knownPosition(Derivation.trackingName(upstreamName));
  }

  forgetPositions(): void {
    for (const application of this.#applications) application.forgetPositions();
  }

  /**
   * Appends the batch's traces to a trail that begins in this batch (new stores, or stores derived before the
   * trail): from where the ledger and the journal were before the batch, their stored versions less what the batch's
   * requests they already held gave them.
   */
  async #begin(
    trail: RequestTrail,
    tracer: RequestTracer,
    held: { readonly ledger: number; readonly journal: number },
  ): Promise<void> {
    const [storedLedger, storedJournal] = await Promise.all([
      this.#ledger.repository.find(Ledger, GENERAL_LEDGER_ID),
      this.#transactionLog.repository.find(TransactionJournal, TRANSACTION_JOURNAL_ID),
    ]);
    tracer.appendTo(
      trail,
      this.#clock,
      versionBefore(storedLedger?.version ?? 0, tracer.eventsUpTo(held.ledger, 'ledger')),
      versionBefore(storedJournal?.version ?? 0, tracer.eventsUpTo(held.journal, 'journal')),
    );
  }

  /** The `requestSeq` of the stored outcome of a request id; `undefined` when there is none. */
  async #storedSeqOf(requestId: string): Promise<number | null | undefined> {
    const [first] = await this.#sagas.recorder.selectEvents(requestId, { upTo: 1 });
    if (first === undefined) return undefined;
    const { requestSeq } = first.data;
    return typeof requestSeq === 'number' ? requestSeq : null;
  }

  /** Finishes, once, the work the pipeline that preceded the derivation had in flight on these stores. */
  #migrated(upstream: Application): Promise<void> {
    const migration = (this.#migration ??= finishLegacyPipeline({
      commands: upstream,
      sagas: this.#sagas,
      accounts: this.#accounts,
      ledger: this.#ledger,
      transactionLog: this.#transactionLog,
      trackingName: Derivation.trackingName(upstream.name),
    }));
    // A failed migration is tried again by the next pull.
    migration.catch(() => (this.#migration = undefined));
    return migration;
  }
}

async function knownOrStored(application: ProcessApplication, key: string): Promise<number> {
  return application.knownPosition(key) ?? (await application.position(key));
}
