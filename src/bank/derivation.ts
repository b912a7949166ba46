import {
  canRecordTogether,
  ProcessingContext,
  recordTogether,
  type Application,
  type BatchTracking,
  type Follower,
  type Notification,
  type PreparedWrite,
  type ProcessApplication,
} from '../eventsourcing';
import { Account } from './account';
import type { Accounts } from './accounts';
import { bankDigest } from './bank-digest';
import { Checkpoint, type CarriedCheckpoint } from './checkpoint';
import { confirmedRequestOf } from './confirmed-request-of';
import type { DerivationCheckpoints } from './derivation-checkpoints';
import { Divergences } from './divergences';
import { finishLegacyPipeline } from './finish-legacy-pipeline';
import { GENERAL_LEDGER_ID, Ledger } from './ledger';
import type { LedgerService } from './ledger-service';
import { NewerRulesError } from './newer-rules-error';
import { deriveRequest, type CascadeTargets, type ConfirmedRequest } from './request-cascade';
import type { RequestClock } from './request-clock';
import { RequestTrail } from './request-trail';
import { RequestTracer, versionBefore } from './request-tracer';
import { newerRulesOf } from './request-schema';
import { RULES_VERSION } from './rules-version';
import type { Sagas } from './sagas';
import { TRANSACTION_JOURNAL_ID } from './transaction-journal';
import type { TransactionLog } from './transaction-log';

/** The applications a derivation writes into, and the clock they share. */
export interface DerivationOptions {
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  /** The clock of those four applications: the derivation sets it to each request's time. */
  readonly clock: RequestClock;
  /**
   * Where to keep a digest of the bank at every checkpoint of the log, and the divergences found by comparing them
   * with the checkpoints requests carry; absent: no checkpoints (a device that does not sync, by default).
   */
  readonly checkpoints?: DerivationCheckpoints;
}

/** The stored positions of the derived applications in one upstream, read at the start of a batch. */
interface Positions {
  readonly accounts: number;
  readonly sagas: number;
  readonly ledger: number;
  readonly journal: number;
  /** Of `checkpoints`; `Infinity` when there are none, so that nothing is written there. */
  readonly checkpoints: number;
}

/** A batch decided in memory (`Derivation.#decide`), ready to be committed. */
interface DecidedBatch {
  readonly positions: Positions;
  readonly contexts: {
    readonly accounts: ProcessingContext;
    readonly sagas: ProcessingContext;
    readonly ledger: ProcessingContext;
    readonly journal: ProcessingContext;
    readonly checkpoints: ProcessingContext | undefined;
  };
  /** The applications besides the accounts (and checkpoints) whose position is before the batch's end. */
  readonly behind: readonly (readonly [ProcessApplication, number, ProcessingContext])[];
  /** At a checkpoint: resolves once the bank is hashed. */
  readonly checkpoint: { readonly taken: Promise<Checkpoint> } | undefined;
  readonly tracking: (expectedPosition: number) => BatchTracking;
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
 * - A batch of requests is committed in one transaction across every application, each with the tracking record of
 *   the batch, when the applications share a persistence that can (`insertAll`: both of the core's). Otherwise one
 *   transaction per application: first `Sagas`, `LedgerService` and `TransactionLog` (side by side), then
 *   `Accounts`. Either way the accounts' position is never ahead of another's, and it is the derivation's position.
 * - Caught up, it decides the requests its upstream is about to store along with them (`prepareAlong`): the same
 *   decision a pull would make, committed in the upstream's own transaction; a refused commit leaves it to the pull.
 * - After a crash between those commits (or between the commits of stores written before batches were one commit), the next batch starts from the accounts' position; an application that
 *   already holds a request's results is not given them again (its part is worked out in memory only). Determinism
 *   makes what it holds exactly what would have been written.
 * - A request made under newer rules than this code's stops the derivation there (`NewerRulesError`): nothing after
 *   it is decided until the app is updated.
 * - With checkpoints, no batch goes past a checkpoint: it ends there, and the digest is computed from the batch's
 *   state in memory, which is then exactly the bank after that position. An application ahead of the accounts after
 *   a crash is ahead by less than one batch, so never past the checkpoint either, and what it holds plus what the
 *   batch adds is its state there. `pull` runs as many batches as its limit allows, so runners see full batches.
 * - A request carrying its device's checkpoint is compared with this device's digest at that position, which it
 *   took in an earlier batch (the request comes after what its device had derived). A difference is recorded as a
 *   `Divergence`, once per device and position; the request is decided as usual and nothing is undone.
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
  readonly #checkpoints: DerivationCheckpoints | undefined;
  readonly #applications: readonly ProcessApplication[];
  /** Whether the applications' stores can take a batch in one transaction (one persistence that can). */
  readonly #together: boolean;
  #migration: Promise<void> | undefined;
  #migrationDone = false;
  /** Pulls in flight: while one runs, requests are not derived along with their commit. */
  #pulls = 0;
  /** Resolves once the commit of the requests derived along (`prepareAlong`) is settled; a pull waits for it. */
  #along: Promise<void> | undefined;

  constructor(options: DerivationOptions) {
    this.#sagas = options.sagas;
    this.#accounts = options.accounts;
    this.#ledger = options.ledger;
    this.#transactionLog = options.transactionLog;
    this.#clock = options.clock;
    this.#checkpoints = options.checkpoints;
    this.#applications = [
      this.#sagas,
      this.#accounts,
      this.#ledger,
      this.#transactionLog,
      ...(options.checkpoints === undefined ? [] : [options.checkpoints]),
    ];
    this.writesInto = this.#applications;
    this.#together = canRecordTogether(this.#applications.map((application) => application.persistence));
  }

  /** The name of the tracking records the derivation keeps in each application for an upstream log. */
  static trackingName(upstreamName: string): string {
    return `requests:${upstreamName}`;
  }

  async pull(upstream: Application, limit: number): Promise<number> {
    this.#pulls++;
    try {
      while (this.#along !== undefined) await this.#along;
      return await this.#pull(upstream, limit);
    } finally {
      this.#pulls--;
    }
  }

  async #pull(upstream: Application, limit: number): Promise<number> {
    await this.#migrated(upstream);
    const key = Derivation.trackingName(upstream.name);
    let processed = 0;
    while (processed < limit) {
      const positions = await this.#positions(key);
      const wanted = limit - processed;
      const selected = await upstream.log.select(positions.accounts + 1, wanted);
      const batch = this.#upToCheckpoint(selected);
      if (batch.length === 0) break;
      await this.#derive(key, batch, positions);
      processed += batch.length;
      // Not cut at a checkpoint, and shorter than asked: the upstream has nothing more now.
      if (batch.length === selected.length && selected.length < wanted) break;
    }
    return processed;
  }

  /**
   * The latest checkpoint this device took in an upstream's log (its digest of the bank there), if any: what the
   * sync client seals into each request it makes, for other devices to compare.
   */
  async latestCheckpoint(upstreamName: string): Promise<CarriedCheckpoint | undefined> {
    const checkpoints = this.#checkpoints;
    if (checkpoints === undefined) return undefined;
    const position = await this.position(upstreamName);
    const seq = position - (position % checkpoints.interval);
    return seq > 0 ? checkpoints.checkpointAt(seq) : undefined;
  }

  async #positions(key: string): Promise<Positions> {
    const checkpoints = this.#checkpoints;
    const [accounts, sagas, ledger, journal, checked] = await Promise.all([
      this.#accounts.currentPosition(key),
      this.#sagas.currentPosition(key),
      this.#ledger.currentPosition(key),
      this.#transactionLog.currentPosition(key),
      checkpoints === undefined ? Number.POSITIVE_INFINITY : checkpoints.currentPosition(key),
    ]);
    return { accounts, sagas, ledger, journal, checkpoints: checked };
  }

  /** The notifications of a batch: up to the first checkpoint among them, included. */
  #upToCheckpoint(notifications: readonly Notification[]): readonly Notification[] {
    const checkpoints = this.#checkpoints;
    if (checkpoints === undefined) return notifications;
    const at = notifications.findIndex((notification) => checkpoints.isCheckpoint(notification.id));
    return at < 0 ? notifications : notifications.slice(0, at + 1);
  }

  /**
   * Derives one batch and commits it: in one transaction for every application where their stores allow it, else
   * one per application, the accounts last.
   */
  async #derive(key: string, notifications: readonly Notification[], positions: Positions): Promise<void> {
    const batch = await this.#decide(key, notifications, positions);
    if (batch === undefined) return;
    if (this.#together) {
      await recordTogether(this.#accounts.persistence, await this.#writesOf(batch));
      return;
    }
    // One transaction per application. The digest is hashed while the other applications commit (so that its
    // latency hides behind theirs); the checkpoint is committed once it is known, still before the accounts.
    const { contexts, behind, checkpoint, tracking } = batch;
    const commits = behind.map(([application, position, context]) =>
      application.recordProcessed(context.aggregates, tracking(position)),
    );
    const results = await Promise.allSettled([
      ...commits,
      this.#recordCheckpoints(contexts.checkpoints, checkpoint?.taken, tracking(positions.checkpoints)),
    ]);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    await this.#accounts.recordProcessed(contexts.accounts.aggregates, tracking(positions.accounts));
  }

  /**
   * Derives the requests `upstream` is about to commit, which follow right after the derivation's position, as
   * writes to commit with them in one transaction (`Application.followAlong`); `undefined` when it cannot: the stores
   * cannot commit together, the positions are not all known (or not caught up), a batch is in flight, the requests
   * cross a checkpoint, or deciding them failed (the pull that follows the commit then meets the failure, as ever).
   */
  async prepareAlong(
    upstream: Application,
    notifications: readonly Notification[],
  ): Promise<PreparedWrite[] | undefined> {
    if (!this.#together || this.#pulls > 0 || this.#along !== undefined || !this.#migrationDone) return undefined;
    const key = Derivation.trackingName(upstream.name);
    const positions = this.#knownPositions(key);
    const first = notifications[0];
    if (positions === undefined || first?.id !== positions.accounts + 1) return undefined;
    if (this.#upToCheckpoint(notifications).length < notifications.length) return undefined;
    let settle: (() => void) | undefined;
    const along = (this.#along = new Promise<void>((resolve) => (settle = resolve)));
    const done = () => {
      if (this.#along === along) this.#along = undefined;
      settle?.();
    };
    let writes: PreparedWrite[] | undefined;
    try {
      const batch = await this.#decide(key, notifications, positions);
      writes = batch === undefined ? undefined : await this.#writesOf(batch);
    } catch {
      writes = undefined;
    }
    const accounts = writes?.pop();
    if (writes === undefined || accounts === undefined) {
      done();
      return undefined;
    }
    // The accounts' write is settled last (`recordTogether` settles them in order): then the positions are known.
    writes.push({
      ...accounts,
      stored: (ids) => {
        accounts.stored(ids);
        done();
      },
      failed: () => {
        accounts.failed();
        done();
      },
    });
    return writes;
  }

  /** The positions of every derived application, when all are known in memory and none is behind the accounts. */
  #knownPositions(key: string): Positions | undefined {
    const checkpoints = this.#checkpoints;
    const accounts = this.#accounts.knownPosition(key);
    const known = [
      this.#sagas.knownPosition(key),
      this.#ledger.knownPosition(key),
      this.#transactionLog.knownPosition(key),
      checkpoints === undefined ? accounts : checkpoints.knownPosition(key),
    ];
    if (accounts === undefined || known.some((position) => position !== accounts)) return undefined;
    return {
      accounts,
      sagas: accounts,
      ledger: accounts,
      journal: accounts,
      checkpoints: checkpoints === undefined ? Number.POSITIVE_INFINITY : accounts,
    };
  }

  /**
   * Decides one batch in memory: each request in order, its whole cascade, and the trail's traces; and, at a
   * checkpoint, the digest of the bank it leaves. Nothing is stored.
   */
  async #decide(
    key: string,
    notifications: readonly Notification[],
    positions: Positions,
  ): Promise<DecidedBatch | undefined> {
    const last = notifications.at(-1);
    if (last === undefined) return undefined;
    const { accounts, sagas, ledger, journal } = positions;
    const contexts = {
      accounts: new ProcessingContext(this.#accounts.repository, key),
      sagas: new ProcessingContext(this.#sagas.repository, key),
      ledger: new ProcessingContext(this.#ledger.repository, key),
      journal: new ProcessingContext(this.#transactionLog.repository, key),
      checkpoints:
        this.#checkpoints === undefined ? undefined : new ProcessingContext(this.#checkpoints.repository, key),
    };
    // The first position of each request id met in this batch, or stored before it.
    const firstSeqs = new Map<string, number | null | undefined>();
    const firstSeqOf = async (requestId: string) => {
      if (!firstSeqs.has(requestId)) firstSeqs.set(requestId, await this.#storedSeqOf(requestId));
      return firstSeqs.get(requestId);
    };
    let lastRequest: ConfirmedRequest | undefined;
    const tracer = new RequestTracer(contexts.accounts);
    // Found or begun before the batch's requests, so that a trail begun in this batch is the first aggregate it
    // writes, whatever the batch's size.
    const found = await contexts.accounts.find(RequestTrail, RequestTrail.id);
    const trail = found ?? new RequestTrail(RequestTrail.id, this.#clock.now);
    contexts.accounts.collect(trail);
    const requests = notifications.map((notification) => [notification, confirmedRequestOf(notification)] as const);
    // Whether each request of a vault's order repeats an earlier one, read from storage for all of them at once
    // instead of one read after another in the loop: the answers are the same, since nothing is stored meanwhile.
    const mayRepeat = requests.flatMap(([, request]) => (request?.mayRepeat === true ? [request.requestId] : []));
    await Promise.all([...new Set(mayRepeat)].map(firstSeqOf));
    for (const [notification, request] of requests) {
      if (request === undefined) {
        tracer.afterRequest(notification.id, notification.timestamp, null, 'none');
        continue;
      }
      lastRequest = request;
      const newer = newerRulesOf(request.parsed);
      if (newer !== undefined) {
        throw new NewerRulesError({ requestId: request.requestId, rulesVersion: newer, supported: RULES_VERSION });
      }
      const { id } = notification;
      if (contexts.checkpoints !== undefined && id > positions.checkpoints) {
        await this.#compare(request, contexts.checkpoints);
      }
      const targets: CascadeTargets = {
        accounts: contexts.accounts,
        sagas: contexts.sagas,
        ledger: contexts.ledger,
        journal: contexts.journal,
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
    else await this.#begin(trail, tracer, key, accounts);
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
    const behind = sinks.filter(([, position]) => position < last.id);
    // The bank is read before any commit starts; `taken` resolves once it is hashed, outside every transaction.
    const checkpoint =
      contexts.checkpoints !== undefined && last.id > positions.checkpoints
        ? await this.#checkpoint(last.id, lastRequest?.timestamp ?? last.timestamp, contexts.accounts, contexts.ledger)
        : undefined;
    return { positions, contexts, behind, checkpoint, tracking };
  }

  /** A decided batch as one write per application to commit together, the checkpoint hashed first (it is part of it). */
  async #writesOf(batch: DecidedBatch): Promise<PreparedWrite[]> {
    const { positions, contexts, behind, checkpoint, tracking } = batch;
    const taken = await checkpoint?.taken;
    if (taken !== undefined) contexts.checkpoints?.collect(taken);
    const writes = behind.map(([application, position, context]) =>
      application.prepareProcessed(context.aggregates, tracking(position)),
    );
    if (this.#checkpoints !== undefined && contexts.checkpoints !== undefined && hasNews(contexts.checkpoints)) {
      writes.push(this.#checkpoints.prepareProcessed(contexts.checkpoints.aggregates, tracking(positions.checkpoints)));
    }
    writes.push(this.#accounts.prepareProcessed(contexts.accounts.aggregates, tracking(positions.accounts)));
    return writes;
  }

  /** Compares the checkpoint a request carries with this device's own there; records a difference. */
  async #compare(request: ConfirmedRequest, context: ProcessingContext): Promise<void> {
    const { checkpoint, deviceId } = request;
    if (checkpoint === undefined || deviceId === undefined || this.#checkpoints === undefined) return;
    const own = await this.#checkpoints.digestAt(checkpoint.seq);
    // None here: a position this device did not derive from this log (the history it began the vault with).
    if (own === undefined || own === checkpoint.digest) return;
    this.#clock.set(request.timestamp);
    try {
      const divergences =
        (await context.find(Divergences, Divergences.id)) ?? new Divergences(Divergences.id, this.#clock.now);
      context.collect(divergences);
      divergences.record({ seq: checkpoint.seq, deviceId, requestSeq: request.seq });
    } finally {
      this.#clock.clear();
    }
  }

  /**
   * The checkpoint after `seq` when it is one: the digest of the bank as this batch leaves it, which is the bank
   * right after `seq` since the batch ends there. Accounts the batch did not touch are as stored. Resolves once the
   * bank is read (`bankDigest` reads every field before it hashes); `taken` once it is hashed.
   */
  async #checkpoint(
    seq: number,
    time: string,
    accountsContext: ProcessingContext,
    ledgerContext: ProcessingContext,
  ): Promise<{ readonly taken: Promise<Checkpoint> } | undefined> {
    if (this.#checkpoints?.isCheckpoint(seq) !== true) return undefined;
    const accounts = new Map<string, Account>();
    for (const aggregate of accountsContext.aggregates) {
      if (aggregate instanceof Account) accounts.set(aggregate.id, aggregate);
    }
    for (const id of await this.#accounts.accountIds()) {
      if (accounts.has(id)) continue;
      const account = await this.#accounts.repository.find(Account, id, { cached: true });
      if (account !== undefined) accounts.set(id, account);
    }
    const ledger = await ledgerContext.find(Ledger, GENERAL_LEDGER_ID);
    const digest = bankDigest(accounts.values(), ledger);
    return { taken: digest.then((hashed) => Checkpoint.take(seq, hashed, () => time)) };
  }

  /** Commits what the batch has for the checkpoints (a checkpoint, divergences), when it has anything. */
  async #recordCheckpoints(
    context: ProcessingContext | undefined,
    checkpoint: Promise<Checkpoint | undefined> | undefined,
    tracking: BatchTracking,
  ): Promise<void> {
    if (this.#checkpoints === undefined || context === undefined) return;
    const taken = await checkpoint;
    if (taken !== undefined) context.collect(taken);
    // Written only by the batches that take a checkpoint or find a divergence.
    if (!hasNews(context)) return;
    await this.#checkpoints.recordProcessed(context.aggregates, tracking);
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
    const newer = request === undefined ? undefined : newerRulesOf(request.parsed);
    if (request === undefined || newer === undefined) return undefined;
    return new NewerRulesError({ requestId: request.requestId, rulesVersion: newer, supported: RULES_VERSION });
  }

  forgetPositions(): void {
    for (const application of this.#applications) application.forgetPositions();
  }

  /**
   * Appends the batch's traces to a trail that begins in this batch (new stores, or stores derived before the
   * trail): from where the ledger and the journal were before the batch. A store may hold more than that: the
   * results of a batch whose accounts never committed (a crash), which can reach past this batch when the runner
   * retries with smaller ones. Those events carry the tracking stamp of their batch, beyond the derivation's
   * position; every other event was there before.
   */
  async #begin(trail: RequestTrail, tracer: RequestTracer, key: string, derived: number): Promise<void> {
    const heldBefore = async (application: ProcessApplication, id: string) => {
      const events = await application.recorder.selectEvents(id);
      const before = events.filter(
        (event) => event.tracking?.upstreamName !== key || event.tracking.notificationId <= derived,
      ).length;
      return versionBefore(before);
    };
    const [ledgerBefore, journalBefore] = await Promise.all([
      heldBefore(this.#ledger, GENERAL_LEDGER_ID),
      heldBefore(this.#transactionLog, TRANSACTION_JOURNAL_ID),
    ]);
    tracer.appendTo(trail, this.#clock, ledgerBefore, journalBefore);
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
    migration.then(
      () => (this.#migrationDone = true),
      () => (this.#migration = undefined),
    );
    return migration;
  }
}

/** Whether a context holds anything to write. */
function hasNews(context: ProcessingContext): boolean {
  return [...context.aggregates].some((aggregate) => aggregate.pendingEvents.length > 0);
}
