import { catchError, distinctUntilChanged, EMPTY, map, of, shareReplay, Subject, type Observable } from 'rxjs';
import { isMoneyRequest, type AccountView, type BankError, type MovementDetails, type SagaView } from '../../bank';
import type { Persistence } from '../../eventsourcing';
import type { BankSync, BankSyncStatus } from '../../sync/bank-sync';
import { isSyncProblem, type SyncProblem } from '../format/describe-sync-problem';
import { AccountOrder, type AccountOrderStorage } from './account-order';
import { liveAccountHistory, type AccountHistory } from './live-account-history';
import { liveAccounts } from './live-accounts';
import { liveEntries } from './live-entries';
import { liveLedger } from './live-ledger';
import { liveOutcomes } from './live-outcomes';
import { liveRequests } from './live-requests';
import { liveSagas } from './live-sagas';
import { pendingRequests } from './pending-requests';
import { isStorageFailure } from '../format/is-storage-failure';
import type { LedgerTotals } from './ledger-totals';
import type { LoggedEntry } from './logged-entry';
import { requestsByTransaction, type MoneyRequest } from './money-request';
import type { AccountRequestEntry, RecordedRequest } from './recorded-request';
import type { SyncedBankSystem } from '../use-cases/start-bank';
import type { SyncSettings } from './sync-settings-store';

/** How the bank was started: with which sync settings, and why sync could not start, if it could not. */
export interface BankStoreOptions {
  /** The sync settings kept on this device; absent when sync is off. */
  readonly syncSettings?: SyncSettings | undefined;
  /** Why the bank could not be started with sync (it then runs without). */
  readonly syncFailure?: unknown;
}

const NO_IDS: ReadonlySet<string> = new Set();

/**
 * What the screens read and do, over one running bank system. Every stream is fed by the applications' notification
 * logs, so it moves with every change made in this tab or another; each is shared and kept once first read. A
 * failure of a stream (storage full, closed or unavailable) is reported on `failure$` instead of breaking the
 * screen, which then shows what to do.
 *
 * With sync on, this device's requests are decided in the vault's order once synced: the account management methods
 * then resolve as soon as the request is recorded (offline too), and `pendingIds$` says which requests still wait.
 */
export class BankStore {
  readonly system: SyncedBankSystem;
  /** Where the system keeps its events (an import writes there while the system is stopped). */
  readonly persistence: Persistence;
  /** The sync settings the bank was started with; `undefined` when sync is off. */
  readonly syncSettings: SyncSettings | undefined;
  /** The running sync; `undefined` when sync is off or could not start. */
  readonly sync: BankSync | undefined;
  readonly accounts$: Observable<readonly AccountView[]>;
  readonly ledger$: Observable<LedgerTotals>;
  readonly entries$: Observable<readonly LoggedEntry[]>;
  /** Every request this device made, oldest first. */
  readonly allRequests$: Observable<readonly RecordedRequest[]>;
  /** This device's deposits, withdrawals and transfers, oldest first. */
  readonly requests$: Observable<readonly MoneyRequest[]>;
  /** The same, by transaction id (computed once for every screen that names the request behind a log line). */
  readonly requestsById$: Observable<ReadonlyMap<string, MoneyRequest>>;
  /** This device's account openings, limits and closings, oldest first. */
  readonly accountRequests$: Observable<readonly AccountRequestEntry[]>;
  /** The sync's status; `undefined` when sync is off. A sync that could not start shows as `stopped`, with why. */
  readonly syncStatus$: Observable<BankSyncStatus | undefined>;
  /** The ids of this device's requests still waiting to sync (none when sync is off). */
  readonly pendingIds$: Observable<ReadonlySet<string>>;
  /** This device's deposits, withdrawals and transfers still waiting to sync, read by id (not the whole log). */
  readonly pendingMoneyRequests$: Observable<readonly MoneyRequest[]>;
  /** This device's account openings, limits and closings still waiting to sync, read by id. */
  readonly pendingAccountRequests$: Observable<readonly AccountRequestEntry[]>;
  readonly #failure$ = new Subject<unknown>();
  readonly #beforeStop = new Set<() => Promise<void>>();
  /** Errors that stopped a stream (storage errors above all). */
  readonly failure$ = this.#failure$.asObservable();

  constructor(system: SyncedBankSystem, persistence: Persistence, options: BankStoreOptions = {}) {
    this.system = system;
    this.persistence = persistence;
    this.syncSettings = options.syncSettings;
    this.sync = options.syncSettings === undefined ? undefined : system.sync;
    const order = new AccountOrder(
      system.accounts.log,
      persistence.sharedName === undefined ? undefined : browserStorage(),
      `offline-bank-account-order:${persistence.sharedName ?? ''}`,
    );
    this.accounts$ = this.#shared(liveAccounts(system.accounts, order));
    this.ledger$ = this.#shared(liveLedger(system.ledger));
    this.entries$ = this.#shared(liveEntries(system.transactionLog));
    this.allRequests$ = this.#shared(liveRequests(system.commands));
    this.requests$ = this.#shared(this.allRequests$.pipe(map(moneyRequestsOf)));
    this.requestsById$ = this.#shared(this.requests$.pipe(map(requestsByTransaction)));
    this.accountRequests$ = this.#shared(this.allRequests$.pipe(map(accountRequestsOf)));
    this.syncStatus$ = this.#shared(syncStatusOf(this.syncSettings, this.sync, options.syncFailure));
    this.pendingIds$ = this.syncStatus$.pipe(
      map((status) => status?.pendingIds ?? NO_IDS),
      distinctUntilChanged(),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    const pending$ = this.#shared(pendingRequests(system.commands, this.pendingIds$));
    this.pendingMoneyRequests$ = this.#shared(pending$.pipe(map(moneyRequestsOf)));
    this.pendingAccountRequests$ = this.#shared(pending$.pipe(map(accountRequestsOf)));
  }

  /** Whether this device syncs: its requests are then decided once synced, in the vault's order. */
  get syncing(): boolean {
    return this.syncSettings !== undefined;
  }

  /** The sagas of these transactions, live. */
  sagas$(transactionIds: readonly string[]): Observable<ReadonlyMap<string, SagaView>> {
    return liveSagas(this.system.sagas, transactionIds).pipe(catchError((error: unknown) => this.#fail(error)));
  }

  /** One account's history, newest page first, read from the account's own events and kept current. */
  accountHistory$(accountId: string): Observable<AccountHistory> {
    return liveAccountHistory(this.system.accounts, this.system.commands, accountId).pipe(
      catchError((error: unknown) => this.#fail(error)),
    );
  }

  /** How these account openings, limits and closings were decided, live (absent: not decided yet). */
  outcomes$(requestIds: readonly string[]): Observable<ReadonlyMap<string, BankError | null>> {
    return liveOutcomes(this.system.sagas, requestIds).pipe(catchError((error: unknown) => this.#fail(error)));
  }

  /**
   * Opens an account and returns its id: once the opening is decided, or with sync on, once it is recorded (the
   * account then exists once this device has synced).
   */
  openAccount(name: string, overdraftLimit: number, openingBalance = 0): Promise<string> {
    const options = { name, overdraftLimit, openingBalance };
    return this.#reporting(
      this.syncing ? this.system.commands.openAccount(options) : this.system.accounts.openAccount(options),
    );
  }

  /** Records a deposit (with a note and the day it happened, if given) and returns its transaction id. */
  deposit(accountId: string, cents: number, details?: MovementDetails): Promise<string> {
    return this.#reporting(this.system.commands.depositFunds(accountId, cents, details));
  }

  /** Records a withdrawal (with a note and the day it happened, if given) and returns its transaction id. */
  withdraw(accountId: string, cents: number, details?: MovementDetails): Promise<string> {
    return this.#reporting(this.system.commands.withdrawFunds(accountId, cents, details));
  }

  /** Records a transfer and returns its transaction id. */
  transfer(debitAccountId: string, creditAccountId: string, cents: number, details?: MovementDetails): Promise<string> {
    return this.#reporting(this.system.commands.transferFunds(debitAccountId, creditAccountId, cents, details));
  }

  /** Sets an account's overdraft limit (with sync on: asks for it, decided once synced). */
  async setOverdraftLimit(accountId: string, cents: number): Promise<void> {
    await this.#reporting<unknown>(
      this.syncing
        ? this.system.commands.setOverdraftLimit(accountId, cents)
        : this.system.accounts.setOverdraftLimit(accountId, cents),
    );
  }

  /** Gives an account a new name (with sync on: asks for it, decided once synced). */
  async renameAccount(accountId: string, name: string): Promise<void> {
    await this.#reporting<unknown>(
      this.syncing
        ? this.system.commands.renameAccount(accountId, name)
        : this.system.accounts.renameAccount(accountId, name),
    );
  }

  /** Closes an account for good (with sync on: asks for it, decided once synced). */
  async closeAccount(accountId: string): Promise<void> {
    await this.#reporting<unknown>(
      this.syncing ? this.system.commands.closeAccount(accountId) : this.system.accounts.closeAccount(accountId),
    );
  }

  /** Stops the system (before an import, or when the page goes away), after what was registered with `beforeStop`. */
  async stop(): Promise<void> {
    const callbacks = [...this.#beforeStop];
    this.#beforeStop.clear();
    await Promise.all(callbacks.map((callback) => callback().catch(() => undefined)));
    await this.system.stop();
  }

  /** Runs `callback` (and waits for it) before the system stops: whatever works on the running bank (sync). */
  beforeStop(callback: () => Promise<void>): void {
    this.#beforeStop.add(callback);
  }

  /** Reports a failure that the screen cannot handle itself. */
  reportFailure(error: unknown): void {
    this.#failure$.next(error);
  }

  #shared<T>(source: Observable<T>): Observable<T> {
    return source.pipe(
      catchError((error: unknown) => this.#fail(error)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
  }

  #fail(error: unknown): Observable<never> {
    this.#failure$.next(error);
    return EMPTY;
  }

  /** Storage failures go to `failure$` too; the caller still gets the rejection to show in place. */
  async #reporting<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (isStorageFailure(error)) this.#failure$.next(error);
      throw error;
    }
  }
}

function moneyRequestsOf(requests: readonly RecordedRequest[]): MoneyRequest[] {
  return requests.flatMap(({ requestId, ...request }) =>
    isMoneyRequest(request) ? [{ ...request, transactionId: requestId }] : [],
  );
}

function accountRequestsOf(requests: readonly RecordedRequest[]): AccountRequestEntry[] {
  return requests.filter((request): request is AccountRequestEntry => !isMoneyRequest(request));
}

/** `localStorage`, where this page may use it. */
function browserStorage(): AccountOrderStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The status to show: the sync's own, or a stopped one saying why sync is not running although it is on. */
function syncStatusOf(
  settings: SyncSettings | undefined,
  sync: BankSync | undefined,
  failure: unknown,
): Observable<BankSyncStatus | undefined> {
  if (settings === undefined) return of(undefined);
  if (sync !== undefined) return sync.status$;
  const error: SyncProblem = isSyncProblem(failure)
    ? { code: failure.code, message: failure.message }
    : { code: 'unavailable', message: failure instanceof Error ? failure.message : 'The bank has no sync' };
  return of({ state: 'stopped', pending: 0, pendingIds: NO_IDS, confirmed: 0, error });
}
