import { html, nothing, type PropertyValues } from 'lit';
import { loadingState, ScreenElement } from '../components/screen-element';
import { auditTime, merge, type Subscription } from 'rxjs';
import { type AccountView, type InspectedRequest, type InspectedStatus, type InspectorFilter } from '../../bank';
// Straight from its module, not the bank's index: so that it loads with this screen, not on the first visit.
import { RequestInspector } from '../../bank/request-inspector';
import { accountNamer } from '../format/account-name';
import type { BankStore } from '../state/bank-store';
import { bugReportLog, deliverBugReportLog, type BugReportDelivery } from '../app/bug-report-log';
import { describeAnyRequest } from '../format/describe-any-request';
import '../components/device-name-field';
import { deviceNamer, readDeviceName, type VaultDevice } from '../state/device-names';
import type { DisplaySettingsStore } from '../state/display-settings';
import { formatDateTime } from '../format/format-date-time';
import { inspectedRequestDetail } from './inspected-request-detail';
import { inspectedStatus } from '../format/inspected-status';
import type { MoneyFormat } from '../format/money-format';
import { routeHref } from '../app/route';
import { factListStyles, sharedStyles } from '../styles/shared-styles';
import { inspectorStyles } from '../styles/inspector-view-styles';

/** Requests read per page. */
const PAGE = 25;

/** The statuses a person can filter by, in words. */
const STATUS_CHOICES: readonly (readonly [InspectedStatus | '', string])[] = [
  ['', 'Any status'],
  ['pending', 'Waiting'],
  ['done', 'Done'],
  ['refused', 'Refused or refunded'],
];

/**
 * The request history (the inspector): every request of the bank, newest first (this device's waiting ones on
 * top, then the confirmed order: with sync, the vault's), each in words with its status and why it was refused; a
 * request opens into its detail (device, place in the order, chain link, balances after, and its events in a
 * technical disclosure). Filters by account and status, pages on demand, and copies the log for a bug report after
 * a warning. Read-only: nothing here changes the bank.
 */
export class InspectorView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    requests: { state: true },
    pending: { state: true },
    next: { state: true },
    devices: { state: true },
    filter: { state: true },
    open: { state: true },
    loading: { state: true },
    deviceName: { state: true },
    reportStep: { state: true },
    reportNotice: { state: true },
  };
  static override styles = [sharedStyles, factListStyles, inspectorStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare requests: readonly InspectedRequest[] | undefined;
  declare pending: readonly InspectedRequest[];
  declare next: number | null;
  declare devices: readonly VaultDevice[];
  declare filter: InspectorFilter;
  /** The key of the request whose detail is open. */
  declare open: string | undefined;
  declare loading: boolean;
  declare deviceName: string | undefined;
  declare reportStep: 'idle' | 'warning' | 'busy';
  declare reportNotice: { readonly ok: boolean; readonly text: string } | undefined;
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #format = this.observe<MoneyFormat>();
  #inspector: RequestInspector | undefined;
  #changes: Subscription | undefined;
  /** Counts reads, so that an older read finishing late never replaces a newer one. */
  #reads = 0;

  constructor() {
    super();
    this.pending = [];
    this.next = null;
    this.devices = [];
    this.filter = {};
    this.loading = false;
    this.deviceName = readDeviceName();
    this.reportStep = 'idle';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#inspector !== undefined) this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#changes?.unsubscribe();
    this.#changes = undefined;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.#accounts.setSource(this.store.accounts$);
    this.#format.setSource(this.display.format$);
    // The store can arrive after the element is connected (it is defined once its module has loaded).
    if (changed.has('store')) {
      this.#inspector = new RequestInspector(this.store.system);
      this.#follow();
    }
  }

  /** Reads again whenever the bank moves: every derived batch moves the accounts' log (the trail is there), every new request the commands' log. */
  #follow(): void {
    this.#changes?.unsubscribe();
    const { system } = this.store;
    this.#changes = merge(system.accounts.log.head$, system.commands.log.head$)
      .pipe(auditTime(150))
      .subscribe(() => void this.#reload());
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const nameOf = accountNamer(this.#accounts.value);
    const deviceOf = deviceNamer(this.devices, this.deviceName);
    const syncs = this.#inspector?.syncs ?? false;
    const all = [...this.pending, ...(this.requests ?? [])];
    return html`
      <div class="page-header">
        <h1>Request history</h1>
        <a class="button secondary" href=${routeHref({ screen: 'settings' })}>Back to settings</a>
      </div>
      <div class="stack">
        <section class="card stack" aria-labelledby="history-heading">
          <h2 id="history-heading">Every request, and what it did</h2>
          <p class="muted">
            Every change to your bank is a request. Here is each one, newest
            first${syncs ? ', in the order your devices agreed on,' : ''} with what it did. Open one to see its details.
          </p>
          ${this.#renderFilters(nameOf)}
          ${
            this.requests === undefined
              ? loadingState('the requests')
              : all.length === 0
                ? html`<p class="muted" role="status">No requests match.</p>`
                : html`<ul class="requests" aria-label="Requests, newest first">
                    ${all.map((request) => this.#renderRequest(request, { syncs, nameOf, deviceOf, format }))}
                  </ul>`
          }
          ${
            this.next === null
              ? nothing
              : html`<div>
                  <button type="button" class="secondary" ?disabled=${this.loading} @click=${this.#older}>
                    Show older requests
                  </button>
                </div>`
          }
        </section>
        ${this.#renderDeviceName()} ${this.#renderBugReport()}
      </div>
    `;
  }

  #renderFilters(nameOf: (accountId: string) => string) {
    const accounts = this.#accounts.value ?? [];
    return html`<div class="filters">
      <div class="field">
        <label for="filter-account">Account</label>
        <select id="filter-account" @change=${this.#onAccount}>
          <option value="" ?selected=${this.filter.accountId === undefined}>All accounts</option>
          ${accounts.map(
            (account) =>
              html`<option value=${account.id} ?selected=${this.filter.accountId === account.id}>
                ${nameOf(account.id)}
              </option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for="filter-status">Status</label>
        <select id="filter-status" @change=${this.#onStatus}>
          ${STATUS_CHOICES.map(
            ([value, label]) =>
              html`<option value=${value} ?selected=${(this.filter.status ?? '') === value}>${label}</option>`,
          )}
        </select>
      </div>
    </div>`;
  }

  #renderRequest(
    request: InspectedRequest,
    context: Parameters<typeof inspectedRequestDetail>[1] & { readonly syncs: boolean },
  ) {
    const key = keyOf(request);
    const open = this.open === key;
    const status = inspectedStatus(request, { syncing: context.syncs, nameOf: context.nameOf, format: context.format });
    const detailId = `detail-${key}`;
    return html`<li data-request=${key}>
      <button
        type="button"
        class="row"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${detailId}
        @click=${() => (this.open = open ? undefined : key)}
      >
        <span class="row-main">
          <span class="title">${describeAnyRequest(request.request, context.nameOf, context.format)}</span>
          <span class="muted small"
            >${formatDateTime(request.timestamp, context.format.locale)} · ${context.deviceOf(request)}</span
          >
          ${status.reason === undefined ? nothing : html`<span class="negative small">${status.reason}</span>`}
        </span>
        <span class="badge ${status.tone}">${status.label}</span>
      </button>
      ${open ? html`<div id=${detailId}>${inspectedRequestDetail(request, context)}</div>` : nothing}
    </li>`;
  }

  #renderDeviceName() {
    return html`<section class="card stack" aria-labelledby="device-heading">
      <h2 id="device-heading">This device</h2>
      <p class="muted small">
        Requests made here show as “This device”, with the name you give it. With sync on, the name goes with your next
        requests, encrypted, so that your other devices show it; a device without a name shows as Device 1, Device 2… in
        the order it first made a request.
      </p>
      <device-name-field @device-name-change=${() => (this.deviceName = readDeviceName())}></device-name-field>
    </section>`;
  }

  #renderBugReport() {
    return html`<section class="card stack" aria-labelledby="report-heading">
      <h2 id="report-heading">For a bug report</h2>
      ${
        this.reportStep === 'idle'
          ? html`<div>
              <button type="button" class="secondary" @click=${() => (this.reportStep = 'warning')}>
                Copy the log for a bug report
              </button>
            </div>`
          : html`<div class="notice error stack" role="alert">
              <p>
                The copy holds every request of this bank in plain text: account names, amounts and times. It stays on
                this device until you paste or share it; share it only with someone you trust.
              </p>
              <div class="actions">
                <button type="button" ?disabled=${this.reportStep === 'busy'} @click=${() => this.#report('clipboard')}>
                  Copy to the clipboard
                </button>
                <button
                  type="button"
                  class="secondary"
                  ?disabled=${this.reportStep === 'busy'}
                  @click=${() => this.#report('download')}
                >
                  Save as a file
                </button>
                <button type="button" class="secondary" @click=${() => (this.reportStep = 'idle')}>Cancel</button>
              </div>
            </div>`
      }
      ${
        this.reportNotice === undefined
          ? nothing
          : html`<p class="notice ${this.reportNotice.ok ? 'success' : 'error'}" role="status">
              ${this.reportNotice.text}
            </p>`
      }
    </section>`;
  }

  readonly #onAccount = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    const { accountId: _accountId, ...rest } = this.filter;
    this.filter = value === '' ? rest : { ...rest, accountId: value };
    void this.#reload(PAGE);
  };

  readonly #onStatus = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value as InspectedStatus | '';
    const { status: _status, ...rest } = this.filter;
    this.filter = value === '' ? rest : { ...rest, status: value };
    void this.#reload(PAGE);
  };

  readonly #older = async () => {
    const inspector = this.#inspector;
    if (inspector === undefined || this.next === null) return;
    const read = ++this.#reads;
    this.loading = true;
    try {
      const page = await inspector.page({ before: this.next, limit: PAGE, filter: this.filter });
      if (read !== this.#reads) return;
      this.requests = [...(this.requests ?? []), ...page.requests];
      this.next = page.next;
    } catch (error) {
      this.store.reportFailure(error);
    } finally {
      this.loading = false;
    }
  };

  /** Reads the newest requests again, as many as are shown (at least a page). */
  async #reload(limit = Math.max(PAGE, this.requests?.length ?? 0)): Promise<void> {
    const inspector = this.#inspector;
    if (inspector === undefined) return;
    const read = ++this.#reads;
    this.loading = true;
    try {
      const [page, pending, devices] = await Promise.all([
        inspector.page({ limit, filter: this.filter }),
        inspector.pending({ filter: this.filter }),
        inspector.devices(),
      ]);
      if (read !== this.#reads) return;
      this.requests = page.requests;
      this.pending = pending;
      this.next = page.next;
      this.devices = devices;
    } catch (error) {
      this.store.reportFailure(error);
    } finally {
      if (read === this.#reads) this.loading = false;
    }
  }

  async #report(prefer: BugReportDelivery): Promise<void> {
    const inspector = this.#inspector;
    if (inspector === undefined) return;
    this.reportStep = 'busy';
    try {
      const delivered = await deliverBugReportLog(await bugReportLog(inspector), prefer);
      this.reportNotice = {
        ok: true,
        text:
          delivered === 'clipboard'
            ? 'The log is on the clipboard: paste it into your bug report.'
            : 'The log was saved as offline-bank-requests.json: attach it to your bug report.',
      };
    } catch {
      this.reportNotice = { ok: false, text: 'The log could not be read on this device.' };
    } finally {
      this.reportStep = 'idle';
    }
  }
}

/** A key for a request on screen: its place in the order, or its id while it waits (never shown). */
function keyOf(request: InspectedRequest): string {
  return request.seq === null ? `pending-${request.requestId}` : `seq-${request.seq}`;
}

customElements.define('inspector-view', InspectorView);
