import { of, type Observable } from 'rxjs';
import {
  LeaderRunner,
  runnerFor,
  System,
  systemClock,
  type Application,
  type Clock,
  type Persistence,
  type Runner,
  type RunnerKind,
} from '../eventsourcing';
import { Accounts } from './accounts';
import { Commands } from './commands';
import { ConfirmedRequests } from './confirmed-requests';
import { Derivation } from './derivation';
import { DEFAULT_CHECKPOINT_INTERVAL, DerivationCheckpoints } from './derivation-checkpoints';
import { LedgerService } from './ledger-service';
import { RequestClock } from './request-clock';
import { Sagas } from './sagas';
import { TransactionLog } from './transaction-log';
import type { BankSync, BankSyncOptions } from '../sync/bank-sync';

export interface BankSystemOptions {
  readonly persistence: Persistence;
  /**
   * `'rx'` (the default) follows in the background, in the one tab that holds the followers' Web Lock when the
   * stores are shared between tabs; `'sync'` runs the followers before each save resolves (tests).
   */
  readonly runner?: RunnerKind;
  /** Where the time of each request comes from; the system clock by default. */
  readonly clock?: Clock;
  /**
   * Which order of requests the bank is derived from: `'device'` (the default), this device's own requests in the
   * order they were recorded, the device being its own sequencer; `'vault'`, the vault's order, as the sync client
   * keeps it in `ConfirmedRequests`.
   */
  readonly sequencer?: 'device' | 'vault';
  /**
   * Every how many requests of the confirmed log the derivation takes a checkpoint (a digest of the bank, which
   * other devices of the vault compare with theirs). By default every 100 when derived from the vault's order, and
   * none in the device's own order; tests give smaller intervals, and checkpoints in the device's order.
   */
  readonly checkpointInterval?: number;
  /**
   * The rules version this device's requests are recorded under: `RULES_VERSION` by default. An older version
   * records them as an older app did (tests of the first rules, such as the original system tests, whose closings
   * leave money in accounts); every request is still decided under the rules it names.
   */
  readonly rulesVersion?: number;
  /**
   * Syncs this device with a vault (see `BankSyncOptions` in the sync module); absent: no sync, the device is its
   * own sequencer. The sync module is loaded only then.
   */
  readonly sync?: BankSyncOptions;
}

/** The bank's applications, wired, with no runner yet: what a restore or an import fills before the bank starts. */
export interface BankApplications {
  readonly commands: Commands;
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  /** The vault's order of requests, kept by the sync client; present when the bank is derived from it. */
  readonly confirmedRequests?: ConfirmedRequests;
  /** The derivation's checkpoints and the divergences it found; present when it takes checkpoints. */
  readonly checkpoints?: DerivationCheckpoints;
  /** Derives sagas, accounts, ledger and transaction log from the confirmed requests. */
  readonly derivation: Derivation;
  /** Who follows whom: the derivation follows `Commands` (or `ConfirmedRequests`). */
  readonly system: System;
}

/** The system of process applications, as `docs/architecture.md` describes it ("The derivation"). */
export interface BankSystem extends BankApplications {
  /** Whether this tab runs the followers (always, except for `'rx'` on stores shared with other tabs). */
  readonly isLeader: () => boolean;
  /** `isLeader` as it changes: the sync client runs only where this is true. */
  readonly isLeader$: Observable<boolean>;
  /** Resolves once every follower has processed every stored event of its upstreams (in whichever tab leads). */
  settled(): Promise<void>;
  /** Stops following (letting work in flight finish, and handing over to another tab) and closes the applications. */
  stop(): Promise<void>;
  /** The sync with the vault; present when the system was created with `sync`. */
  readonly sync?: BankSync;
}

/**
 * Builds and starts the bank's system: every change is a request recorded by `Commands`; a `Derivation` follows the
 * confirmed order of requests and derives the sagas, the accounts, the ledger and the transaction log from it. On
 * stores that already hold events (a restart), it first catches up with whatever it has not derived.
 */
export async function createBankSystem(options: BankSystemOptions): Promise<BankSystem> {
  // Awaited first, so that even a wrong option arrives as a rejection.
  await Promise.resolve();
  if (options.sync === undefined) return startBankSystem(createBankApplications(options), options);
  const { startSyncedBank } = await import('../sync/start-synced-bank');
  return startSyncedBank(
    { ...options, sync: options.sync },
    {
      createApplications: createBankApplications,
      start: startBankSystem,
      trackingName: (upstreamName) => Derivation.trackingName(upstreamName),
    },
  );
}

/**
 * The bank's applications on a persistence, wired as `createBankSystem` wires them, without starting any runner.
 * Nothing follows until a runner is started on `system` (or the stores are handed to `createBankSystem`).
 */
export function createBankApplications(options: Omit<BankSystemOptions, 'runner'>): BankApplications {
  const { persistence, clock = systemClock } = options;
  const derivedClock = new RequestClock(clock);
  const derived = { persistence, clock: derivedClock.now };
  const commands = new Commands({
    persistence,
    clock,
    ...(options.rulesVersion === undefined ? {} : { rulesVersion: options.rulesVersion }),
  });
  const sagas = new Sagas({ ...derived, commands });
  const accounts = new Accounts({ ...derived, requests: { commands, sagas } });
  const ledger = new LedgerService(derived);
  const transactionLog = new TransactionLog(derived);
  const interval =
    options.checkpointInterval ?? (options.sequencer === 'vault' ? DEFAULT_CHECKPOINT_INTERVAL : undefined);
  const checkpoints = interval === undefined ? undefined : new DerivationCheckpoints({ ...derived, interval });
  const derivation = new Derivation({
    sagas,
    accounts,
    ledger,
    transactionLog,
    clock: derivedClock,
    ...(checkpoints === undefined ? {} : { checkpoints }),
  });
  const confirmedRequests = options.sequencer === 'vault' ? new ConfirmedRequests({ persistence, clock }) : undefined;
  const upstream: Application = confirmedRequests ?? commands;
  const system = new System([[commands], [upstream, derivation]]);
  return {
    commands,
    sagas,
    accounts,
    ledger,
    transactionLog,
    ...(confirmedRequests === undefined ? {} : { confirmedRequests }),
    ...(checkpoints === undefined ? {} : { checkpoints }),
    derivation,
    system,
  };
}

/** How often a tab that does not derive looks, while it waits in `settled()`, whether the derivation is stopped. */
const STOPPED_CHECK_MS = 250;

/**
 * `runner.settled()`, or the `NewerRulesError` that stops the derivation. The tab that derives learns it from its
 * runner; another tab would wait for the leader for ever, so it also looks at what the derivation waits on.
 */
async function settledOrStopped(runner: Runner, applications: BankApplications): Promise<void> {
  if (!(runner instanceof LeaderRunner) || runner.isLeader) return runner.settled();
  const upstream = applications.confirmedRequests ?? applications.commands;
  const stoppedBefore = await applications.derivation.stoppedBy(upstream);
  if (stoppedBefore !== undefined) throw stoppedBefore;
  // Found stopped while waiting, the wait goes on in the runner until the app is reloaded (updated): one per call
  // that was waiting then, since the check above refuses every later one at once.
  const settled = runner.settled().then(() => true);
  settled.catch(() => undefined);
  for (;;) {
    const tick = new Promise<false>((resolve) => setTimeout(resolve, STOPPED_CHECK_MS, false));
    if (await Promise.race([settled, tick])) return;
    const stopped = await applications.derivation.stoppedBy(upstream);
    if (stopped !== undefined) throw stopped;
  }
}

function startBankSystem(applications: BankApplications, options: BankSystemOptions): BankSystem {
  const { system } = applications;
  const runner = runnerFor(system, options.runner ?? 'rx', options.persistence, 'bank-followers');
  runner.start();
  return {
    ...applications,
    isLeader: () => !(runner instanceof LeaderRunner) || runner.isLeader,
    isLeader$: runner instanceof LeaderRunner ? runner.isLeader$ : of(true),
    settled: () => settledOrStopped(runner, applications),
    stop: async () => {
      await runner.stop();
      await Promise.all(system.applications.map((application) => application.close()));
    },
  };
}
