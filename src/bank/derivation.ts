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
import type { LedgerService } from './ledger-service';
import { NewerRulesError } from './newer-rules-error';
import { deriveRequest, type CascadeTargets } from './request-cascade';
import type { RequestClock } from './request-clock';
import { RULES_VERSION } from './rules-version';
import type { Sagas } from './sagas';
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
    for (const notification of notifications) {
      const request = confirmedRequestOf(notification);
      if (request === undefined) continue;
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
      await deriveRequest(request, targets, this.#clock);
    }
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

  /**
   * Why the derivation of `upstream` cannot go on, as this code stands: the request after its stored position made
   * under newer rules (the `NewerRulesError` its pull raises), or `undefined`. Read from storage, so that a tab that
   * does not run the derivation learns it too.
   */
  async stoppedBy(upstream: Application): Promise<NewerRulesError | undefined> {
    const position = await this.#accounts.position(Derivation.trackingName(upstream.name));
    const [next] = await upstream.log.select(position + 1, 1);
    const request = next === undefined ? undefined : confirmedRequestOf(next);
    if (request === undefined || !request.parsed.ok || request.parsed.rulesVersion <= RULES_VERSION) return undefined;
    return new NewerRulesError({
      requestId: request.requestId,
      rulesVersion: request.parsed.rulesVersion,
      supported: RULES_VERSION,
    });
  }

  forgetPositions(): void {
    for (const application of this.#applications) application.forgetPositions();
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
