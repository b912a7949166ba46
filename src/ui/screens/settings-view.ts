import { html, nothing } from 'lit';
import { ScreenElement } from '../components/screen-element';
import { APP_VERSION, BUILD_ID } from '../app/app-version';
import type { BankStore } from '../state/bank-store';
import { browserLocale, CURRENCIES, LOCALES, type DisplaySettingsStore } from '../state/display-settings';
import { formatBytes } from '../format/format-bytes';
import { formatMoney } from '../format/format-money';
import { installPrompt$, promptInstall, type BeforeInstallPromptEvent } from '../app/install-prompt';
import type { MoneyFormat } from '../format/money-format';
import type { ImportResult } from '../use-cases/import-event-log';
import { isImportRefusedError } from '../use-cases/import-refused-error';
import { isEmpty } from '../use-cases/is-empty';
import { routeHref } from '../app/route';
import { readStorageStatus, requestPersistentStorage, type StorageStatus } from '../state/storage-status';
import { factListStyles, sharedStyles } from '../styles/shared-styles';
import { settingsStyles } from '../styles/settings-view-styles';
import './statement-import-view';

/**
 * Replaces the running bank: stops it, runs `work` on its stores, starts a new one (joining a vault with
 * `recoveryCode` when given) and returns its store.
 */
export type ReplaceBank = (
  work: () => Promise<void>,
  options?: { readonly recoveryCode?: string },
) => Promise<BankStore>;

/**
 * Settings: how money is shown, this device's storage (used, quota, persistence), export and import of the whole
 * bank as a file, sync (its own section, filled in by the sync module), and the app's version.
 */
export class SettingsView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    replaceBank: { attribute: false },
    section: { attribute: false },
    storage: { state: true },
    persistNotice: { state: true },
    dataNotice: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, factListStyles, settingsStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare replaceBank: ReplaceBank;
  /** The part of the settings the address leads to (`#/settings/sync`), shown in view. */
  declare section: 'sync' | undefined;
  declare storage: StorageStatus | undefined;
  declare persistNotice: { readonly ok: boolean; readonly text: string } | undefined;
  declare dataNotice: { readonly ok: boolean; readonly text: string } | undefined;
  declare busy: boolean;
  readonly #format = this.observe<MoneyFormat>();
  readonly #install = this.observe<BeforeInstallPromptEvent | undefined>(installPrompt$);

  constructor() {
    super();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#refreshStorage();
  }

  override willUpdate(): void {
    this.#format.setSource(this.display.format$);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('section') && this.section === 'sync') {
      this.renderRoot.querySelector('#sync')?.scrollIntoView({ block: 'start' });
    }
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    return html`
      <div class="page-header"><h1>Settings</h1></div>
      <div class="grid">
        <div class="stack">
          ${this.#renderDisplay(format)} ${this.#renderStorage(format)}
          <section class="card stack" id="sync" aria-labelledby="sync-heading">
            <h2 id="sync-heading">Sync</h2>
            <slot name="sync">
              <p class="muted">
                Not set up. Your accounts are kept on this device only; use “Export to a file” to keep a copy.
              </p>
            </slot>
          </section>
        </div>
        <div class="stack">
          ${this.#renderData()}
          <statement-import-view .store=${this.store} .display=${this.display}></statement-import-view>
          ${this.#renderAbout()}
        </div>
      </div>
    `;
  }

  #renderDisplay(format: MoneyFormat) {
    const settings = this.display.value;
    const names = new Intl.DisplayNames([format.locale], { type: 'language' });
    // The browser's own choice in its short name ("US English"): the select stays readable on the narrowest phone.
    const shortNames = new Intl.DisplayNames([format.locale], { type: 'language', style: 'short' });
    const currencyNames = new Intl.DisplayNames([format.locale], { type: 'currency' });
    return html`<section class="card stack" aria-labelledby="display-heading">
      <h2 id="display-heading">Display</h2>
      <div class="stack">
        <div class="field">
          <label for="locale">Number and date format</label>
          <select
            id="locale"
            @change=${(event: Event) => {
              const value = (event.target as HTMLSelectElement).value;
              this.display.set({
                ...this.display.value,
                locale: value === '' ? null : value,
              });
            }}
          >
            <option value="" ?selected=${settings.locale === null}>
              Automatic (${shortNames.of(browserLocale()) ?? browserLocale()})
            </option>
            ${LOCALES.map(
              (locale) =>
                html`<option value=${locale} ?selected=${settings.locale === locale}>
                  ${names.of(locale) ?? locale}
                </option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for="currency">Currency</label>
          <select
            id="currency"
            @change=${(event: Event) =>
              this.display.set({
                ...this.display.value,
                currency: (event.target as HTMLSelectElement).value,
              })}
          >
            ${CURRENCIES.map(
              (currency) =>
                html`<option value=${currency} ?selected=${settings.currency === currency}>
                  ${currency} · ${currencyNames.of(currency) ?? currency}
                </option>`,
            )}
          </select>
        </div>
      </div>
      <p class="muted small">
        Amounts look like <strong class="money">${formatMoney(123456, format)}</strong>. This changes only how money is
        shown, not the amounts.
      </p>
    </section>`;
  }

  #renderStorage(format: MoneyFormat) {
    const storage = this.storage;
    const persisted = storage?.persisted;
    return html`<section class="card stack" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage on this device</h2>
      ${
        storage === undefined
          ? html`<p class="muted" role="status">Checking…</p>`
          : html`<dl>
                <dt>Used</dt>
                <dd data-testid="storage-usage">
                  ${storage.usage === undefined ? 'Unknown' : formatBytes(storage.usage, format.locale)}
                </dd>
                <dt>Available to this app</dt>
                <dd>${storage.quota === undefined ? 'Unknown' : formatBytes(storage.quota, format.locale)}</dd>
                <dt>Protection</dt>
                <dd data-testid="storage-persisted">
                  ${
                    persisted === true
                      ? 'Protected: the browser will not clear it'
                      : persisted === false
                        ? 'Not protected: the browser may clear it when space runs low'
                        : 'Unknown'
                  }
                </dd>
              </dl>
              ${
                storage.usage !== undefined && storage.quota !== undefined && storage.quota > 0
                  ? html`<meter
                      aria-label="Storage used"
                      min="0"
                      max=${storage.quota}
                      value=${storage.usage}
                      high=${storage.quota * 0.8}
                    ></meter>`
                  : nothing
              }`
      }
      ${
        persisted === true
          ? nothing
          : html`<div>
              <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#persist}>
                Keep my data on this device
              </button>
            </div>`
      }
      ${
        this.persistNotice === undefined
          ? nothing
          : html`<p class="notice ${this.persistNotice.ok ? 'success' : 'error'}" role="status">
              ${this.persistNotice.text}
            </p>`
      }
    </section>`;
  }

  #renderData() {
    return html`<section class="card stack" aria-labelledby="data-heading">
      <h2 id="data-heading">Your data</h2>
      <p class="muted">
        Save your whole bank (every account and its history) to a file, to keep a copy or to move to another device or
        browser.
      </p>
      <div><button type="button" ?disabled=${this.busy} @click=${this.#export}>Export to a file</button></div>
      <div>
        <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.#exportCsv}>
          Export transactions (CSV)
        </button>
      </div>
      <p>
        <a href=${routeHref({ screen: 'inspector' })}>Request history</a>: every request your bank was built from, why
        each one was refused or done, and a copy of them for a bug report.
      </p>
      <div class="field">
        <label for="import-file">Import from a file</label>
        <span class="hint" id="import-hint">Only into an empty bank, such as a new device or browser profile.</span>
        <input
          id="import-file"
          type="file"
          accept="application/json,.json"
          aria-describedby="import-hint"
          ?disabled=${this.busy}
          @change=${this.#import}
        />
      </div>
      ${
        this.dataNotice === undefined
          ? nothing
          : html`<p
              class="notice ${this.dataNotice.ok ? 'success' : 'error'}"
              role=${this.dataNotice.ok ? 'status' : 'alert'}
              data-testid="data-notice"
            >
              ${this.dataNotice.text}
            </p>`
      }
    </section>`;
  }

  #renderAbout() {
    return html`<section class="card stack" aria-labelledby="about-heading">
      <h2 id="about-heading">About</h2>
      <dl>
        <dt>Version</dt>
        <dd data-testid="app-version">${APP_VERSION} (build ${BUILD_ID})</dd>
        <dt>Works offline</dt>
        <dd>Yes, after the first visit</dd>
      </dl>
      ${
        this.#install.value === undefined
          ? nothing
          : html`<div>
              <button type="button" class="secondary" @click=${() => void promptInstall()}>Install app</button>
            </div>`
      }
    </section>`;
  }

  async #refreshStorage(): Promise<void> {
    this.storage = await readStorageStatus();
  }

  async #persist(): Promise<void> {
    this.busy = true;
    try {
      const granted = await requestPersistentStorage();
      this.persistNotice = granted
        ? { ok: true, text: 'Done: the browser will keep your data on this device.' }
        : {
            ok: false,
            text: 'The browser said no for now. Installing the app, or using it more often, usually changes that.',
          };
    } catch {
      this.persistNotice = { ok: false, text: 'This browser cannot protect site data.' };
    } finally {
      this.busy = false;
      await this.#refreshStorage();
    }
  }

  async #export(): Promise<void> {
    this.busy = true;
    this.dataNotice = undefined;
    try {
      const { exportEventLog } = await import('../use-cases/export-event-log');
      const file = await exportEventLog(this.store.system, APP_VERSION);
      const blob = new Blob([JSON.stringify(file)], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `offline-bank-${file.exportedAt.slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      const accounts = file.summary.accounts.length;
      this.dataNotice = {
        ok: true,
        text: `Saved ${accounts === 1 ? '1 account' : `${accounts} accounts`} with their whole history to ${link.download}.`,
      };
    } catch (error) {
      this.dataNotice = { ok: false, text: error instanceof Error ? error.message : 'The export failed.' };
    } finally {
      this.busy = false;
    }
  }

  /** Every account's transactions, for a spreadsheet. */
  async #exportCsv(): Promise<void> {
    this.busy = true;
    this.dataNotice = undefined;
    try {
      const { exportTransactions } = await import('../use-cases/export-transactions');
      const saved = await exportTransactions(this.store, {
        locale: this.display.format.locale,
        today: new Date().toISOString().slice(0, 10),
      });
      this.dataNotice = { ok: true, text: `Saved ${saved.rows} transactions to ${saved.fileName}.` };
    } catch {
      this.dataNotice = { ok: false, text: 'The export failed. Nothing was saved.' };
    } finally {
      this.busy = false;
    }
  }

  async #import(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const chosen = input.files?.[0];
    input.value = '';
    if (chosen === undefined) return;
    this.busy = true;
    this.dataNotice = undefined;
    try {
      const { readEventLogFile, writeEventLog } = await import('../use-cases/import-event-log');
      const log = await readEventLogFile(await chosen.text());
      if (!(await isEmpty(this.store))) {
        this.dataNotice = {
          ok: false,
          text: 'This device already has a bank. An export can only be imported into an empty one, such as a new browser profile. Nothing was changed.',
        };
        return;
      }
      const persistence = this.store.persistence;
      let result: ImportResult | undefined;
      await this.replaceBank(async () => {
        result = await writeEventLog(persistence, log);
      });
      const accounts = result?.accounts ?? 0;
      this.dataNotice = {
        ok: true,
        text: `Imported ${accounts === 1 ? '1 account' : `${accounts} accounts`} with their whole history. Every balance matches the file.`,
      };
    } catch (error) {
      this.dataNotice = { ok: false, text: describeImportFailure(error) };
    } finally {
      this.busy = false;
    }
  }
}

/** Why an import stopped, in words, and what became of this device. */
function describeImportFailure(error: unknown): string {
  if (!isImportRefusedError(error)) {
    return 'The import stopped half-way. Clear this site’s data and import again.';
  }
  // Only an import interrupted by another tab leaves anything behind; every other refusal left the device as it was.
  return error.code === 'interrupted' ? error.message : `${error.message} Nothing was changed.`;
}

customElements.define('settings-view', SettingsView);
