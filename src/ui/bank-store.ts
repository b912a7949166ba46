import { catchError, EMPTY, shareReplay, Subject, type Observable } from 'rxjs';
import type { AccountView, BankSystem, SagaView } from '../bank';
import type { Persistence } from '../eventsourcing';
import { liveAccounts } from './live-accounts';
import { liveEntries } from './live-entries';
import { liveLedger } from './live-ledger';
import { liveRequests } from './live-requests';
import { liveSagas } from './live-sagas';
import { isStorageFailure } from './is-storage-failure';
import type { LedgerTotals } from './ledger-totals';
import type { LoggedEntry } from './logged-entry';
import type { MoneyRequest } from './money-request';

/**
 * What the screens read and do, over one running bank system. Every stream is fed by the applications' notification
 * logs, so it moves with every change made in this tab or another; each is shared and kept once first read. A
 * failure of a stream (storage full, closed or unavailable) is reported on `failure$` instead of breaking the
 * screen, which then shows what to do.
 */
export class BankStore {
  readonly system: BankSystem;
  /** Where the system keeps its events (an import writes there while the system is stopped). */
  readonly persistence: Persistence;
  readonly accounts$: Observable<readonly AccountView[]>;
  readonly ledger$: Observable<LedgerTotals>;
  readonly entries$: Observable<readonly LoggedEntry[]>;
  readonly requests$: Observable<readonly MoneyRequest[]>;
  readonly #failure$ = new Subject<unknown>();
  readonly #beforeStop = new Set<() => Promise<void>>();
  /** Errors that stopped a stream (storage errors above all). */
  readonly failure$ = this.#failure$.asObservable();

  constructor(system: BankSystem, persistence: Persistence) {
    this.system = system;
    this.persistence = persistence;
    this.accounts$ = this.#shared(liveAccounts(system.accounts));
    this.ledger$ = this.#shared(liveLedger(system.ledger));
    this.entries$ = this.#shared(liveEntries(system.transactionLog));
    this.requests$ = this.#shared(liveRequests(system.commands));
  }

  /** The sagas of these transactions, live. */
  sagas$(transactionIds: readonly string[]): Observable<ReadonlyMap<string, SagaView>> {
    return liveSagas(this.system.sagas, transactionIds).pipe(catchError((error: unknown) => this.#fail(error)));
  }

  /** Opens an account and returns its id. */
  openAccount(name: string, overdraftLimit: number): Promise<string> {
    return this.#reporting(this.system.accounts.openAccount({ name, overdraftLimit }));
  }

  /** Records a deposit and returns its transaction id; the saga carries it out. */
  deposit(accountId: string, cents: number): Promise<string> {
    return this.#reporting(this.system.commands.depositFunds(accountId, cents));
  }

  /** Records a withdrawal and returns its transaction id. */
  withdraw(accountId: string, cents: number): Promise<string> {
    return this.#reporting(this.system.commands.withdrawFunds(accountId, cents));
  }

  /** Records a transfer and returns its transaction id. */
  transfer(debitAccountId: string, creditAccountId: string, cents: number): Promise<string> {
    return this.#reporting(this.system.commands.transferFunds(debitAccountId, creditAccountId, cents));
  }

  /** Sets an account's overdraft limit. */
  setOverdraftLimit(accountId: string, cents: number): Promise<void> {
    return this.#reporting(this.system.accounts.setOverdraftLimit(accountId, cents));
  }

  /** Closes an account for good. */
  closeAccount(accountId: string): Promise<void> {
    return this.#reporting(this.system.accounts.closeAccount(accountId));
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
