import { Aggregate, type Clock, type DomainEvent } from '../eventsourcing';

/** The state of a ledger: the net of every credit and debit it followed, and how many there were. */
export type LedgerState = {
  readonly name: string;
  /**
   * Σ credits − Σ debits over every account, in cents: the sum of all balances, added up as `number`s as it always
   * was (exact while the sum is a safe integer; what the bank's digest hashes, so that it stays comparable with
   * older versions of the app).
   */
  readonly balance: number;
  /** The same sum, exactly, whatever the amounts: a decimal integer, since state must stay JSON. */
  readonly exactBalance: string;
  /** Credits + debits followed; account openings are not transactions. */
  readonly transactionCount: number;
};

/** Every event of a ledger. Their type names are unique across the bank. */
export type LedgerEvent =
  | DomainEvent<'LedgerStarted', { readonly name: string }>
  | DomainEvent<
      'LedgerTransactionAdded',
      {
        /** Signed, in cents: + for a credit, − for a debit. */
        readonly amount: number;
        readonly accountId: string;
        /** The version of the account event this follows, for tracing. */
        readonly accountVersion: number;
      }
    >;

/** The name of the bank's one ledger. */
export const GENERAL_LEDGER_NAME = 'General';

/**
 * The deterministic id of the "General" ledger: the original's `uuid5(NAMESPACE_URL, '/ledgers/General')`, a name-based
 * UUID (RFC 9562 §5.5: SHA-1 of the URL namespace `6ba7b811-9dad-11d1-80b4-00c04fd430c8` followed by the name).
 * Written out rather than computed because SHA-1 is only asynchronous in the browser (`crypto.subtle`);
 * `test/bank/ledger.test.ts` computes it again.
 */
export const GENERAL_LEDGER_ID = '91e2d67d-3706-5afb-84b3-8b9c7c0b7dc0';

/**
 * A ledger that follows the net movement of money across all accounts (the original `event_sourced_bank` example's
 * `Ledger`). There is one, the "General" ledger, with a deterministic id so that creating it twice would clash instead
 * of making two.
 */
export class Ledger extends Aggregate<LedgerState, LedgerEvent> {
  static readonly aggregateType = 'Ledger';
  /** 2 since the state holds `exactBalance`: a snapshot of version 1 lacks it, so the ledger is replayed instead. */
  static readonly snapshotVersion = 2;

  constructor(id: string, clock?: Clock) {
    super(id, { name: '', balance: 0, exactBalance: '0', transactionCount: 0 }, clock);
  }

  /** Starts the "General" ledger: balance 0, no transactions. */
  static startGeneral(clock?: Clock): Ledger {
    const ledger = new Ledger(GENERAL_LEDGER_ID, clock);
    ledger.trigger('LedgerStarted', { name: GENERAL_LEDGER_NAME });
    return ledger;
  }

  /** Σ credits − Σ debits followed, in cents. */
  get balance(): number {
    return this.state.balance;
  }

  /**
   * Σ credits − Σ debits followed, in cents, exactly: a log of the first rules may hold balances up to
   * `Number.MAX_SAFE_INTEGER` each, whose sum a `number` cannot hold.
   */
  get exactBalance(): bigint {
    return BigInt(this.state.exactBalance);
  }

  /** Credits + debits followed. */
  get transactionCount(): number {
    return this.state.transactionCount;
  }

  /** Adds one account transaction: `amount` is signed (+ credit, − debit), a non-zero safe integer of cents. */
  addTransaction(amount: number, accountId: string, accountVersion: number): void {
    if (!Number.isSafeInteger(amount) || amount === 0) throw new RangeError(`Not a ledger amount: ${amount}`);
    this.trigger('LedgerTransactionAdded', { amount, accountId, accountVersion });
  }

  protected evolve(state: LedgerState, event: LedgerEvent): LedgerState {
    switch (event.type) {
      case 'LedgerStarted':
        return { ...state, name: event.data.name };
      case 'LedgerTransactionAdded':
        return {
          ...state,
          balance: state.balance + event.data.amount,
          exactBalance: (BigInt(state.exactBalance) + BigInt(event.data.amount)).toString(),
          transactionCount: state.transactionCount + 1,
        };
      default:
        return this.unknownEvent(event);
    }
  }
}
