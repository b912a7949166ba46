import { BehaviorSubject, distinctUntilChanged, type Observable, type Subscription } from 'rxjs';
import type { CarriedCheckpoint, ConfirmedRequests, Divergence } from '../bank';
import { systemClock, type Application, type Clock } from '../eventsourcing';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import type { BankSync, BankSyncStatus } from './bank-sync';
import { CannotJoinError, type CannotJoinReason } from './cannot-join-error';
import { GENESIS_LINK } from './chain-link';
import { DivergenceError } from './divergence-error';
import { LocalStoreError } from './local-store-error';
import { LogIntegrityError } from './log-integrity-error';
import { verifyPage } from './log-verifier';
import { recoveryCodeOf } from './recovery-code-of';
import { openRequest, sealRequest } from './request-cipher';
import type { RequestApi } from './request-api';
import { REQUEST_PROTOCOL_LIMITS, type LogEntry } from './protocol';
import type { SyncDevice, RequestSealed } from './sync-device';
import { isSyncError } from './sync-error';
import { SyncHttpError } from './sync-http-error';
import { SyncResponseError } from './sync-response-error';
import type { VaultKeyStore } from './vault-key-store';

/** What a `VaultSync` works with. */
export interface VaultSyncOptions {
  readonly api: RequestApi;
  readonly device: SyncDevice;
  /** This device's requests, in the order they were made. */
  readonly commands: Application;
  /** The vault log as verified here: what the bank is derived from. */
  readonly confirmed: ConfirmedRequests;
  readonly keys: VaultKeyStore;
  readonly key: CryptoKey;
  readonly vaultId: string;
  readonly deviceId: string;
  /** How many of this device's requests begin the vault log (its history, pushed as the vault's start). */
  readonly handover: number;
  /**
   * Whether this device found the vault empty and begins it: until the server holds one of its requests, each push
   * asks to be the vault's start, and a vault another device began meanwhile with another key stops sync for good
   * (`CannotJoinError('vault-taken')`) before anything of it is kept or derived here. Devices given this device's
   * recovery code share its key: requests of theirs that reach the vault first do not take it.
   */
  readonly founding?: boolean;
  /**
   * Resolves once the bank is derived from everything the confirmed log holds, and rejects when the derivation
   * cannot go on (a request made under newer rules, a store that fails): the bank system's `settled()`. It reads the
   * derivation's stored position, which moves with every batch, even one that changes no account.
   */
  readonly settled: () => Promise<void>;
  /**
   * The latest checkpoint of the derivation (its digest of the bank at a position of the log), sealed into each
   * request beside what this device had seen, for other devices to compare with theirs; none without it.
   */
  readonly checkpoint?: () => Promise<CarriedCheckpoint | undefined>;
  /** The name the person gave this device, sealed into each request beside `seen` so that other devices show it. */
  readonly deviceName?: () => string | undefined;
  /** The divergences the derivation found (other devices that derived another bank), first found first. */
  readonly divergences?: () => Promise<readonly Divergence[]>;
  /** Whether this tab syncs (the one that leads); the others only show the status. */
  readonly isLeader$: Observable<boolean>;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
  readonly clock?: Clock;
  /** Where `online` events come from; defaults to `globalThis` where it has `addEventListener`. */
  readonly connectivity?: EventTarget | null;
  /** Polls the server this often when its event stream is down (default 30 s). */
  readonly pollMs?: number;
}

/** Requests pushed at most at once, and the bytes a push may take (under the server's body limit). */
const PUSH_LIMIT = REQUEST_PROTOCOL_LIMITS.maxRequestsPerPush;
const PUSH_BYTES = REQUEST_PROTOCOL_LIMITS.maxBodyBytes - 64 * 1_024;
const PULL_LIMIT = REQUEST_PROTOCOL_LIMITS.maxLogLimit;
/** Rounds run again at once, in one `syncNow`, when another tab of this device wrote the sync state first. */
const LOCAL_CONFLICT_RETRIES = 5;

/**
 * Keeps this device and the vault in step: seals each new request of this device for its position, pushes what the
 * server does not hold yet, pulls the vault log in `seq` order, verifies and opens it, and keeps it for the
 * derivation. A state machine over one loop, hence one file.
 *
 * Invariants:
 * - A position is sealed once and kept (`SyncDevice`), so a re-send after a lost answer is byte for byte the same:
 *   the server stores it once. Sealing happens before any network call, so it works offline.
 * - A page of the log is kept only once the whole page verified (`verifyPage`), in one transaction; nothing that
 *   failed verification reaches the bank, and every local request is kept.
 * - Every answer of the server is untrusted: schema-checked, and a head that goes back is an integrity failure.
 * - One round at a time; rounds run in the leading tab (and when `syncNow()` asks), woken by new requests, the
 *   server's event stream, `online`, a poll, and after failures with exponential backoff and jitter.
 * - WebCrypto is never awaited inside a storage transaction: sealing, hashing and opening come before the write.
 * - The history a device began the vault with is the vault's start, whole: its first request announces how long it
 *   is (`handover`); every other device holds its own pushes until its verified log holds all of it; and the
 *   device gives its recovery code (the only way another device joins) only once the vault holds that first
 *   request. So no request of another device can land inside the history, even when its pushes break half-way.
 */
export class VaultSync implements BankSync {
  readonly #options: VaultSyncOptions;
  readonly #backoff: BackoffOptions;
  readonly #random: () => number;
  readonly #clock: Clock;
  readonly #connectivity: EventTarget | null;
  readonly #status$: BehaviorSubject<BankSyncStatus>;
  readonly status$: Observable<BankSyncStatus>;
  #acknowledged: number | undefined;
  /**
   * What stops the status for good, once found: the bank cannot be derived further on this code (a request made
   * under newer rules), or this device cannot sync with this vault.
   */
  #blocked: { readonly code: string; readonly message: string } | undefined;
  /** Why this device cannot sync with this vault at all; set, no round runs again. */
  #refused: CannotJoinError | undefined;
  /** Whether pushes still ask to begin the vault (`options.founding`, until the vault is known to be this key's). */
  #founding: boolean;
  /** The first divergence the derivation found, once known: shown from then on, while sync carries on. */
  #diverged: DivergenceError | undefined;
  #leading = false;
  #stopped = false;
  #round: Promise<void> | undefined;
  #again = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #events: AbortController | undefined;
  #subscriptions: Subscription[] = [];
  readonly #onOnline = () => this.#wake();

  constructor(options: VaultSyncOptions) {
    this.#options = options;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#clock = options.clock ?? systemClock;
    this.#connectivity = options.connectivity === undefined ? defaultConnectivity() : options.connectivity;
    this.#founding = options.founding === true;
    this.#status$ = new BehaviorSubject<BankSyncStatus>({
      state: 'syncing',
      pending: 0,
      pendingIds: new Set(),
      confirmed: 0,
    });
    this.status$ = this.#status$.pipe(distinctUntilChanged());
  }

  /** Starts following leadership: syncs in the background while this tab leads. */
  start(): void {
    this.#subscriptions.push(
      this.#options.isLeader$.subscribe((leading) => {
        this.#leading = leading;
        if (leading) this.#lead();
        else this.#follow();
      }),
      this.#options.commands.log.head$.subscribe(() => this.#wake()),
    );
    this.#connectivity?.addEventListener('online', this.#onOnline);
    void this.#refreshStatus().catch(() => undefined);
  }

  async syncNow(): Promise<void> {
    if (this.#stopped) throw new TypeError('Sync was stopped');
    // A round in flight may have begun before the latest requests: wait for it, then run one more.
    await this.#round?.catch(() => undefined);
    await this.#run();
    await this.#derived();
    // Everything was pushed, pulled and derived; the caller must still hear that the banks differ.
    if (this.#diverged !== undefined) throw this.#diverged;
  }

  async recoveryCode(): Promise<string> {
    if (this.#options.handover > 0 && !(await this.#historyStarted())) await this.#run();
    return recoveryCodeOf(this.#options.keys);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#follow();
    for (const subscription of this.#subscriptions.splice(0)) subscription.unsubscribe();
    this.#connectivity?.removeEventListener('online', this.#onOnline);
    await this.#round?.catch(() => undefined);
  }

  #lead(): void {
    this.#startEvents();
    this.#pollTimer = setInterval(() => this.#wake(), this.#options.pollMs ?? 30_000);
    this.#wake();
  }

  #follow(): void {
    this.#events?.abort();
    this.#events = undefined;
    clearInterval(this.#pollTimer);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Asks for a round in the background (leading tab only; a failure schedules a retry). */
  #wake(): void {
    if (this.#stopped || this.#refused !== undefined || !this.#leading || this.#retryTimer !== undefined) return;
    this.#run().catch(() => undefined);
  }

  /** Runs a round, or joins the one in flight and runs another after it. */
  #run(): Promise<void> {
    if (this.#round !== undefined) {
      this.#again = true;
      return this.#round;
    }
    const round = this.#rounds().finally(() => {
      if (this.#round === round) this.#round = undefined;
    });
    this.#round = round;
    return round;
  }

  async #rounds(): Promise<void> {
    await Promise.resolve();
    let conflicts = 0;
    do {
      this.#again = false;
      try {
        if (this.#refused !== undefined) throw this.#refused;
        this.#set({ state: 'syncing' });
        await this.#seal();
        // Held back by another device's history still arriving: see how far it has come before pushing.
        if (await this.#holding()) await this.#pull();
        await this.#push();
        await this.#pull();
        this.#attempt = 0;
        // A retry still waiting from earlier failures would hold back every wake-up (new requests, new heads).
        clearTimeout(this.#retryTimer);
        this.#retryTimer = undefined;
        this.#set({ state: 'idle', lastSyncedAt: this.#clock() });
        // Not awaited: the derivation goes on in the background; only a stop of it is to be heard of.
        if (this.#leading) this.#derived().catch(() => undefined);
      } catch (error) {
        // Another tab of this device (tabs without Web Locks all lead) sealed or kept the same positions first:
        // nothing of this round was stored, and the next one reads what that tab wrote.
        if (isLocalConflict(error) && conflicts++ < LOCAL_CONFLICT_RETRIES) {
          this.#again = true;
          continue;
        }
        this.#failed(error);
        throw error;
      } finally {
        await this.#refreshStatus().catch(() => undefined);
      }
    } while (this.#again && !this.#stopped);
  }

  /** Seals every request of this device not sealed yet, for the positions that follow. */
  async #seal(): Promise<void> {
    const { device, commands, confirmed, key, vaultId, deviceId, handover } = this.#options;
    for (;;) {
      const outbox = await device.outbox();
      const page = await commands.log.select(outbox.commandId + 1, 500);
      if (page.length === 0) return;
      const vault = await confirmed.state();
      const checkpoint = await this.#options.checkpoint?.();
      const deviceName = this.#options.deviceName?.();
      // What this device has verified of the log: the server must place these requests after it. Its checkpoint
      // goes in here too (what it derived of that log), and not beside the request, whose fields older code checks
      // strictly: there it would refuse the request, where it ignores what it does not know in `seen`.
      const seen = {
        seq: vault.head,
        link: vault.head === 0 ? GENESIS_LINK : vault.link,
        ...(checkpoint === undefined ? {} : { checkpoint }),
        ...(deviceName === undefined ? {} : { deviceName }),
      };
      const sealed: RequestSealed['data'][] = [];
      for (const [index, notification] of page.entries()) {
        const position = outbox.position + index + 1;
        const { originatorId: id, type, timestamp, data } = notification;
        // The first request of a history that begins the vault says how long that history is.
        const announce = position === 1 && handover > 0 ? { handover } : {};
        const bytes = new TextEncoder().encode(JSON.stringify({ id, type, timestamp, data, seen, ...announce }));
        const envelope = await sealRequest(key, { vaultId, deviceId, position }, bytes);
        sealed.push({ position, requestId: id, commandId: notification.id, envelope });
      }
      await LocalStoreError.wrap(() => device.seal(outbox, sealed));
    }
  }

  /** Pushes the sealed requests the server does not hold yet, in order (none while `#holding()`). */
  async #push(): Promise<void> {
    if (await this.#holding()) return;
    const { api, device, confirmed, deviceId } = this.#options;
    const sealedUpTo = (await device.outbox()).position;
    let acknowledged = this.#acknowledged ?? (await confirmed.state()).positions[deviceId] ?? 0;
    while (acknowledged < sealedUpTo) {
      const batch = fitting(await device.sealed(acknowledged, Math.min(sealedUpTo, acknowledged + PUSH_LIMIT)));
      const requests = batch.map(({ position, envelope }) => ({ position, envelope }));
      let answer;
      try {
        const founding = this.#founding && acknowledged === 0;
        answer = await api.push({ deviceId, requests, ...(founding ? { founding } : {}) });
      } catch (error) {
        if (error instanceof SyncHttpError && error.errorCode === 'vault-taken') {
          // Devices given this device's recovery code before it pushed begin the vault with its key: not taken.
          const [first] = (await api.log(0, 1)).entries;
          if (first === undefined || !(await this.#opens(first))) this.#refuse('vault-taken');
          this.#founding = false;
          continue;
        }
        const expected = gapExpected(error);
        if (expected === undefined || expected - 1 >= acknowledged) throw error;
        // The server holds fewer of this device's requests than was thought: send from where it is.
        acknowledged = expected - 1;
        this.#acknowledged = acknowledged;
        continue;
      }
      const last = batch.at(-1)?.position ?? acknowledged;
      if (answer.deviceId !== deviceId || answer.acknowledged < last) {
        throw new SyncResponseError('/v2/requests', `the server holds ${answer.acknowledged} requests, not ${last}`);
      }
      acknowledged = answer.acknowledged;
      this.#acknowledged = acknowledged;
    }
  }

  /** Pulls, verifies and keeps the vault log up to the server's head. */
  async #pull(): Promise<void> {
    const { api, confirmed, key, vaultId, deviceId, handover } = this.#options;
    for (;;) {
      const state = await confirmed.state();
      const page = await api.log(state.head, PULL_LIMIT);
      if (page.head < state.head) {
        throw new LogIntegrityError('head-backwards', page.head, `the head went back from ${state.head}`);
      }
      if (page.entries.length === 0) return;
      // A vault this device was to begin, begun by another device with another key (not one given this device's
      // recovery code): nothing of it can be opened here.
      const first = page.entries[0];
      if (this.#founding && state.head === 0 && first !== undefined && first.deviceId !== deviceId) {
        if (!(await this.#opens(first))) this.#refuse('vault-taken');
        this.#founding = false;
      }
      const entries = await verifyPage(state, page.entries, {
        key,
        vaultId,
        deviceId,
        handover,
        linkAt: async (seq) => (await confirmed.entry(seq))?.link,
      });
      await LocalStoreError.wrap(() => confirmed.append(entries));
      if (page.next === null) return;
    }
  }

  /**
   * Waits until the bank is derived from the whole confirmed log. A derivation stopped by a request made under
   * newer rules stops the status for good (`stopped`, `newer-rules`): sync goes on, the bank cannot.
   */
  async #derived(): Promise<void> {
    try {
      await this.#options.settled();
    } catch (error) {
      if (error instanceof Error && (error as { code?: unknown }).code === 'newer-rules') {
        this.#blocked = { code: 'newer-rules', message: error.message };
        this.#set({});
      }
      throw error;
    }
    await this.#checkDivergence();
  }

  /**
   * Learns of a divergence the derivation found (kept in its stores, so known again after a restart and in every
   * tab). Sync carries on: the log is still what every device derives from, nothing was undone, and the status
   * says so from then on (`error`, `diverged`).
   */
  async #checkDivergence(): Promise<void> {
    if (this.#diverged !== undefined) return;
    const [first] = (await this.#options.divergences?.()) ?? [];
    if (first === undefined) return;
    this.#diverged = new DivergenceError(first);
    this.#set({});
  }

  /** Whether the history another device began the vault with is not all here yet: this device must not push. */
  async #holding(): Promise<boolean> {
    const { head, handover } = await this.#options.confirmed.state();
    return handover !== undefined && handover.deviceId !== this.#options.deviceId && head < handover.count;
  }

  /** Whether the vault is known to hold the first request of this device's history (pushed, or pulled back). */
  async #historyStarted(): Promise<boolean> {
    return (this.#acknowledged ?? 0) >= 1 || (await this.#options.confirmed.state()).head >= 1;
  }

  /** Whether an entry of the log opens with this device's key. */
  async #opens(entry: LogEntry): Promise<boolean> {
    const { key, vaultId } = this.#options;
    try {
      await openRequest(key, { vaultId, deviceId: entry.deviceId, position: entry.position }, entry.envelope);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops sync for good: this device cannot sync with this vault, whatever it tries again. */
  #refuse(reason: CannotJoinReason): never {
    const error = new CannotJoinError(reason);
    this.#refused = error;
    // The status names the reason, which is what the person must act on.
    this.#blocked = { code: reason, message: error.message };
    throw error;
  }

  #failed(error: unknown): void {
    const syncError = isSyncError(error) ? error : undefined;
    const retryable = syncError === undefined || syncError.retryable;
    const message = error instanceof Error ? error.message : String(error);
    const code = syncError?.code ?? 'local-store';
    const state = syncError?.code === 'network' ? 'offline' : retryable ? 'error' : 'stopped';
    this.#set({ state, error: { code, message } });
    if (!retryable || this.#stopped || !this.#leading) return;
    const retryAfter = error instanceof SyncHttpError ? (error.retryAfterSeconds ?? 0) * 1_000 : 0;
    const delay = Math.max(retryAfter, backoffDelay(this.#attempt++, this.#backoff, this.#random));
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#wake();
    }, delay);
  }

  /** Follows the server's event stream while leading, reconnecting with backoff. */
  #startEvents(): void {
    const controller = new AbortController();
    this.#events = controller;
    const { api, confirmed } = this.#options;
    void (async () => {
      for (let attempt = 0; !controller.signal.aborted; attempt++) {
        try {
          await api.follow((head) => {
            attempt = 0;
            void confirmed.state().then((state) => {
              if (head > state.head) this.#wake();
            });
          }, controller.signal);
        } catch {
          // The stream is only a hint: polling stays the fallback.
        }
        if (controller.signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, this.#backoff, this.#random)));
      }
    })();
  }

  /** Recomputes what is pending: the sealed requests of this device beyond what the vault log confirms. */
  async #refreshStatus(): Promise<void> {
    const { device, confirmed, deviceId, handover, commands } = this.#options;
    const [outbox, state] = await Promise.all([device.outbox(), confirmed.state()]);
    const confirmedOwn = Math.max(state.positions[deviceId] ?? 0, handover);
    const sealed = outbox.position > confirmedOwn ? await device.sealed(confirmedOwn, outbox.position) : [];
    const unsealed = await commands.log.select(outbox.commandId + 1, 1_000);
    const pendingIds = new Set([
      ...sealed.map((request) => request.requestId),
      ...unsealed.map((notification) => notification.originatorId),
    ]);
    this.#set({ pending: pendingIds.size, pendingIds, confirmed: state.head });
    await this.#checkDivergence();
  }

  #set(change: Partial<BankSyncStatus>): void {
    const current = this.#status$.value;
    const next: BankSyncStatus = { ...current, ...change };
    if (this.#blocked !== undefined) {
      // Until the person acts (updates the app, chooses another vault), that is what they must hear.
      this.#status$.next({ ...next, state: 'stopped', error: this.#blocked });
      return;
    }
    if (this.#diverged !== undefined && next.state !== 'stopped') {
      // Sync carries on, but every status says the banks differ until the app is fixed: it outweighs a passing
      // failure of the network or the server, which the next round retries anyway.
      const { code, message } = this.#diverged;
      this.#status$.next({ ...next, state: 'error', error: { code, message } });
      return;
    }
    if (
      change.state !== undefined &&
      change.state !== 'offline' &&
      change.state !== 'error' &&
      change.state !== 'stopped'
    ) {
      const { error: _error, ...rest } = next;
      this.#status$.next(rest);
      return;
    }
    this.#status$.next(next);
  }
}

/** The longest first part of `batch` whose push stays under the body limit (at least one request). */
function fitting(batch: RequestSealed['data'][]): RequestSealed['data'][] {
  let bytes = 0;
  for (const [index, request] of batch.entries()) {
    bytes += request.envelope.ciphertext.length + request.envelope.iv.length + 64;
    if (bytes > PUSH_BYTES && index > 0) return batch.slice(0, index);
  }
  return batch;
}

/** The position a `position-gap` answer expects, if `error` is one. */
function gapExpected(error: unknown): number | undefined {
  if (!(error instanceof SyncHttpError) || error.errorCode !== 'position-gap') return undefined;
  const expected = error.details?.expected;
  return typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 1 ? expected : undefined;
}

function defaultConnectivity(): EventTarget | null {
  return typeof globalThis.addEventListener === 'function' ? globalThis : null;
}

/** A write of the sync state refused because another writer of the same stores changed them first. */
function isLocalConflict(error: unknown): boolean {
  if (!(error instanceof LocalStoreError)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return code === 'concurrency' || code === 'head-conflict';
}
