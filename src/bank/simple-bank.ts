import { runnerFor, System, type Clock, type Persistence, type RunnerKind } from '../eventsourcing';
import { BankAccounts } from './bank-accounts';
import { LedgerService } from './ledger-service';
import { TransactionLog } from './transaction-log';

/** What `createSimpleBank` is given: where the three applications store their events, and which runner follows. */
export interface SimpleBankOptions {
  readonly persistence: Persistence;
  /**
   * `'rx'` (the default) follows in the background, as the PWA does, in the one tab that holds the simple bank's Web
   * Lock when the stores are shared between tabs; `'sync'` runs the followers before each save of the accounts
   * resolves, which tests find convenient.
   */
  readonly runner?: RunnerKind;
  /** Where event timestamps come from; the system clock by default. */
  readonly clock?: Clock;
}

/** The event-sourced-bank system: `BankAccounts → LedgerService` and `BankAccounts → TransactionLog`. */
export interface SimpleBank {
  readonly accounts: BankAccounts;
  readonly ledger: LedgerService;
  readonly transactionLog: TransactionLog;
  /** Resolves once the ledger and the transaction log have followed every stored account event. */
  settled(): Promise<void>;
  /** Stops following (letting work in flight finish) and closes the three applications. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the simple bank (the original `event_sourced_bank` example's `EventSourcedBank`). On a persistence
 * that already holds events (a restart), the followers first catch up with whatever they have not processed.
 */
export function createSimpleBank(options: SimpleBankOptions): Promise<SimpleBank> {
  // Through a promise, so that even a wrong option arrives as a rejection.
  return Promise.resolve(options).then(startSimpleBank);
}

function startSimpleBank(options: SimpleBankOptions): SimpleBank {
  const { persistence, runner: kind = 'rx', clock } = options;
  const common = { persistence, ...(clock === undefined ? {} : { clock }) };
  const accounts = new BankAccounts(common);
  const ledger = new LedgerService(common);
  const transactionLog = new TransactionLog(common);
  const system = new System([
    [accounts, ledger],
    [accounts, transactionLog],
  ]);
  const runner = runnerFor(system, kind, persistence, 'simple-bank-followers');
  runner.start();
  return {
    accounts,
    ledger,
    transactionLog,
    settled: () => runner.settled(),
    stop: async () => {
      await runner.stop();
      await Promise.all([accounts.close(), ledger.close(), transactionLog.close()]);
    },
  };
}
