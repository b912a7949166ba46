import { html, nothing } from 'lit';
import { ScreenElement } from '../components/screen-element';
import { firstValueFrom } from 'rxjs';
import type { BankSyncStatus } from '../../sync/bank-sync';
import type { BankStore } from '../state/bank-store';
import { checkRecoveryCode, describeRecoveryCodeProblem } from '../use-cases/check-recovery-code';
import type { DisplaySettingsStore } from '../state/display-settings';
import '../components/device-name-field';
import { describeSyncProblem } from '../format/describe-sync-problem';
import { formatDateTime } from '../format/format-date-time';
import { isEmpty } from '../use-cases/is-empty';
import type { MoneyFormat } from '../format/money-format';
import { routeHref } from '../app/route';
import type { ReplaceBank } from './settings-view';
import { factListStyles, sharedStyles } from '../styles/shared-styles';
import { syncSettingsStyles } from '../styles/sync-settings-styles';
import { syncServerOrigin } from '../use-cases/sync-server-origin';
import { parseSyncSettings, writeSyncSettings, type SyncSettings } from '../state/sync-settings-store';

/** What is wrong with each field of the form, in words. */
type Problems = Partial<Record<keyof SyncSettings | 'recoveryCode', string>>;

/** A message after an action: a success, or a failure in words. */
type Notice = { readonly ok: boolean; readonly text: string };

/**
 * The sync card's contents in Settings. Off: the server address (suggested when this app is served by a sync
 * server), the vault token, and for a device joining a vault another device uses, the recovery code (checked as
 * typed, before anything reaches the network); turning sync on starts the bank anew with sync. On: the state in
 * words, how many changes wait, when it last synced, why it is not working when it is not, "Sync now", the recovery
 * code to keep safe, and another server address or token. There is no turning sync off: a device that synced derives
 * its bank from the vault's order, and deriving it again from its own requests alone would give another bank.
 */
export class SyncSettingsView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    replaceBank: { attribute: false },
    url: { state: true },
    token: { state: true },
    recoveryCode: { state: true },
    problems: { state: true },
    notice: { state: true },
    busy: { state: true },
    shownCode: { state: true },
  };
  static override styles = [sharedStyles, factListStyles, syncSettingsStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare replaceBank: ReplaceBank;
  declare url: string;
  declare token: string;
  declare recoveryCode: string;
  declare problems: Problems;
  declare notice: Notice | undefined;
  declare busy: boolean;
  /** The recovery code, while the person asked to see it. */
  declare shownCode: string | undefined;
  readonly #status = this.observe<BankSyncStatus | undefined>();
  readonly #format = this.observe<MoneyFormat>();
  #filled = false;
  #suggestion: AbortController | undefined;

  constructor() {
    super();
    this.url = '';
    this.token = '';
    this.recoveryCode = '';
    this.problems = {};
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#suggestion = new AbortController();
    const { signal } = this.#suggestion;
    void syncServerOrigin(window.location.origin, { signal }).then((origin) => {
      if (origin !== undefined && this.url === '' && this.store.syncSettings === undefined) this.url = origin;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#suggestion?.abort();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('store')) {
      this.#status.setSource(this.store.syncStatus$);
      const settings = this.store.syncSettings;
      if (!this.#filled && settings !== undefined) {
        this.url = settings.url;
        this.token = settings.token;
      }
      this.#filled = true;
      if (settings === undefined) this.shownCode = undefined;
    }
    this.#format.setSource(this.display.format$);
  }

  protected renderScreen() {
    const on = this.store.syncSettings !== undefined;
    const status = this.#status.value;
    const troubled = status !== undefined && hasProblem(status);
    const notice = this.notice;
    return html`<div class="stack">
      ${on ? this.#renderOn(status) : this.#renderOff()}
      ${
        // A success never stands beside a problem: the problem is what is true now.
        notice === undefined || (notice.ok && troubled)
          ? nothing
          : html`<p
              class="notice ${notice.ok ? 'success' : 'error'}"
              role=${notice.ok ? 'status' : 'alert'}
              data-testid="sync-notice"
            >
              ${notice.text}
            </p>`
      }
    </div>`;
  }

  #renderOff() {
    return html`<p class="muted">
        Use the same bank on your phone, laptop and tablet. Each device encrypts its changes before they leave it: the
        sync server puts them in one order but cannot read them.
      </p>
      <p class="muted" data-testid="sync-state">Sync is off.</p>
      ${this.#renderForm(false)}`;
  }

  /** The server address and token (and, to join a vault, its recovery code), checked before anything is kept. */
  #renderForm(on: boolean) {
    const problems = this.problems;
    const joining = !on && this.recoveryCode.trim() !== '';
    return html`<form class="stack" novalidate @submit=${this.#save}>
      ${this.#field('sync-url', 'Server address', problems.url, {
        type: 'url',
        inputmode: 'url',
        autocomplete: 'url',
        placeholder: 'https://bank.example.org',
        value: this.url,
        onInput: (value) => (this.url = value),
      })}
      ${this.#field('sync-token', 'Vault token', problems.token, {
        type: 'password',
        autocomplete: 'off',
        value: this.token,
        onInput: (value) => (this.token = value),
      })}
      ${
        on
          ? nothing
          : this.#field('sync-recovery-code', 'Recovery code (to join a vault)', problems.recoveryCode, {
              type: 'text',
              autocomplete: 'off',
              placeholder: 'XXXX-XXXX-XXXX-…',
              hint: 'Only to join a vault another device already uses: type or paste the code it shows in Settings → Sync. Joining needs a device with no accounts yet. Leave it empty on the first device.',
              value: this.recoveryCode,
              onInput: (value) => (this.recoveryCode = value),
            })
      }
      <div class="buttons">
        <button type="submit" ?disabled=${this.busy}>${on ? 'Save' : joining ? 'Join vault' : 'Turn on sync'}</button>
      </div>
    </form>`;
  }

  #renderOn(status: BankSyncStatus | undefined) {
    const locale = (this.#format.value ?? this.display.format).locale;
    const problem = status?.error === undefined || !hasProblem(status) ? undefined : describeSyncProblem(status.error);
    return html`<dl>
        <dt>Status</dt>
        <dd data-testid="sync-state">
          <span role="status">${status === undefined ? 'Starting…' : describeState(status)}</span>
        </dd>
        <dt>Waiting to sync</dt>
        <dd data-testid="sync-pending">${status === undefined ? '…' : describePending(status.pending)}</dd>
        <dt>Last synced</dt>
        <dd data-testid="sync-last">
          ${status?.lastSyncedAt === undefined ? 'Not yet' : formatDateTime(status.lastSyncedAt, locale)}
        </dd>
        <dt>Server</dt>
        <dd>${this.store.syncSettings?.url ?? ''}</dd>
      </dl>
      ${problem === undefined ? nothing : html`<p class="notice error" data-testid="sync-error">${problem}</p>`}
      <div class="buttons">
        <button
          type="button"
          ?disabled=${this.busy || this.store.sync === undefined || status?.state === 'syncing'}
          @click=${this.#syncNow}
        >
          Sync now
        </button>
        <button
          type="button"
          class="secondary"
          ?disabled=${this.busy || this.store.sync === undefined}
          aria-expanded=${this.shownCode === undefined ? 'false' : 'true'}
          @click=${this.#toggleCode}
        >
          ${this.shownCode === undefined ? 'Show recovery code' : 'Hide recovery code'}
        </button>
      </div>
      ${this.shownCode === undefined ? nothing : this.#renderCode(this.shownCode)}
      <device-name-field></device-name-field>
      <p class="muted small">
        The name shows in the <a href=${routeHref({ screen: 'inspector' })}>request history</a> of this device; other
        devices number theirs.
      </p>
      <details ?open=${this.problems.url !== undefined || this.problems.token !== undefined}>
        <summary>Change the server address or vault token</summary>
        ${this.#renderForm(true)}
      </details>`;
  }

  #renderCode(code: string) {
    return html`<section class="notice warning stack" aria-labelledby="recovery-heading">
      <h3 id="recovery-heading">Recovery code</h3>
      <p class="code" data-testid="recovery-code">${code}</p>
      <p>
        <strong>Keep it safe and never share it.</strong> Anyone who has this code and the vault token can read your
        whole bank. Write it down or keep it in a password manager: another device needs it to join this vault, and it
        is the only way back in if every device is lost.
      </p>
      <div class="buttons">
        <button type="button" class="secondary" @click=${() => this.#copy(code)}>Copy code</button>
      </div>
    </section>`;
  }

  #field(
    id: string,
    label: string,
    problem: string | undefined,
    options: {
      readonly type: string;
      readonly autocomplete: string;
      readonly value: string;
      readonly onInput: (value: string) => void;
      readonly inputmode?: string;
      readonly placeholder?: string;
      readonly hint?: string;
    },
  ) {
    const described = [options.hint === undefined ? '' : `${id}-hint`, problem === undefined ? '' : `${id}-error`]
      .filter((part) => part !== '')
      .join(' ');
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${options.hint === undefined ? nothing : html`<span class="hint" id="${id}-hint">${options.hint}</span>`}
      <input
        id=${id}
        type=${options.type}
        inputmode=${options.inputmode ?? nothing}
        autocomplete=${options.autocomplete}
        autocapitalize="off"
        spellcheck="false"
        placeholder=${options.placeholder ?? nothing}
        .value=${options.value}
        aria-invalid=${problem === undefined ? 'false' : 'true'}
        aria-describedby=${described === '' ? nothing : described}
        @input=${(event: Event) => {
          options.onInput((event.target as HTMLInputElement).value);
          this.problems = { ...this.problems, [fieldOf(id)]: undefined };
        }}
      />
      ${
        problem === undefined
          ? nothing
          : html`<span class="field-error" id="${id}-error"><span aria-hidden="true">⚠</span>${problem}</span>`
      }
    </div>`;
  }

  async #save(event: Event): Promise<void> {
    event.preventDefault();
    this.notice = undefined;
    const parsed = parseSyncSettings({ url: this.url, token: this.token });
    const wasOn = this.store.syncSettings !== undefined;
    const code = wasOn ? '' : this.recoveryCode.trim();
    this.busy = true;
    try {
      const codeProblem = code === '' ? undefined : await this.#codeProblem(code);
      const problems: Problems = {
        ...(parsed.ok ? {} : parsed.problems),
        ...(codeProblem === undefined ? {} : { recoveryCode: codeProblem }),
      };
      if (!parsed.ok || codeProblem !== undefined) {
        this.problems = problems;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      this.problems = {};
      const { settings } = parsed;
      let store: BankStore;
      try {
        store = await this.replaceBank(
          () => Promise.resolve(writeSyncSettings(settings)),
          code === '' ? {} : { recoveryCode: code },
        );
      } catch {
        this.notice = {
          ok: false,
          text: 'The browser refused to keep the sync settings, so sync stays off. Check that it lets this site keep data.',
        };
        return;
      }
      this.url = settings.url;
      this.token = settings.token;
      if (store.sync === undefined) {
        // A device that synced keeps its settings (its bank follows the vault); the status says why sync is not
        // running. One that was turning sync on goes back to how it was.
        if (!wasOn) await this.#notStarted(store);
        return;
      }
      this.recoveryCode = '';
      this.notice = wasOn
        ? { ok: true, text: 'Saved.' }
        : code === ''
          ? { ok: true, text: 'Sync is on.' }
          : await joined(store);
    } finally {
      this.busy = false;
    }
  }

  /**
   * What stops this device from joining a vault with `code`, in words: a typo (caught here, before any request is
   * made), or a bank already on this device. `undefined` when it can join.
   */
  async #codeProblem(code: string): Promise<string | undefined> {
    let check;
    try {
      check = await checkRecoveryCode(code);
    } catch {
      return 'The code could not be checked: the app could not load its sync part. Check the connection and try again.';
    }
    if (!check.ok) return describeRecoveryCodeProblem(check);
    if (!(await isEmpty(this.store))) {
      return 'This device already has accounts, so it cannot join a vault: joining fills an empty device with the vault’s bank. Use a new browser profile, or leave the code empty to sync the bank on this device.';
    }
    return undefined;
  }

  /** Sync could not start with these settings: say why, and start the bank again without them. */
  async #notStarted(store: BankStore): Promise<void> {
    const status = await firstValueFrom(store.syncStatus$);
    const why = describeSyncProblem(status?.error ?? { code: 'unavailable', message: '' });
    await this.replaceBank(() => Promise.resolve(writeSyncSettings(undefined)));
    this.notice = { ok: false, text: `Sync could not be turned on. ${why}` };
  }

  async #syncNow(): Promise<void> {
    this.busy = true;
    this.notice = undefined;
    try {
      await this.store.sync?.syncNow();
    } catch {
      // The status says why.
    } finally {
      this.busy = false;
    }
  }

  async #toggleCode(): Promise<void> {
    if (this.shownCode !== undefined) {
      this.shownCode = undefined;
      return;
    }
    try {
      this.shownCode = await this.store.sync?.recoveryCode();
    } catch {
      this.notice = { ok: false, text: 'The recovery code could not be read on this device.' };
    }
  }

  async #copy(code: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(code);
      this.notice = { ok: true, text: 'Recovery code copied. Paste it somewhere safe, then clear your clipboard.' };
    } catch {
      this.notice = { ok: false, text: 'This browser did not allow copying: select the code and copy it by hand.' };
    }
  }
}

/** After joining a vault: the first sync brings its bank; how many accounts came. */
async function joined(store: BankStore): Promise<Notice | undefined> {
  try {
    await store.sync?.syncNow();
  } catch {
    // The status says why; nothing to claim here.
    return undefined;
  }
  const accounts = (await store.system.accounts.listAccounts()).length;
  return {
    ok: true,
    text: `Joined the vault: ${accounts === 1 ? '1 account' : `${accounts} accounts`} on this device now.`,
  };
}

function fieldOf(id: string): keyof Problems {
  switch (id) {
    case 'sync-url':
      return 'url';
    case 'sync-token':
      return 'token';
    default:
      return 'recoveryCode';
  }
}

/** Whether sync is not working now: its error tells why only then (an idle or syncing sync has none to show). */
function hasProblem(status: BankSyncStatus): boolean {
  return status.state === 'offline' || status.state === 'error' || status.state === 'stopped';
}

function describeState(status: BankSyncStatus): string {
  switch (status.state) {
    case 'idle':
      return status.pending === 0 ? 'Up to date' : 'Waiting to sync';
    case 'syncing':
      return 'Syncing…';
    case 'offline':
      return 'Offline: syncs when the server can be reached';
    case 'error':
      return 'Not synced: trying again';
    case 'stopped':
      return 'Stopped';
  }
}

function describePending(pending: number): string {
  if (pending === 0) return 'Nothing';
  return pending === 1 ? '1 change' : `${pending} changes`;
}

customElements.define('sync-settings', SyncSettingsView);
