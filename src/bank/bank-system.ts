import { of, type Observable } from 'rxjs';
import { LeaderRunner, runnerFor, System, type Clock, type Persistence, type RunnerKind } from '../eventsourcing';
import { Accounts } from './accounts';
import { Commands } from './commands';
import { LedgerService } from './ledger-service';
import { Sagas } from './sagas';
import { TransactionLog } from './transaction-log';

export interface BankSystemOptions {
  readonly persistence: Persistence;
  /**
   * `'rx'` (the default) follows in the background, in the one tab that holds the followers' Web Lock when the
   * stores are shared between tabs; `'sync'` runs the followers before each save resolves (tests).
   */
  readonly runner?: RunnerKind;
  /** Where event timestamps come from; the system clock by default. */
  readonly clock?: Clock;
}

/** The bank's applications, wired, with no runner yet: what a restore or an import fills before the bank starts. */
export interface BankApplications {
  readonly commands: Commands;
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  /** Who follows whom: `Commands → Sagas → Accounts → Sagas`, and `Accounts → LedgerService, TransactionLog`. */
  readonly system: System;
}

/** The system of process applications (DESIGN.md §4). */
export interface BankSystem extends BankApplications {
  /** Whether this tab runs the followers (always, except for `'rx'` on stores shared with other tabs). */
  readonly isLeader: () => boolean;
  /** `isLeader` as it changes: the sync client runs only where this is true. */
  readonly isLeader$: Observable<boolean>;
  /** Resolves once every follower has processed every stored event of its upstreams (in whichever tab leads). */
  settled(): Promise<void>;
  /** Stops following (letting work in flight finish, and handing over to another tab) and closes the applications. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the bank's system of process applications: `Commands → Sagas → Accounts → Sagas` (the original's
 * pipeline), with `LedgerService` and `TransactionLog` following `Accounts`. On stores that already hold events (a
 * restart), the followers first catch up with whatever they have not processed.
 */
export function createBankSystem(options: BankSystemOptions): Promise<BankSystem> {
  // Through a promise, so that even a wrong option arrives as a rejection.
  return Promise.resolve(options).then(startBankSystem);
}

/**
 * The bank's applications on a persistence, wired as `createBankSystem` wires them, without starting any runner.
 * Nothing follows until a runner is started on `system` (or the stores are handed to `createBankSystem`).
 */
export function createBankApplications(options: Omit<BankSystemOptions, 'runner'>): BankApplications {
  const { persistence, clock } = options;
  const common = { persistence, ...(clock === undefined ? {} : { clock }) };
  const commands = new Commands(common);
  const accounts = new Accounts(common);
  const sagas = new Sagas({ ...common, commands });
  const ledger = new LedgerService(common);
  const transactionLog = new TransactionLog(common);
  const system = new System([
    [commands, sagas, accounts, sagas],
    [accounts, ledger],
    [accounts, transactionLog],
  ]);
  return { commands, sagas, accounts, ledger, transactionLog, system };
}

function startBankSystem(options: BankSystemOptions): BankSystem {
  const applications = createBankApplications(options);
  const { system } = applications;
  const runner = runnerFor(system, options.runner ?? 'rx', options.persistence, 'bank-followers');
  runner.start();
  return {
    ...applications,
    isLeader: () => !(runner instanceof LeaderRunner) || runner.isLeader,
    isLeader$: runner instanceof LeaderRunner ? runner.isLeader$ : of(true),
    settled: () => runner.settled(),
    stop: async () => {
      await runner.stop();
      await Promise.all(system.applications.map((application) => application.close()));
    },
  };
}
