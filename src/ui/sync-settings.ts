import { css, html, LitElement, nothing } from 'lit';
import type { SyncStatus } from '../sync';
import type { BankStore } from './bank-store';
import type { DisplaySettingsStore } from './display-settings';
import { formatDateTime } from './format-date-time';
import type { MoneyFormat } from './money-format';
import { ObservableController } from './observable-controller';
import type { ReplaceBank } from './settings-view';
import { factListStyles, sharedStyles } from './shared-styles';
import { syncSessionFor, type SyncSession } from './sync-session';
import { parseSyncSettings, type SyncSettings, type SyncSettingsProblems } from './sync-settings-store';

/**
 * The sync card's contents in Settings: the server address and vault token (kept on this device), turning sync on
 * and off, the client's status (state in words, events waiting, last synced), "Sync now", and restoring a new,
 * empty device from the server.
 */
export class SyncSettingsView extends LitElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    replaceBank: { attribute: false },
    url: { state: true },
    token: { state: true },
    problems: { state: true },
    notice: { state: true },
    busy: { state: true },
  };
  static override styles = [
    sharedStyles,
    factListStyles,
    css`
      :host {
        display: block;
      }
      dd {
        overflow-wrap: anywhere;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      input {
        width: 100%;
      }
    `,
  ];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare replaceBank: ReplaceBank;
  declare url: string;
  declare token: string;
  declare problems: SyncSettingsProblems;
  declare notice: { readonly ok: boolean; readonly text: string } | undefined;
  declare busy: boolean;
  readonly #status = new ObservableController<SyncStatus | undefined>(this);
  readonly #settings = new ObservableController<SyncSettings | undefined>(this);
  readonly #format = new ObservableController<MoneyFormat>(this);
  readonly #leader = new ObservableController<boolean>(this);
  #session: SyncSession | undefined;

  constructor() {
    super();
    this.url = '';
    this.token = '';
    this.problems = {};
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('store')) {
      const first = this.#session === undefined;
      this.#session = syncSessionFor(this.store);
      this.#status.setSource(this.#session.status$);
      this.#settings.setSource(this.#session.settings$);
      this.#leader.setSource(this.#session.isLeader$);
      if (first) {
        this.url = this.#session.settings?.url ?? '';
        this.token = this.#session.settings?.token ?? '';
      }
    }
    this.#format.setSource(this.display.format$);
  }

  override render() {
    const settings = this.#settings.value;
    const problems = this.problems;
    return html`<div class="stack">
      <p class="muted">
        Keeps a copy of every event on your sync server, and restores it on a new device. Use the address and vault
        token the server printed when it started.
      </p>
      <form class="stack" novalidate @submit=${this.#save}>
        <div class="field">
          <label for="sync-url">Server URL</label>
          <input
            id="sync-url"
            name="url"
            type="url"
            inputmode="url"
            autocomplete="url"
            spellcheck="false"
            placeholder="https://bank.example.org"
            .value=${this.url}
            aria-invalid=${problems.url === undefined ? 'false' : 'true'}
            aria-describedby=${problems.url === undefined ? nothing : 'sync-url-error'}
            @input=${(event: Event) => (this.url = (event.target as HTMLInputElement).value)}
          />
          ${problems.url === undefined ? nothing : html`<span class="field-error" id="sync-url-error">${problems.url}</span>`}
        </div>
        <div class="field">
          <label for="sync-token">Token</label>
          <input
            id="sync-token"
            name="token"
            type="password"
            autocomplete="off"
            spellcheck="false"
            .value=${this.token}
            aria-invalid=${problems.token === undefined ? 'false' : 'true'}
            aria-describedby=${problems.token === undefined ? nothing : 'sync-token-error'}
            @input=${(event: Event) => (this.token = (event.target as HTMLInputElement).value)}
          />
          ${
            problems.token === undefined
              ? nothing
              : html`<span class="field-error" id="sync-token-error">${problems.token}</span>`
          }
        </div>
        <div class="buttons">
          <button type="submit" ?disabled=${this.busy}>Save and sync</button>
          ${
            settings === undefined
              ? nothing
              : html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#turnOff}>
                  Turn sync off
                </button>`
          }
        </div>
      </form>
      ${settings === undefined ? html`<p class="muted" data-testid="sync-state">Sync is off.</p>` : this.#renderStatus()}
      <div class="field">
        <div class="buttons">
          <button
            type="button"
            class="secondary"
            ?disabled=${this.busy}
            aria-describedby="restore-hint"
            @click=${this.#restore}
          >
            Restore from server
          </button>
        </div>
        <span class="hint" id="restore-hint">
          For a new device: fills this empty bank with the accounts kept on the server.
        </span>
      </div>
      ${
        this.notice === undefined
          ? nothing
          : html`<p
              class="notice ${this.notice.ok ? 'success' : 'error'}"
              role=${this.notice.ok ? 'status' : 'alert'}
              data-testid="sync-notice"
            >
              ${this.notice.text}
            </p>`
      }
    </div>`;
  }

  #renderStatus() {
    const status = this.#status.value;
    const locale = (this.#format.value ?? this.display.format).locale;
    if (status === undefined) return nothing;
    return html`<dl>
        <dt>Status</dt>
        <dd role="status" data-testid="sync-state">
          ${this.#leader.value === false ? 'Synced by another open tab of this app' : describeState(status)}
        </dd>
        ${
          this.#leader.value === false && status.lastSyncedAt === undefined
            ? nothing
            : html` <dt>Waiting to sync</dt>
                <dd data-testid="sync-pending">${status.pending === 1 ? '1 event' : `${status.pending} events`}</dd>
                <dt>Last synced</dt>
                <dd data-testid="sync-last">
                  ${status.lastSyncedAt === undefined ? 'Not yet' : formatDateTime(status.lastSyncedAt, locale)}
                </dd>`
        }
      </dl>
      ${
        status.error === undefined
          ? nothing
          : html`<p class="notice error" data-testid="sync-error">${describeProblem(status)}</p>`
      }
      <div class="buttons">
        <button type="button" ?disabled=${this.busy || status.state === 'syncing'} @click=${this.#syncNow}>
          Sync now
        </button>
      </div>`;
  }

  #save(event: Event): void {
    event.preventDefault();
    const parsed = parseSyncSettings({ url: this.url, token: this.token });
    if (!parsed.ok) {
      this.problems = parsed.problems;
      this.notice = undefined;
      return;
    }
    this.problems = {};
    this.url = parsed.settings.url;
    this.token = parsed.settings.token;
    try {
      this.#session?.use(parsed.settings);
      this.notice = { ok: true, text: 'Saved. This device now syncs with the server.' };
    } catch {
      this.notice = { ok: false, text: 'The browser refused to keep the settings. Check its storage settings.' };
    }
  }

  #turnOff(): void {
    this.#session?.turnOff();
    this.notice = { ok: true, text: 'Sync is off. Your accounts stay on this device.' };
  }

  async #syncNow(): Promise<void> {
    this.busy = true;
    this.notice = undefined;
    try {
      await this.#session?.syncNow();
    } catch {
      // The status says why.
    } finally {
      this.busy = false;
    }
  }

  async #restore(): Promise<void> {
    const parsed = parseSyncSettings({ url: this.url, token: this.token });
    if (!parsed.ok) {
      this.problems = parsed.problems;
      this.notice = { ok: false, text: 'Enter the server URL and token first.' };
      return;
    }
    this.problems = {};
    this.busy = true;
    this.notice = undefined;
    try {
      if (!(await isEmpty(this.store))) {
        this.notice = {
          ok: false,
          text: 'This device already has a bank, so it cannot be restored from the server. Restore only works on a new, empty device or browser profile. Nothing was changed.',
        };
        return;
      }
      const session = this.#session;
      if (session === undefined) return;
      session.use(parsed.settings);
      const { result, store } = await session.restore(this.replaceBank);
      await store.system.settled();
      const accounts = await store.system.accounts.listAccounts();
      const events = Object.values(result.restored).reduce((total, count) => total + count, 0);
      this.notice = {
        ok: true,
        text: `Restored ${accounts.length === 1 ? '1 account' : `${accounts.length} accounts`} (${events} events) from the server.`,
      };
    } catch (error) {
      this.notice = {
        ok: false,
        text:
          error instanceof Error && error.name === 'RestoreNotEmptyError'
            ? 'This device already has a bank, so it cannot be restored from the server. Nothing was changed.'
            : error instanceof Error && error.name === 'LocalStoreError'
              ? // Writing failed: the message says whether the restore was undone.
                `The restore failed: ${error.message}.`
              : // Everything is pulled before anything is written.
                `The restore failed (${error instanceof Error ? error.message : String(error)}). Nothing was changed; try again.`,
      };
    } finally {
      this.busy = false;
    }
  }
}

/** Whether the bank on this device holds no event at all (a new device). */
async function isEmpty(store: BankStore): Promise<boolean> {
  const heads = await Promise.all(
    store.system.system.applications.map((application) => application.log.maxNotificationId()),
  );
  return heads.every((head) => head === 0);
}

function describeState(status: SyncStatus): string {
  switch (status.state) {
    case 'idle':
      return status.pending === 0 ? 'Up to date' : 'Waiting to sync';
    case 'syncing':
      return 'Syncing…';
    case 'offline':
      return 'Offline: will sync when the server can be reached';
    case 'error':
      return 'Stopped by an error';
    case 'conflict':
      return 'Stopped: another device changed the same accounts';
  }
}

function describeProblem(status: SyncStatus): string {
  if (status.state === 'conflict')
    return `${status.error ?? 'Conflict.'} Every event stays on this device; export the event log to keep a copy.`;
  return status.error ?? '';
}

customElements.define('sync-settings', SyncSettingsView);
