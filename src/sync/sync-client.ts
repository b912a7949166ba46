import { BehaviorSubject, distinctUntilChanged, merge, type Observable, type Subscription } from 'rxjs';
import { systemClock, type Application, type Clock, type StoredNotification, type System } from '../eventsourcing';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import { DexieSyncStateStore } from './dexie-sync-state-store';
import { LocalStoreError } from './local-store-error';
import { PROTOCOL_LIMITS, type PushRequestInput } from './protocol';
import { restoreApplications, type RestoreResult } from './restore-applications';
import { SyncApi } from './sync-api';
import { SyncConflictError } from './sync-conflict-error';
import { isSyncError } from './sync-error';
import { SyncHttpError } from './sync-http-error';
import { SyncNetworkError } from './sync-network-error';
import { SyncResponseError } from './sync-response-error';
import type { SyncStateStore } from './sync-state-store';
import type { SyncConflict, SyncStatus } from './sync-status';
import { toWireEvent } from './wire-event';

/** What a `SyncClient` syncs, with which server, and how (DESIGN.md §6 names the first four). */
export interface SyncClientOptions {
  /** The sync server's base address (the API is under `/v1`). */
  readonly url: string;
  /** The vault's token. */
  readonly token: string;
  /** The applications whose logs are pushed and restored. */
  readonly applications: readonly Application[];
  /** Defaults to the global `fetch`; tests inject failures here. */
  readonly fetch?: typeof fetch;
  /** Where the device id and the cursors live; defaults to a `DexieSyncStateStore` (database `sync-state`). */
  readonly state?: SyncStateStore;
  /** The system the applications run in: lets `restore()` mark followers as caught up (see `restoreApplications`). */
  readonly system?: System;
  /** Events per push at most (default and maximum 1,000); halved automatically when a push is too large. */
  readonly batchSize?: number;
  readonly backoff?: BackoffOptions;
  /** In [0, 1): the jitter of the backoff. */
  readonly random?: () => number;
  readonly clock?: Clock;
  /** Where `online` and `offline` events come from; defaults to `globalThis` where it has `addEventListener`. */
  readonly connectivity?: EventTarget | null;
  /** Gives up on one request after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * Pushes each application's event log to the sync server, and restores a new device from it (DESIGN.md §6).
 * A state machine over one loop, hence one file.
 *
 * Invariants:
 * - Per application, the cursor is the highest local notification id the server acknowledged. It moves only after
 *   the server answered 200 with an acknowledgement covering the batch, so a crash or a lost answer at any point
 *   re-sends events (the server stores them once) and never skips one.
 * - One round at a time: background rounds, `syncNow()` and `restore()` run one after the other.
 * - Local use never waits for sync: the client only reads the logs (short read transactions), in the background.
 * - A conflict stops pushing that application only, keeps every local event, and is reported in `status$` until a
 *   restore or a new client.
 * - Failures worth retrying (network, 429, 5xx, odd answers, local storage hiccups) are retried with exponential
 *   backoff and jitter (at least `Retry-After` on 429); `online`, `syncNow()` and new events (when no retry is
 *   waiting) wake it at once. Refusals (400, 401, 413 of a single event) wait for the next wake.
 * - Leader only: run it in one tab (`syncWhileLeader`); two tabs pushing the same log would only re-send events,
 *   which the server stores once, but would double the traffic.
 */
export class SyncClient {
  readonly #api: SyncApi;
  readonly #url: string;
  readonly #token: string;
  readonly #applications: readonly Application[];
  readonly #state: SyncStateStore;
  readonly #system: System | undefined;
  readonly #maxBatch: number;
  readonly #backoff: BackoffOptions;
  readonly #random: () => number;
  readonly #clock: Clock;
  readonly #connectivity: EventTarget | null;
  readonly #status$: BehaviorSubject<SyncStatus>;
  readonly #conflicts = new Map<string, SyncConflict>();
  readonly #batchSizes = new Map<string, number>();
  #target: Promise<string> | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #started = false;
  #wanted = false;
  #loop: Promise<void> | undefined;
  #abort: AbortController | undefined;
  #subscription: Subscription | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;

  /** The state for the UI; emits the current state on subscription. */
  readonly status$: Observable<SyncStatus>;

  constructor(options: SyncClientOptions) {
    this.#url = options.url;
    this.#token = options.token;
    this.#api = new SyncApi({
      url: options.url,
      token: options.token,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    this.#applications = [...options.applications];
    this.#state = options.state ?? new DexieSyncStateStore();
    this.#system = options.system;
    this.#maxBatch = Math.max(1, Math.min(options.batchSize ?? Infinity, PROTOCOL_LIMITS.maxEventsPerPush));
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#clock = options.clock ?? systemClock;
    this.#connectivity = options.connectivity === undefined ? defaultConnectivity() : options.connectivity;
    this.#status$ = new BehaviorSubject<SyncStatus>({ state: 'idle', pending: 0 });
    this.status$ = this.#status$.pipe(distinctUntilChanged(sameStatus));
  }

  /** The latest status. */
  get status(): SyncStatus {
    return this.#status$.value;
  }

  /** Starts pushing in the background: now, after every new notification, and when the browser is online again. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#abort = new AbortController();
    this.#subscription = merge(...this.#applications.map((application) => application.log.head$)).subscribe(() =>
      this.#wake(),
    );
    this.#connectivity?.addEventListener('online', this.#onOnline);
    this.#connectivity?.addEventListener('offline', this.#onOffline);
  }

  /** Stops the background pushing and waits for the request in flight to be abandoned. Local data is untouched. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#subscription?.unsubscribe();
    this.#connectivity?.removeEventListener('online', this.#onOnline);
    this.#connectivity?.removeEventListener('offline', this.#onOffline);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#abort?.abort(new Error('SyncClient stopped'));
    await this.#loop;
    await this.#queue.catch(() => undefined);
    if (this.status.state === 'syncing') this.#setStatus({ state: this.#conflicts.size > 0 ? 'conflict' : 'idle' });
  }

  /**
   * Pushes everything pending now, skipping any backoff wait; resolves when the server has acknowledged it all, or
   * rejects with the `SyncError` that stopped it (also shown in `status$`). Conflicts do not reject: see `status$`.
   */
  async syncNow(options: { signal?: AbortSignal } = {}): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#attempt = 0;
    try {
      await this.#exclusive(() => this.#round(options.signal));
    } catch (error) {
      if (this.#started) this.#scheduleRetry(error);
      throw error;
    }
  }

  /**
   * Fills the empty applications of a new device from the server (see `restoreApplications` for the rules), then
   * points the cursors after the restored events, so that they are not pushed back. Stop the system's runner first.
   */
  restore(options: { signal?: AbortSignal } = {}): Promise<RestoreResult> {
    return this.#exclusive(async () => {
      this.#setStatus({ state: 'syncing' });
      try {
        const { heads, ...result } = await restoreApplications(this.#api, this.#applications, {
          system: this.#system,
          signal: options.signal,
        });
        const target = await this.#targetKey();
        for (const [application, head] of heads) {
          await LocalStoreError.wrap(() => this.#state.resetCursor(target, application, head));
        }
        this.#conflicts.clear();
        this.#setStatus({ state: 'idle', pending: await this.#pending(), lastSyncedAt: this.#clock() });
        return result;
      } catch (error) {
        this.#reportFailure(error);
        throw error;
      }
    });
  }

  readonly #onOnline = () => {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#attempt = 0;
    this.#wake();
  };

  readonly #onOffline = () => {
    if (this.#conflicts.size === 0) this.#setStatus({ state: 'offline', error: 'The browser is offline' });
  };

  #wake(): void {
    if (!this.#started) return;
    this.#wanted = true;
    if (this.#retryTimer !== undefined) {
      // A retry is already scheduled: keep the backoff, only show the new pending count.
      this.#exclusive(async () => this.#setStatus({ pending: await this.#pending() })).catch(() => undefined);
      return;
    }
    this.#loop ??= this.#runLoop().finally(() => {
      this.#loop = undefined;
    });
  }

  async #runLoop(): Promise<void> {
    while (this.#wanted && this.#started) {
      this.#wanted = false;
      try {
        await this.#exclusive(() => this.#round(this.#abort?.signal));
        this.#attempt = 0;
      } catch (error) {
        if (this.#started) this.#scheduleRetry(error);
        return;
      }
    }
  }

  #scheduleRetry(error: unknown): void {
    if (!isSyncError(error) || !error.retryable || this.#retryTimer !== undefined) return;
    let delay = backoffDelay(this.#attempt++, this.#backoff, this.#random);
    if (error instanceof SyncHttpError && error.retryAfterSeconds !== undefined) {
      delay = Math.max(delay, error.retryAfterSeconds * 1000);
    }
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#wake();
    }, delay);
  }

  /** One round: pushes every application that is not stopped by a conflict up to its head. */
  async #round(signal: AbortSignal | undefined): Promise<void> {
    this.#setStatus({ state: 'syncing', pending: await this.#pendingOrKeep() });
    try {
      const deviceId = await LocalStoreError.wrap(() => this.#state.deviceId());
      const target = await this.#targetKey();
      for (const application of this.#applications) {
        if (this.#conflicts.has(application.name)) continue;
        await this.#pushApplication(application, deviceId, target, signal);
      }
      this.#setStatus({
        state: this.#conflicts.size > 0 ? 'conflict' : 'idle',
        pending: await this.#pending(),
        lastSyncedAt: this.#clock(),
      });
    } catch (error) {
      this.#reportFailure(error);
      throw error;
    }
  }

  async #pushApplication(
    application: Application,
    deviceId: string,
    target: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    let cursor = await LocalStoreError.wrap(() => this.#state.cursor(target, application.name));
    for (;;) {
      const size = this.#batchSizes.get(application.name) ?? this.#maxBatch;
      const batch = await LocalStoreError.wrap(() => application.recorder.selectNotifications(cursor + 1, size));
      const last = batch.at(-1);
      if (last === undefined) return;
      const request = pushRequest(deviceId, application.name, batch);
      let acknowledged: number;
      try {
        acknowledged = await this.#api.push(request, signal);
      } catch (error) {
        if (error instanceof SyncConflictError) {
          this.#conflicts.set(application.name, {
            application: application.name,
            errorCode: error.errorCode,
            message: error.message,
            details: error.details,
          });
          this.#setStatus({ state: 'conflict' });
          return;
        }
        if (error instanceof SyncHttpError && error.status === 413 && batch.length > 1) {
          this.#batchSizes.set(application.name, Math.ceil(batch.length / 2));
          continue;
        }
        throw error;
      }
      if (acknowledged < last.id) {
        throw new SyncResponseError('/v1/push', `acknowledged ${acknowledged} after being sent up to ${last.id}`);
      }
      await LocalStoreError.wrap(() => this.#state.advanceCursor(target, application.name, last.id));
      cursor = last.id;
    }
  }

  #reportFailure(error: unknown): void {
    if (!isSyncError(error) && this.#abort?.signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    const state = error instanceof SyncNetworkError ? 'offline' : this.#conflicts.size > 0 ? 'conflict' : 'error';
    this.#setStatus({ state, error: message });
  }

  /** Notifications not yet acknowledged (head minus cursor per application; ids may have gaps, so at most this). */
  async #pending(): Promise<number> {
    const target = await this.#targetKey();
    let pending = 0;
    for (const application of this.#applications) {
      const [head, cursor] = await LocalStoreError.wrap(() =>
        Promise.all([application.recorder.maxNotificationId(), this.#state.cursor(target, application.name)]),
      );
      pending += Math.max(0, head - cursor);
    }
    return pending;
  }

  async #pendingOrKeep(): Promise<number> {
    try {
      return await this.#pending();
    } catch {
      return this.status.pending;
    }
  }

  /** Cursors belong to one server and vault: a new URL or token starts from the beginning of each log. */
  #targetKey(): Promise<string> {
    this.#target ??= sha256Hex(`${this.#url}\n${this.#token}`);
    return this.#target;
  }

  /** Runs `work` after everything queued before it, whether that succeeded or not. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #setStatus(change: Partial<SyncStatus>): void {
    const previous = this.#status$.value;
    const state = change.state ?? previous.state;
    const conflicts = [...this.#conflicts.values()];
    let error = change.error ?? (change.state === undefined ? previous.error : undefined);
    if (error === undefined && state === 'conflict') error = conflicts.map((conflict) => conflict.message).join('; ');
    const lastSyncedAt = change.lastSyncedAt ?? previous.lastSyncedAt;
    const troubled = state === 'offline' || state === 'error' || state === 'conflict';
    this.#status$.next({
      state,
      pending: change.pending ?? previous.pending,
      ...(lastSyncedAt === undefined ? {} : { lastSyncedAt }),
      ...(troubled && error !== undefined ? { error } : {}),
      ...(conflicts.length > 0 ? { conflicts } : {}),
    });
  }
}

function pushRequest(deviceId: string, application: string, batch: readonly StoredNotification[]): PushRequestInput {
  return { deviceId, application, events: batch.map(toWireEvent) };
}

function defaultConnectivity(): EventTarget | null {
  const target: Partial<EventTarget> = globalThis;
  return typeof target.addEventListener === 'function' ? (target as EventTarget) : null;
}

function sameStatus(a: SyncStatus, b: SyncStatus): boolean {
  return (
    a.state === b.state &&
    a.pending === b.pending &&
    a.lastSyncedAt === b.lastSyncedAt &&
    a.error === b.error &&
    (a.conflicts?.length ?? 0) === (b.conflicts?.length ?? 0)
  );
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
