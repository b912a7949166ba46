import { html, nothing } from 'lit';
import { loadingState, ScreenElement } from '../components/screen-element';
import type { AccountView, SagaView } from '../../bank';
import { accountNamer } from '../format/account-name';
import type { BankStore } from '../state/bank-store';
import { describeRequest } from '../format/describe-request';
import type { DisplaySettingsStore } from '../state/display-settings';
import { describeWhen } from '../format/calendar-day';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import { moneyRequestStatus } from '../state/request-status';
import { sharedStyles } from '../styles/shared-styles';
import '../components/movement-filters-form';
import { routeHref } from '../app/route';
import {
  hasMovementFilters,
  movementFiltersQuery,
  parseMovementFilters,
  readMovementFilters,
  type MovementFilters,
} from '../state/movement-filters';
import { MovementSearch } from '../state/movement-search';
import { REQUEST_SHAPE } from '../use-cases/movement-shapes';

const PAGE = 30;

/**
 * Every deposit, withdrawal and transfer asked for, newest first, with its status: waiting to sync (with sync on),
 * pending, done, refunding (a transfer whose credit was refused gives the money back) or failed, with the reason in
 * words (with sync on, refused after syncing and why).
 */
export class ActivityView extends ScreenElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    query: { attribute: false },
    shown: { state: true },
    filters: { state: true },
    exportNotice: { state: true },
  };
  static override styles = [sharedStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  /** The search in the address's query (`#/activity?q=…`). */
  declare query: string;
  declare shown: number;
  declare filters: MovementFilters;
  declare exportNotice: { readonly ok: boolean; readonly text: string } | undefined;
  readonly #search = new MovementSearch(REQUEST_SHAPE);
  /** The query this screen last wrote into the address (so that reading it back changes nothing). */
  #writtenQuery = '';
  #found = 0;
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #requests = this.observe<readonly MoneyRequest[]>();
  readonly #format = this.observe<MoneyFormat>();
  readonly #sagas = this.observe<ReadonlyMap<string, SagaView>>();
  readonly #pendingIds = this.observe<ReadonlySet<string>>();
  #watched = '';

  constructor() {
    super();
    this.shown = PAGE;
    this.query = '';
    this.filters = {};
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('query') && this.query !== this.#writtenQuery) {
      this.filters = parseMovementFilters(this.query);
      this.shown = PAGE;
    }
    this.#accounts.setSource(this.store.accounts$);
    this.#requests.setSource(this.store.requests$);
    this.#format.setSource(this.display.format$);
    this.#pendingIds.setSource(this.store.pendingIds$);
    const ids = this.#visible().map((request) => request.transactionId);
    const key = ids.join(',');
    if (key !== this.#watched) {
      this.#watched = key;
      this.#sagas.setSource(ids.length === 0 ? undefined : this.store.sagas$(ids));
    }
  }

  protected renderScreen() {
    const format = this.#format.value ?? this.display.format;
    const requests = this.#requests.value;
    const nameOf = accountNamer(this.#accounts.value);
    const sagas = this.#sagas.value;
    return html`
      <div class="page-header"><h1>Activity</h1></div>
      <section class="card" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Deposits, withdrawals and transfers</h2>
        <div class="stack">
          <movement-filters-form
            .filters=${this.filters}
            .kinds=${['deposit', 'withdrawal', 'transfer', 'transfer-in', 'transfer-out']}
            .accounts=${this.#accounts.value ?? []}
            .problems=${readMovementFilters(this.filters, format).problems}
            .locale=${format.locale}
            @filters-change=${(event: CustomEvent<MovementFilters>) => this.#setFilters(event.detail)}
          ></movement-filters-form>
          <div class="actions">
            ${
              hasMovementFilters(this.filters)
                ? html`<p class="muted small" role="status" data-testid="activity-found">
                    ${this.#found === 1 ? '1 request found' : `${this.#found} requests found`}
                  </p>`
                : nothing
            }
            <button type="button" class="secondary" @click=${this.#exportCsv}>Export all transactions (CSV)</button>
          </div>
          ${
            this.exportNotice === undefined
              ? nothing
              : html`<p class="notice ${this.exportNotice.ok ? 'success' : 'error'}" role="status">
                  ${this.exportNotice.text}
                </p>`
          }
        </div>
        ${
          requests === undefined
            ? loadingState('the activity')
            : requests.length === 0
              ? html`<p class="muted">
                  Nothing yet. Deposits, withdrawals and transfers show up here with their status.
                </p>`
              : html`<ul class="rows" aria-label="Activity, newest first">
                    ${this.#visible().map((request) => {
                      const status = moneyRequestStatus(request, sagas?.get(request.transactionId), {
                        syncing: this.store.syncing,
                        pendingIds: this.#pendingIds.value ?? new Set(),
                        nameOf,
                        format,
                      });
                      return html`<li data-transaction=${request.transactionId}>
                        <span class="row-main">
                          <span>${describeRequest(request, nameOf, format)}</span>
                          ${request.note === undefined ? nothing : html`<span class="small">${request.note}</span>`}
                          <span class="muted small"
                            >${describeWhen(request.occurredOn, request.timestamp, format.locale)}</span
                          >
                          ${
                            status?.reason === undefined
                              ? nothing
                              : html`<span class="negative small">${status.reason}</span>`
                          }
                        </span>
                        ${
                          status === undefined
                            ? html`<span class="badge pending">…</span>`
                            : html`<span class="badge ${status.tone}">${status.label}</span>`
                        }
                      </li>`;
                    })}
                  </ul>
                  ${
                    this.#found > this.shown
                      ? html`<button type="button" class="secondary" @click=${() => (this.shown += PAGE)}>
                          Show older activity
                        </button>`
                      : nothing
                  }`
        }
      </section>
    `;
  }

  /** The page shown: the newest requests that match the search (all of them without one). */
  #visible(): readonly MoneyRequest[] {
    const requests = this.#requests.value ?? [];
    const format = this.#format.value ?? this.display.format;
    const page = this.#search.page(requests, readMovementFilters(this.filters, format).query, {
      limit: this.shown,
      nameOf: accountNamer(this.#accounts.value),
    });
    this.#found = page.total;
    return page.rows;
  }

  /** A new search: shown from the first page, and kept in the address (replacing it, not adding to history). */
  #setFilters(filters: MovementFilters): void {
    this.filters = filters;
    this.shown = PAGE;
    const query = movementFiltersQuery(filters);
    this.#writtenQuery = query;
    history.replaceState(history.state, '', routeHref({ screen: 'activity', query }));
  }

  async #exportCsv(): Promise<void> {
    this.exportNotice = undefined;
    try {
      const { exportTransactions } = await import('../use-cases/export-transactions');
      const saved = await exportTransactions(this.store, {
        locale: this.display.format.locale,
        today: new Date().toISOString().slice(0, 10),
      });
      this.exportNotice = { ok: true, text: `Saved ${saved.rows} transactions to ${saved.fileName}.` };
    } catch {
      this.exportNotice = { ok: false, text: 'The export failed. Nothing was saved.' };
    }
  }
}

customElements.define('activity-view', ActivityView);
