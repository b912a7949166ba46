import {
  ProcessApplication,
  type Clock,
  type Notification,
  type Persistence,
  type ProcessingContext,
} from '../eventsourcing';
import { isAccountEvent } from './account-event';
import { Ledger, GENERAL_LEDGER_ID } from './ledger';
import { ledgerAmountOf } from './ledger-amount';

/** What `LedgerService` is built with: where it stores its events, and optionally a clock. */
export interface LedgerServiceOptions {
  readonly persistence: Persistence;
  readonly clock?: Clock;
}

/** How the ledger is read: `cached` for views that the log keeps current (see `LoadOptions.cached`). */
export interface LedgerReadOptions {
  readonly cached?: boolean;
}

/** The general ledger's totals, read together from one load of it. */
export interface GeneralLedgerTotals {
  /** The sum of all account balances, in cents, exactly (see `getExactBalance`). */
  readonly exactBalance: bigint;
  /** How many credits and debits there were. */
  readonly transactionCount: number;
}

/**
 * Follows the accounts (the original `event_sourced_bank` example's `LedgerService`): every credit adds its amount to
 * the "General" ledger, every debit takes its amount off, refunds count as credits; openings, limit changes, closings
 * and refusals are not transactions. Its store and log are named `ledger`; the ledger is snapshotted every 50 events.
 *
 * Invariants:
 * - The ledger is created lazily, by the first transaction, in the same write as that transaction.
 * - Its new events go out with the tracking record in one transaction (the process application's contract), so each
 *   account event is counted exactly once: at every quiescent point the ledger balance is the sum of the balances.
 */
export class LedgerService extends ProcessApplication {
  /** The name of this application's store and log. */
  static readonly applicationName = 'ledger';

  constructor(options: LedgerServiceOptions) {
    super({
      name: LedgerService.applicationName,
      persistence: options.persistence,
      snapshotting: { [Ledger.aggregateType]: 50 },
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  }

  /** The sum of all account balances, in cents; 0 before any transaction. */
  async getBalance(): Promise<number> {
    return (await this.repository.find(Ledger, GENERAL_LEDGER_ID))?.balance ?? 0;
  }

  /**
   * The sum of all account balances, in cents, exactly (`getBalance` is a `number`, which cannot hold every sum of
   * balances exactly); 0 before any transaction. `cached` (for views the log keeps current): start from the ledger
   * as this application last saved it, without a transaction when nothing was stored for it since (`LoadOptions`).
   */
  async getExactBalance(options: LedgerReadOptions = {}): Promise<bigint> {
    return (await this.#general(options))?.exactBalance ?? 0n;
  }

  /** How many credits and debits there were; 0 before any transaction. `cached` as for `getExactBalance`. */
  async getTransactionCount(options: LedgerReadOptions = {}): Promise<number> {
    return (await this.#general(options))?.transactionCount ?? 0;
  }

  /** Both totals from one load of the ledger, for a caller that shows or keeps them together; 0 before any. */
  async getTotals(options: LedgerReadOptions = {}): Promise<GeneralLedgerTotals> {
    const general = await this.#general(options);
    return { exactBalance: general?.exactBalance ?? 0n, transactionCount: general?.transactionCount ?? 0 };
  }

  #general(options: LedgerReadOptions): Promise<Ledger | undefined> {
    return this.repository.find(Ledger, GENERAL_LEDGER_ID, options.cached === true ? { cached: true } : {});
  }

  /** Carries on the work of the pipeline that preceded the derivation (see `finishLegacyPipeline`). */
  protected async policy(notification: Notification, context: ProcessingContext): Promise<void> {
    if (!isAccountEvent(notification)) return;
    const amount = ledgerAmountOf(notification);
    if (amount === undefined) return;
    const ledger = (await context.find(Ledger, GENERAL_LEDGER_ID)) ?? Ledger.startGeneral(this.clock);
    context.collect(ledger);
    ledger.addTransaction(amount, notification.originatorId, notification.originatorVersion);
  }
}
