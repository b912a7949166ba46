import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type { Subscription } from 'rxjs';
import { ConfirmedRequests } from '../../bank';
import type { Persistence, StorageFailure } from '../../eventsourcing';
import type { BankSyncStatus } from '../../sync/bank-sync';
import '../screens/account-list-view';
import { BankStore } from '../state/bank-store';
import type { DisplaySettingsStore } from '../state/display-settings';
import { installPrompt$, promptInstall, type BeforeInstallPromptEvent } from './install-prompt';
import { isStorageFailure } from '../format/is-storage-failure';
import { NAV_ICONS } from './nav-icons';
import { ObservableController } from '../components/observable-controller';
import { online$ } from '../state/online-status';
import { parseRoute, routeHref, type Route } from './route';
import { pageTitle, screenTitle } from './screen-title';
import { sharedStyles } from '../styles/shared-styles';
import { bankAppStyles } from '../styles/bank-app-styles';
import { startBank, type StartBank, type SyncedBankSystem } from '../use-cases/start-bank';
import { readSyncSettings } from '../state/sync-settings-store';
import { summarizeSyncStatus } from '../state/sync-status-summary';

/** Tabs tell each other about an import on this channel, so they all start again on the imported data. */
const UI_CHANNEL = 'offline-bank:ui';

type Section = keyof typeof NAV_ICONS;

const SECTIONS: readonly { readonly section: Section; readonly label: string; readonly route: Route }[] = [
  { section: 'accounts', label: 'Accounts', route: { screen: 'accounts' } },
  { section: 'move', label: 'Move money', route: { screen: 'move', kind: 'deposit' } },
  { section: 'activity', label: 'Activity', route: { screen: 'activity' } },
  { section: 'ledger', label: 'Ledger', route: { screen: 'ledger' } },
  { section: 'settings', label: 'Settings', route: { screen: 'settings' } },
];

/** What a replacement of the bank passes to the bank it starts next. */
export interface ReplaceBankOptions {
  /** The vault's recovery code, to join a vault: given once, kept by the sync module from then on. */
  readonly recoveryCode?: string;
}

/**
 * The app shell: starts the bank system on this device's storage (with sync when it is on), routes between the
 * screens by the address's hash, and shows the header (sync state or offline indicator, install button), a line
 * saying why when sync is not working, the navigation (a bar at the bottom on phones, at the top on wider screens)
 * and, when storage fails, a full-page explanation instead of the screens.
 */
export class BankApp extends LitElement {
  static override properties = {
    persistence: { attribute: false },
    display: { attribute: false },
    startBank: { attribute: false },
    store: { state: true },
    route: { state: true },
    failure: { state: true },
  };
  static override styles = [sharedStyles, bankAppStyles];

  declare persistence: Persistence;
  declare display: DisplaySettingsStore;
  /** How the bank is started (tests give one whose sync is a stand-in). */
  declare startBank: StartBank;
  declare store: BankStore | undefined;
  declare route: Route;
  declare failure: StorageFailure | 'other' | undefined;
  readonly #online = new ObservableController<boolean>(this, online$);
  readonly #install = new ObservableController<BeforeInstallPromptEvent | undefined>(this, installPrompt$);
  readonly #sync = new ObservableController<BankSyncStatus | undefined>(this);
  readonly #onHashChange = () => {
    this.route = parseRoute(window.location.hash);
  };
  #channel: BroadcastChannel | undefined;
  #failures: Subscription | undefined;

  constructor() {
    super();
    this.startBank = startBank;
    this.route = parseRoute(window.location.hash);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    this.#channel = new BroadcastChannel(UI_CHANNEL);
    this.#channel.onmessage = () => window.location.reload();
    void this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#channel?.close();
    void this.store?.stop();
  }

  override willUpdate(): void {
    this.#sync.setSource(this.store?.syncStatus$);
  }

  override updated(changed: Map<string, unknown>): void {
    const previous = changed.get('route') as Route | undefined;
    // Moving to another screen puts the focus at the top of the new one, as a page load would (a screen with a form
    // then moves it to the form's first field), and names the page after it.
    if (changed.has('route')) document.title = pageTitle(screenTitle(this.route));
    if (previous !== undefined && previous.screen !== this.route.screen) {
      this.renderRoot.querySelector<HTMLElement>('main')?.focus();
      window.scrollTo({ top: 0 });
    }
  }

  override render() {
    return html`
      <a class="skip" href="#main" @click=${this.#skipToContent}>Skip to content</a>
      <header>
        <div class="bar">
          <a class="brand" href=${routeHref({ screen: 'accounts' })}>${LOGO}<span class="words">Offline Bank</span></a>
          <div class="status">
            ${this.#renderSyncState()}
            ${
              this.#install.value === undefined
                ? nothing
                : html`<button type="button" @click=${() => void promptInstall()}>Install app</button>`
            }
          </div>
        </div>
      </header>
      ${this.failure === undefined ? this.#renderNav() : nothing} ${this.#renderSyncProblem()}
      <main id="main" tabindex="-1">${this.#renderScreen()}</main>
    `;
  }

  /** The skip link moves the focus without following its address: the hash is the app's route. */
  readonly #skipToContent = (event: Event) => {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  };

  /**
   * Stops the bank, runs `work` on its stores (an import, new sync settings), and starts it again; other tabs
   * reload.
   */
  readonly replaceBank = async (work: () => Promise<void>, options: ReplaceBankOptions = {}): Promise<BankStore> => {
    // The screens keep the stopped store until the new one is up (so the settings screen that asked stays, with its
    // messages); whatever it reports while stopping is not a failure of the bank.
    const previous = this.store;
    this.#failures?.unsubscribe();
    await previous?.stop();
    try {
      await work();
    } finally {
      this.#channel?.postMessage('replaced');
      await this.#start(options);
    }
    if (this.store === undefined) throw new Error('The bank did not start again.');
    return this.store;
  };

  /** The sync state in a few words, a link to its settings; without sync, whether the browser is offline. */
  #renderSyncState() {
    const status = this.#sync.value;
    if (status === undefined) {
      return this.#online.value === false
        ? html`<span class="pill" role="status" data-testid="offline-indicator">
            <span aria-hidden="true">●</span> Offline
          </span>`
        : nothing;
    }
    const summary = summarizeSyncStatus(status);
    // The link keeps its role (and so its name); the words inside it are the live region that announces a change.
    return html`<a
      class="pill ${summary.tone}"
      href=${routeHref({ screen: 'settings', section: 'sync' })}
      data-testid="sync-indicator"
      ><span aria-hidden="true">${summary.tone === 'busy' ? '↻' : '●'}</span
      ><span role="status"><span class="visually-hidden">Sync: </span>${summary.label}</span></a
    >`;
  }

  /** Why sync is not working, under the header on every other screen, while it is not. */
  #renderSyncProblem() {
    const status = this.#sync.value;
    const summary = status === undefined ? undefined : summarizeSyncStatus(status);
    // Settings → Sync says it in its own card.
    if (summary?.problem === undefined || summary.tone !== 'problem' || this.route.screen === 'settings')
      return nothing;
    return html`<div class="sync-problem" role="alert">
      <p class="sync-banner" data-testid="sync-problem">
        <span>${summary.problem}</span>
        <a href=${routeHref({ screen: 'settings', section: 'sync' })}>Sync settings</a>
      </p>
    </div>`;
  }

  #renderNav(): TemplateResult {
    const current = sectionOf(this.route);
    return html`<nav class="sections" aria-label="Main">
      <ul>
        ${SECTIONS.map(
          ({ section, label, route }) =>
            html`<li>
              <a href=${routeHref(route)} aria-current=${section === current ? 'page' : 'false'}>
                <svg viewBox="0 0 24 24" aria-hidden="true">${NAV_ICONS[section]}</svg>
                <span>${label}</span>
              </a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  #renderScreen(): TemplateResult {
    if (this.failure !== undefined) {
      void import('../screens/storage-failure-screen');
      // The light DOM shows until the screen's code is loaded, and for good if this version's files are gone.
      return html`<storage-failure-screen .reason=${this.failure}
        ><p role="alert">Your bank cannot use this browser’s storage now. Reload this page.</p></storage-failure-screen
      >`;
    }
    const store = this.store;
    if (store === undefined) return html`<p class="muted" role="status">Opening your bank…</p>`;
    const route = this.route;
    const display = this.display;
    switch (route.screen) {
      case 'accounts':
        return html`<account-list-view .store=${store} .display=${display}></account-list-view>`;
      case 'open':
        // Every screen but the accounts loads on first use (precached, so offline too): the first visit is small.
        void import('../screens/open-account-view');
        return html`<open-account-view .store=${store} .display=${display}></open-account-view>`;
      case 'account':
        void import('../screens/account-page');
        return html`<account-page
          .store=${store}
          .display=${display}
          .accountId=${route.accountId}
          .query=${route.query ?? ''}
        ></account-page>`;
      case 'move':
        void import('../screens/move-money-view');
        return html`<move-money-view
          .store=${store}
          .display=${display}
          .kind=${route.kind}
          .accountId=${route.accountId}
        ></move-money-view>`;
      case 'activity':
        void import('../screens/activity-view');
        return html`<activity-view .store=${store} .display=${display} .query=${route.query ?? ''}></activity-view>`;
      case 'ledger':
        void import('../screens/ledger-view');
        return html`<ledger-view .store=${store} .display=${display}></ledger-view>`;
      case 'inspector':
        void import('../screens/inspector-view');
        return html`<inspector-view .store=${store} .display=${display}></inspector-view>`;
      case 'settings':
        void import('../screens/settings-view');
        void import('../screens/sync-settings');
        return html`<settings-view
          .store=${store}
          .display=${display}
          .replaceBank=${this.replaceBank}
          .section=${route.section}
          ><sync-settings
            slot="sync"
            .store=${store}
            .display=${display}
            .replaceBank=${this.replaceBank}
          ></sync-settings
        ></settings-view>`;
    }
  }

  /**
   * Starts the bank, with sync when its settings are kept on this device. A bank that cannot start with sync (a
   * wrong recovery code, a device that cannot join) starts without it, and says why in the sync state.
   */
  async #start(options: ReplaceBankOptions = {}): Promise<void> {
    // Where IndexedDB is missing altogether, say so at once (the storage layer reports it only on first use).
    if (typeof indexedDB === 'undefined') {
      this.failure = 'unavailable';
      return;
    }
    const persistence = this.persistence;
    const syncSettings = readSyncSettings();
    try {
      let syncFailure: unknown;
      let system: SyncedBankSystem | undefined;
      if (syncSettings !== undefined) {
        const { recoveryCode } = options;
        const sync = { ...syncSettings, ...(recoveryCode === undefined ? {} : { recoveryCode }) };
        system = await this.startBank({ persistence, sync }).catch((error: unknown) => {
          if (isStorageFailure(error)) throw error;
          console.error('Sync could not start:', error);
          syncFailure = error;
          return undefined;
        });
      }
      // A device whose bank follows the vault's order must go on following it, even while sync cannot run: deriving
      // it again from its own requests alone would give another bank.
      system ??= (await hasVaultOrder(persistence))
        ? await this.startBank({ persistence, sequencer: 'vault' })
        : await this.startBank({ persistence });
      const store = new BankStore(system, persistence, { syncSettings, syncFailure });
      this.#failures = store.failure$.subscribe((error) => this.#fail(error));
      this.store = store;
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    console.error('The bank stopped:', error);
    this.failure = isStorageFailure(error) ? error.reason : 'other';
  }
}

/** Whether this device holds any of a vault's order of requests (it synced before). */
async function hasVaultOrder(persistence: Persistence): Promise<boolean> {
  const recorder = persistence.recorder(ConfirmedRequests.applicationName);
  try {
    return (await recorder.maxNotificationId()) > 0;
  } finally {
    await recorder.close();
  }
}

function sectionOf(route: Route): Section {
  switch (route.screen) {
    case 'accounts':
    case 'open':
    case 'account':
      return 'accounts';
    case 'move':
      return 'move';
    case 'inspector':
      return 'settings';
    default:
      return route.screen;
  }
}

const LOGO = svg`<svg viewBox="0 0 32 32" aria-hidden="true">
  <rect width="32" height="32" rx="8" fill="currentColor" opacity="0.15"></rect>
  <path d="M6 13 16 7l10 6M8 14v9M13 14v9M19 14v9M24 14v9M6 25h20" fill="none" stroke="currentColor" stroke-width="2"
    stroke-linecap="round" stroke-linejoin="round"></path>
</svg>`;

customElements.define('bank-app', BankApp);
