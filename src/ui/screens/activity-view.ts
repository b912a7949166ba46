import { html, nothing } from 'lit';
import { loadingState, ScreenElement } from '../components/screen-element';
import type { AccountView, SagaView } from '../../bank';
import { accountNamer } from '../format/account-name';
import type { BankStore } from '../state/bank-store';
import { describeRequest } from '../format/describe-request';
import type { DisplaySettingsStore } from '../state/display-settings';
import { formatDateTime } from '../format/format-date-time';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import { moneyRequestStatus } from '../state/request-status';
import { sharedStyles } from '../styles/shared-styles';

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
    shown: { state: true },
  };
  static override styles = [sharedStyles];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare shown: number;
  readonly #accounts = this.observe<readonly AccountView[]>();
  readonly #requests = this.observe<readonly MoneyRequest[]>();
  readonly #format = this.observe<MoneyFormat>();
  readonly #sagas = this.observe<ReadonlyMap<string, SagaView>>();
  readonly #pendingIds = this.observe<ReadonlySet<string>>();
  #watched = '';

  constructor() {
    super();
    this.shown = PAGE;
  }

  override willUpdate(): void {
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
                          <span class="muted small">${formatDateTime(request.timestamp, format.locale)}</span>
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
                    requests.length > this.shown
                      ? html`<button type="button" class="secondary" @click=${() => (this.shown += PAGE)}>
                          Show older activity
                        </button>`
                      : nothing
                  }`
        }
      </section>
    `;
  }

  #visible(): readonly MoneyRequest[] {
    const requests = this.#requests.value ?? [];
    return requests.slice(-this.shown).reverse();
  }
}

customElements.define('activity-view', ActivityView);
