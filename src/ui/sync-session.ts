import { BehaviorSubject, of, switchMap, type Observable, type Subscription } from 'rxjs';
import { createBankApplications } from '../bank';
import type { RestoreResult, SyncClient, SyncStatus } from '../sync';
import type { BankStore } from './bank-store';
import type { ReplaceBank } from './settings-view';
import { readSyncSettings, SYNC_SETTINGS_KEY, writeSyncSettings, type SyncSettings } from './sync-settings-store';

const sessions = new WeakMap<BankStore, SyncSession>();

/** The sync module, loaded on first use: a device that never syncs never downloads it (nor the protocol's zod). */
const loadSync = () => import('../sync');

/**
 * The sync of one running bank: the settings kept on this device, and the `SyncClient` they configure, which runs
 * only while this tab leads (`syncWhileLeader`). Started with the bank, so that sync runs whichever screen is open.
 */
export class SyncSession {
  readonly #store: BankStore;
  readonly #settings$: BehaviorSubject<SyncSettings | undefined>;
  readonly #client$ = new BehaviorSubject<SyncClient | undefined>(undefined);
  #running: Subscription | undefined;
  /** Counts `#run` and `#stopClient` calls, so that a client whose module loaded late is not started stale. */
  #generation = 0;
  /** Settings changed in another tab (the leading tab must sync with what any tab saved). */
  readonly #onStorage = (event: StorageEvent) => {
    if (event.key !== SYNC_SETTINGS_KEY) return;
    const settings = readSyncSettings();
    this.#settings$.next(settings);
    if (settings === undefined) this.#stopClient();
    else this.#run(settings);
  };
  /** The settings in use; `undefined` when sync is off. */
  readonly settings$: Observable<SyncSettings | undefined>;
  /** The client's status; `undefined` when sync is off. */
  readonly status$: Observable<SyncStatus | undefined>;
  /** Whether this tab runs the client (another open tab of the app may be the one that syncs). */
  readonly isLeader$: Observable<boolean>;

  constructor(store: BankStore) {
    this.#store = store;
    this.#settings$ = new BehaviorSubject(readSyncSettings());
    this.settings$ = this.#settings$.asObservable();
    this.status$ = this.#client$.pipe(switchMap((client) => (client === undefined ? of(undefined) : client.status$)));
    this.isLeader$ = store.system.isLeader$;
    const settings = this.#settings$.value;
    if (settings !== undefined) this.#run(settings);
    window.addEventListener('storage', this.#onStorage);
    store.beforeStop(() => this.stop());
  }

  /** The settings in use; `undefined` when sync is off. */
  get settings(): SyncSettings | undefined {
    return this.#settings$.value;
  }

  /** Keeps the settings and syncs with them from now on. */
  use(settings: SyncSettings): void {
    writeSyncSettings(settings);
    this.#settings$.next(settings);
    this.#run(settings);
  }

  /** Stops syncing and forgets the settings; the data on this device stays. */
  turnOff(): void {
    writeSyncSettings(undefined);
    this.#settings$.next(undefined);
    this.#stopClient();
  }

  /**
   * Pushes everything pending now. In a tab that does not lead, the leading tab's client pushes in the background;
   * this pushes from here once (the server stores every event once).
   */
  async syncNow(): Promise<void> {
    const client = this.#client$.value;
    if (client === undefined) throw new Error('Sync is off.');
    await client.syncNow();
  }

  /** Stops the client and waits for the request in flight to be abandoned (the bank is stopping). */
  async stop(): Promise<void> {
    window.removeEventListener('storage', this.#onStorage);
    const stopping = this.#client$.value?.stop();
    this.#stopClient();
    await stopping;
  }

  /**
   * Fills this device's empty bank from the server: stops the bank, restores into its stores through freshly wired
   * applications (no runner), then starts the bank again. Rejects with `RestoreNotEmptyError` when the bank is not
   * empty, having written nothing.
   */
  async restore(replaceBank: ReplaceBank): Promise<{ readonly result: RestoreResult; readonly store: BankStore }> {
    const settings = this.#settings$.value;
    if (settings === undefined) throw new Error('Sync is off.');
    const { SyncClient } = await loadSync();
    await this.stop();
    let result: RestoreResult | undefined;
    const persistence = this.#store.persistence;
    const store = await replaceBank(async () => {
      const applications = createBankApplications({ persistence });
      const client = new SyncClient({
        ...settings,
        applications: applications.system.applications,
        system: applications.system,
      });
      try {
        result = await client.restore();
      } finally {
        await client.stop();
        await Promise.all(applications.system.applications.map((application) => application.close()));
      }
    });
    if (result === undefined) throw new Error('The restore did not finish.');
    return { result, store };
  }

  #run(settings: SyncSettings): void {
    this.#stopClient();
    const generation = this.#generation;
    void loadSync().then(
      ({ SyncClient, syncWhileLeader }) => {
        if (generation !== this.#generation) return;
        const system = this.#store.system;
        const client = new SyncClient({ ...settings, applications: system.system.applications, system: system.system });
        this.#running = syncWhileLeader(client, system.isLeader$);
        this.#client$.next(client);
      },
      (error: unknown) => {
        // Offline on a first visit with sync on: the chunk is precached by the service worker, so this is rare.
        console.error('The sync module could not be loaded.', error);
      },
    );
  }

  #stopClient(): void {
    this.#generation += 1;
    this.#running?.unsubscribe();
    this.#running = undefined;
    this.#client$.next(undefined);
  }
}

/** The sync session of a running bank (created on first use). */
export function syncSessionFor(store: BankStore): SyncSession {
  let session = sessions.get(store);
  if (session === undefined) {
    session = new SyncSession(store);
    sessions.set(store, session);
  }
  return session;
}
