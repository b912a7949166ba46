import type { ProcessingContext } from '../eventsourcing';
import { Account, type MovementOptions } from './account';
import type { AccountEvent } from './account-event';
import type { CarriedCheckpoint } from './checkpoint';
import { AccountNotFoundError } from './account-not-found-error';
import { isBankError, type BankError } from './bank-error';
import { toErrorData, type BankErrorData } from './bank-error-data';
import { isMoneyRequest, type AccountRequest, type CommandRequest } from './command';
import { InvalidRequestError } from './invalid-request-error';
import { GENERAL_LEDGER_ID, Ledger } from './ledger';
import { ledgerAmountOf } from './ledger-amount';
import { boundedCents } from './cents';
import { dateOf, detailsOf, OPENING_BALANCE_NOTE } from './movement-details';
import type { RequestClock } from './request-clock';
import { RequestOutcome } from './request-outcome';
import type { ParsedRequest } from './request-schema';
import { Saga, type SagaEvent } from './saga';
import { TRANSACTION_JOURNAL_ID, TransactionJournal } from './transaction-journal';
import { transactionEntryOf } from './transaction-entry-of';
import { TransactionRefusal } from './transaction-refusal';
import type { TracedOutcome } from './request-trail';

/**
 * Where the cascade of one request reads and writes. `accounts` always get its results (the derivation's position
 * is the accounts'); each of the others is left alone when it already holds this request's results (it committed
 * before a crash that the accounts did not survive): its part is then worked out in memory only, to drive the
 * cascade.
 */
export interface CascadeTargets {
  readonly accounts: ProcessingContext;
  readonly sagas: ProcessingContext;
  readonly ledger: ProcessingContext;
  readonly journal: ProcessingContext;
  /** Whether each of these applications is to get this request's results (it does not hold them yet). */
  readonly writes: { readonly sagas: boolean; readonly ledger: boolean; readonly journal: boolean };
  /**
   * The position in the confirmed order of the request that first had this id (null when it was not recorded,
   * `undefined` when no request had it): how replays are recognised.
   */
  readonly firstSeqOf: (requestId: string) => Promise<number | null | undefined>;
}

/** One confirmed request, as the cascade decides it. */
export interface ConfirmedRequest {
  /** The request id: saga id, transaction id, account id of an opening. */
  readonly requestId: string;
  /** Its position in the confirmed order of requests. */
  readonly seq: number;
  /** When it was made: the time of every event it causes. */
  readonly timestamp: string;
  readonly parsed: ParsedRequest;
  /**
   * Whether another request of the log may have the same id: true for the vault's log, where any device of the
   * vault writes; false for this device's own log, whose store keeps request ids unique.
   */
  readonly mayRepeat: boolean;
  /** The device that made it: for the vault's log only. */
  readonly deviceId?: string;
  /**
   * What its device had derived when it made it: its checkpoint (digest of the bank) at an earlier position, when
   * it carries one (for the vault's log only; requests made by older code carry none).
   */
  readonly checkpoint?: CarriedCheckpoint;
}

/**
 * Decides one confirmed request completely, in memory, before the next: every saga step, every account change,
 * the ledger and the transaction log, in the one order that follows from the request alone. Every event takes the
 * request's time. That is what makes the derivation a function of the log: no step of one request can interleave
 * with another request's.
 *
 * Invariants:
 * - A request whose id already has an outcome from an earlier position (a replay) changes nothing.
 * - A request that fails its schema is refused with `InvalidRequestError`, recorded as its outcome, and the next
 *   request is decided as usual.
 * - Money moves only through a saga's steps: debit first, then credit, then (if the credit was refused) a refund
 *   that cannot be refused. Each account event is followed by the ledger and the transaction log at once.
 * - A request is decided under the rules it names (`rulesVersion`), never under this code's newest: a request of
 *   the first rules gives exactly the events it always gave. The second rules bound amounts and balances
 *   (`MAX_AMOUNT`, `MAX_BALANCE`), never refuse a refund, carry a money request's note and date (by default the
 *   date of its timestamp) to its saga and account events, credit an opening balance (transaction id: the request
 *   id) right after the opening, rename accounts, and close only an account whose balance is zero.
 *
 * Resolves with how the request ended, for the derivation's trail.
 */
export async function deriveRequest(
  request: ConfirmedRequest,
  targets: CascadeTargets,
  clock: RequestClock,
): Promise<TracedOutcome> {
  clock.set(request.timestamp);
  try {
    const cascade = new Cascade(request, targets, clock);
    if (await cascade.isReplay()) return 'replay';
    const { parsed } = request;
    if (!parsed.ok) cascade.refuseUnreadable(parsed.problem);
    else if (isMoneyRequest(parsed.request)) await cascade.moveMoney(parsed.request, parsed.rulesVersion);
    else await cascade.manage(parsed.request, parsed.rulesVersion);
    return cascade.outcome();
  } finally {
    clock.clear();
  }
}

class Cascade {
  readonly #request: ConfirmedRequest;
  readonly #targets: CascadeTargets;
  readonly #clock: RequestClock;
  #outcome: Saga | RequestOutcome | undefined;

  constructor(request: ConfirmedRequest, targets: CascadeTargets, clock: RequestClock) {
    this.#request = request;
    this.#targets = targets;
    this.#clock = clock;
  }

  /** How the request ended; read once it is decided. */
  outcome(): TracedOutcome {
    const outcome = this.#outcome;
    if (outcome instanceof RequestOutcome) return outcome.error === null ? 'done' : 'refused';
    if (outcome === undefined) return 'none';
    const { status, debited } = outcome.state;
    if (status === 'succeeded') return 'done';
    return debited ? 'refunded' : 'refused';
  }

  /** Whether an earlier request of the log had this id: a replay, which changes nothing. */
  async isReplay(): Promise<boolean> {
    const { requestId, seq, mayRepeat } = this.#request;
    if (!mayRepeat) return false;
    const first = await this.#targets.firstSeqOf(requestId);
    return first !== undefined && first !== seq;
  }

  /** Refuses a request that does not parse, recording its outcome. */
  refuseUnreadable(problem: string): void {
    const { requestId } = this.#request;
    const error = toErrorData(new InvalidRequestError({ requestId, problem }));
    this.#decided(RequestOutcome.decide(requestId, 'unknown', null, error, this.#request.seq, this.#clock.now));
  }

  /** Carries a money request's saga through its steps until it ends (or can make no further step). */
  async moveMoney(money: CommandRequest, rulesVersion: number): Promise<void> {
    const { requestId, seq, timestamp } = this.#request;
    const second = rulesVersion >= 2;
    // The first rules knew no date: their sagas and account events stay without one, as they were derived.
    const dated = second ? { ...money, occurredOn: money.occurredOn ?? dateOf(timestamp) } : money;
    const saga = Saga.start(requestId, dated, seq, this.#clock.now);
    this.#decided(saga);
    const options: MovementOptions = { ...detailsOf(dated), bounded: second };
    // Each step adds one saga event; a saga ends in at most three steps (debit, credit, refund).
    for (let steps = 0; steps < 4 && (saga.status === 'pending' || saga.status === 'compensating'); steps++) {
      const before = saga.version;
      await this.#step(saga, saga.pendingEvents.at(-1), options);
      if (saga.version === before) return;
    }
  }

  /** Decides an account opening, a limit or a closing, and records its outcome. */
  async manage(request: AccountRequest, rulesVersion: number): Promise<void> {
    const { requestId } = this.#request;
    const error = await this.#manage(request, rulesVersion >= 2);
    const { seq } = this.#request;
    this.#decided(RequestOutcome.decide(requestId, request.kind, request.accountId, error, seq, this.#clock.now));
  }

  /** Keeps the outcome of this request for `Sagas` (in memory only when it already holds it). */
  #decided(outcome: Saga | RequestOutcome): void {
    this.#outcome = outcome;
    const { sagas, writes } = this.#targets;
    if (writes.sagas) sagas.collect(outcome);
  }

  async #manage(request: AccountRequest, second: boolean): Promise<BankErrorData | null> {
    const { accounts } = this.#targets;
    if (request.kind === 'account-opening') {
      if ((await accounts.find(Account, request.accountId)) !== undefined) {
        const problem = `an account with id ${request.accountId} already exists`;
        return toErrorData(new InvalidRequestError({ requestId: this.#request.requestId, problem }));
      }
      const { name, overdraftLimit, openingBalance = 0 } = request;
      if (second) {
        // Checked before anything is opened: an opening is all or nothing.
        try {
          boundedCents(overdraftLimit, 'limit');
          boundedCents(openingBalance, 'limit');
        } catch (error) {
          if (!isBankError(error)) throw error;
          return toErrorData(error);
        }
      }
      const account = Account.open(request.accountId, { name, overdraftLimit }, this.#clock.now);
      accounts.collect(account);
      await this.#follow(account);
      if (openingBalance > 0) {
        const details = { note: OPENING_BALANCE_NOTE, occurredOn: dateOf(this.#request.timestamp), bounded: true };
        account.credit(openingBalance, this.#request.requestId, details);
        await this.#follow(account);
      }
      return null;
    }
    const account = await accounts.find(Account, request.accountId);
    if (account === undefined) return toErrorData(new AccountNotFoundError({ accountId: request.accountId }));
    try {
      if (request.kind === 'overdraft-limit') account.setOverdraftLimit(request.overdraftLimit, { bounded: second });
      else if (request.kind === 'account-renaming') account.rename(request.name);
      // The first rules closed an account whatever its balance; their requests close as they did.
      else if (second) account.closeEmpty();
      else account.close();
    } catch (error) {
      if (!isBankError(error)) throw error;
      return toErrorData(error);
    }
    await this.#follow(account);
    return null;
  }

  /** Carries out the step the saga's latest event asks for, and tells the saga how it went. */
  async #step(saga: Saga, latest: SagaEvent | undefined, options: MovementOptions): Promise<void> {
    const transactionId = saga.id;
    switch (latest?.type) {
      case 'SagaStarted': {
        const { kind, debitAccountId, creditAccountId, amount } = latest.data;
        if (kind === 'deposit' && creditAccountId !== null) {
          await this.#change(saga, creditAccountId, (account) => account.credit(amount, transactionId, options));
        } else if (kind !== 'deposit' && debitAccountId !== null) {
          await this.#change(saga, debitAccountId, (account) => account.debit(amount, transactionId, options));
        }
        return;
      }
      case 'SagaCreditRequired': {
        const { creditAccountId, amount } = latest.data;
        await this.#change(saga, creditAccountId, (account) => account.credit(amount, transactionId, options));
        return;
      }
      case 'SagaRefundRequired': {
        const { debitAccountId, amount } = latest.data;
        await this.#change(saga, debitAccountId, (account) => account.refund(amount, transactionId, options));
        return;
      }
      default:
        return;
    }
  }

  /** One step on one account: the change, or its refusal recorded (on the account, or for an unknown one). */
  async #change(saga: Saga, accountId: string, change: (account: Account) => void): Promise<void> {
    const { accounts } = this.#targets;
    const account = await accounts.find(Account, accountId);
    if (account === undefined) {
      const error = toErrorData(new AccountNotFoundError({ accountId }));
      accounts.collect(TransactionRefusal.record(accountId, saga.id, error, this.#clock.now));
      saga.onRefused(accountId, error);
      return;
    }
    let refusal: BankError | undefined;
    try {
      change(account);
    } catch (error) {
      if (!isBankError(error)) throw error;
      refusal = error;
      account.recordRefusal(error, saga.id);
    }
    const event = await this.#follow(account);
    if (refusal !== undefined) saga.onRefused(accountId, toErrorData(refusal));
    else if (event?.type === 'AccountDebited') saga.onDebited(accountId);
    else if (event?.type === 'AccountCredited') saga.onCredited(accountId);
    else if (event?.type === 'AccountRefunded') saga.onRefunded(accountId);
  }

  /** Has the ledger and the transaction log follow the account's latest event; returns that event. */
  async #follow(account: Account): Promise<AccountEvent | undefined> {
    const event = account.pendingEvents.at(-1);
    if (event === undefined) return undefined;
    const { ledger, journal, writes } = this.#targets;
    const amount = ledgerAmountOf(event);
    if (writes.ledger && amount !== undefined) {
      const general = (await ledger.find(Ledger, GENERAL_LEDGER_ID)) ?? Ledger.startGeneral(this.#clock.now);
      ledger.collect(general);
      general.addTransaction(amount, account.id, event.originatorVersion);
    }
    const entry = transactionEntryOf(event);
    if (writes.journal && entry !== undefined) {
      const log =
        (await journal.find(TransactionJournal, TRANSACTION_JOURNAL_ID)) ?? TransactionJournal.begin(this.#clock.now);
      journal.collect(log);
      log.append(entry, event.originatorVersion);
    }
    return event;
  }
}
