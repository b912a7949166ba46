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

/** The system of process applications (DESIGN.md §4). */
export interface BankSystem {
  readonly commands: Commands;
  readonly sagas: Sagas;
  readonly accounts: Accounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  /** Whether this tab runs the followers (always, except for `'rx'` on stores shared with other tabs). */
  readonly isLeader: () => boolean;
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

function startBankSystem(options: BankSystemOptions): BankSystem {
  const { persistence, runner: kind = 'rx', clock } = options;
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
  const runner = runnerFor(system, kind, persistence, 'bank-followers');
  runner.start();
  return {
    commands,
    sagas,
    accounts,
    ledger,
    transactionLog,
    isLeader: () => !(runner instanceof LeaderRunner) || runner.isLeader,
    settled: () => runner.settled(),
    stop: async () => {
      await runner.stop();
      await Promise.all(system.applications.map((application) => application.close()));
    },
  };
}
