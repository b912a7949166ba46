import { css, html, LitElement, nothing } from 'lit';
import type { AccountView, SagaView } from '../../bank';
import { accountName, accountNamer } from '../format/account-name';
import { amountField } from '../components/amount-field';
import type { BankStore } from '../state/bank-store';
import { describeAmountProblem } from '../format/describe-amount-problem';
import { describeFailure } from '../format/describe-failure';
import { describeRequest } from '../format/describe-request';
import type { DisplaySettingsStore } from '../state/display-settings';
import { formatMoney } from '../format/format-money';
import type { MoneyFormat } from '../format/money-format';
import type { MoneyRequest } from '../state/money-request';
import { ObservableController } from '../components/observable-controller';
import { parseAmount } from '../format/parse-amount';
import { routeHref, type MoveKind } from '../app/route';
import { moneyRequestStatus } from '../state/request-status';
import { sharedStyles } from '../styles/shared-styles';

const TITLES: Readonly<Record<MoveKind, string>> = {
  deposit: 'Deposit',
  withdraw: 'Withdraw',
  transfer: 'Transfer',
};

/**
 * Deposit, withdraw or transfer: the form, then the live status of what was asked (waiting to sync, pending, done,
 * refunding, or failed with the reason in words). The request is recorded at once, offline too; the bank's saga
 * carries it out (with sync on, once the vault has put it in order).
 */
export class MoveMoneyView extends LitElement {
  static override properties = {
    store: { attribute: false },
    display: { attribute: false },
    kind: { attribute: false },
    accountId: { attribute: false },
    from: { state: true },
    to: { state: true },
    amount: { state: true },
    amountError: { state: true },
    accountError: { state: true },
    failure: { state: true },
    busy: { state: true },
    submitted: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .tabs {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 0.25rem;
        padding: 0.25rem;
        border-radius: 0.75rem;
        background: var(--surface-strong);
        margin-bottom: 1rem;
      }
      .tabs a {
        display: flex;
        align-items: center;
        justify-content: center;
        min-height: 2.75rem;
        border-radius: 0.5rem;
        font-weight: 600;
        color: var(--text);
        text-decoration: none;
      }
      /* The chosen kind is told by an outline of 3:1 or more against the track, not by a shade alone (which the
         dark scheme's card and track colours are too close for). */
      .tabs a[aria-current='page'] {
        background: var(--card);
        color: var(--brand-text);
        box-shadow: inset 0 0 0 2px var(--brand-text);
      }
      .pair {
        display: grid;
        gap: 1rem;
      }
      @media (min-width: 40rem) {
        .pair {
          grid-template-columns: 1fr 1fr;
        }
      }
      .status-row {
        display: flex;
        justify-content: space-between;
        align-items: start;
        gap: 0.75rem;
      }
      .layout {
        display: grid;
        gap: 1rem;
      }
      @media (min-width: 60rem) {
        .layout {
          grid-template-columns: 3fr 2fr;
          align-items: start;
        }
        .layout.single {
          grid-template-columns: minmax(0, 40rem);
        }
      }
    `,
  ];

  declare store: BankStore;
  declare display: DisplaySettingsStore;
  declare kind: MoveKind;
  declare accountId: string | undefined;
  declare from: string;
  declare to: string;
  declare amount: string;
  declare amountError: string | undefined;
  declare accountError: string | undefined;
  declare failure: string | undefined;
  declare busy: boolean;
  /** What was asked on this screen, newest first. */
  declare submitted: readonly MoneyRequest[];
  readonly #accounts = new ObservableController<readonly AccountView[]>(this);
  readonly #format = new ObservableController<MoneyFormat>(this);
  readonly #sagas = new ObservableController<ReadonlyMap<string, SagaView>>(this);
  readonly #pendingIds = new ObservableController<ReadonlySet<string>>(this);

  constructor() {
    super();
    this.kind = 'deposit';
    this.from = '';
    this.to = '';
    this.amount = '';
    this.busy = false;
    this.submitted = [];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    this.#accounts.setSource(this.store.accounts$);
    this.#format.setSource(this.display.format$);
    this.#pendingIds.setSource(this.store.pendingIds$);
    if (changed.has('accountId') || changed.has('kind')) {
      this.from = this.accountId ?? this.from;
      this.amountError = undefined;
      this.accountError = undefined;
      this.failure = undefined;
    }
    if (changed.has('submitted')) {
      this.#sagas.setSource(
        this.submitted.length === 0 ? undefined : this.store.sagas$(this.submitted.map((r) => r.transactionId)),
      );
    }
  }

  override render() {
    const format = this.#format.value ?? this.display.format;
    const open = (this.#accounts.value ?? []).filter((account) => !account.isClosed);
    const title = TITLES[this.kind];
    return html`
      <div class="page-header"><h1>Move money</h1></div>
      <nav class="tabs" aria-label="Kind of movement">
        ${(['deposit', 'withdraw', 'transfer'] as const).map(
          (kind) =>
            html`<a
              href=${routeHref({ screen: 'move', kind, ...(this.from === '' ? {} : { accountId: this.from }) })}
              aria-current=${kind === this.kind ? 'page' : 'false'}
              >${TITLES[kind]}</a
            >`,
        )}
      </nav>
      <div class="layout ${this.submitted.length === 0 ? 'single' : ''}">
        <section class="card" aria-labelledby="form-heading">
          <h2 id="form-heading">${this.#heading()}</h2>
          ${
            this.#accounts.value !== undefined && open.length === 0
              ? html`<p>
                  You have no open account yet. <a href=${routeHref({ screen: 'open' })}>Open an account</a> first.
                </p>`
              : html`<form novalidate @submit=${this.#submit}>
                  ${
                    this.kind === 'transfer'
                      ? html`<div class="pair">
                          ${this.#accountSelect('from', 'From', this.from, open, format, (id) => (this.from = id))}
                          ${this.#accountSelect('to', 'To', this.to, open, format, (id) => (this.to = id))}
                        </div>`
                      : this.#accountSelect('from', 'Account', this.from, open, format, (id) => (this.from = id))
                  }
                  ${
                    this.accountError === undefined
                      ? nothing
                      : html`<span class="field-error" role="alert"
                          ><span aria-hidden="true">⚠</span>${this.accountError}</span
                        >`
                  }
                  ${amountField({
                    id: 'amount',
                    label: 'Amount',
                    value: this.amount,
                    error: this.amountError,
                    required: true,
                    onInput: (value) => {
                      this.amount = value;
                      this.amountError = undefined;
                    },
                  })}
                  ${
                    this.failure === undefined
                      ? nothing
                      : html`<p class="notice error" role="alert">${this.failure}</p>`
                  }
                  <div class="actions">
                    <button type="submit" ?disabled=${this.busy}>${title}</button>
                  </div>
                </form>`
          }
        </section>
        ${this.#renderSubmitted(format)}
      </div>
    `;
  }

  #heading(): string {
    switch (this.kind) {
      case 'deposit':
        return 'Put money into an account';
      case 'withdraw':
        return 'Take money out of an account';
      case 'transfer':
        return 'Move money between your accounts';
    }
  }

  #accountSelect(
    id: string,
    label: string,
    value: string,
    accounts: readonly AccountView[],
    format: MoneyFormat,
    onChange: (accountId: string) => void,
  ) {
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        name=${id}
        required
        @change=${(event: Event) => {
          onChange((event.target as HTMLSelectElement).value);
          this.accountError = undefined;
        }}
      >
        <option value="" ?selected=${value === ''}>Choose an account</option>
        ${accounts.map(
          (account) =>
            html`<option value=${account.id} ?selected=${account.id === value}>
              ${accountName(account)} (${formatMoney(account.balance, format)})
            </option>`,
        )}
      </select>
    </div>`;
  }

  #renderSubmitted(format: MoneyFormat) {
    if (this.submitted.length === 0) return nothing;
    const nameOf = accountNamer(this.#accounts.value);
    const sagas = this.#sagas.value;
    return html`<section class="card" aria-labelledby="status-heading">
      <h2 id="status-heading">Status</h2>
      <div role="status" aria-live="polite">
        <ul class="rows">
          ${this.submitted.map((request) => {
            const status = moneyRequestStatus(request, sagas?.get(request.transactionId), {
              syncing: this.store.syncing,
              pendingIds: this.#pendingIds.value ?? new Set(),
              nameOf,
              format,
            }) ?? { label: 'Pending', tone: 'pending' };
            return html`<li data-transaction=${request.transactionId}>
              <span class="row-main">
                <span>${describeRequest(request, nameOf, format)}</span>
                ${status.reason === undefined ? nothing : html`<span class="negative small">${status.reason}</span>`}
              </span>
              <span class="badge ${status.tone}">${status.label}</span>
            </li>`;
          })}
        </ul>
      </div>
    </section>`;
  }

  #checkAmount(): number | undefined {
    const format = this.display.format;
    const parsed = parseAmount(this.amount, format);
    if (parsed.ok && parsed.cents === 0) {
      this.amountError = 'Enter an amount above zero.';
      return undefined;
    }
    if (!parsed.ok) {
      this.amountError = describeAmountProblem(parsed.problem, format.locale);
      return undefined;
    }
    this.amountError = undefined;
    return parsed.cents;
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    this.failure = undefined;
    this.accountError =
      this.from === '' || (this.kind === 'transfer' && this.to === '')
        ? 'Choose an account.'
        : this.kind === 'transfer' && this.from === this.to
          ? 'Choose two different accounts.'
          : undefined;
    const cents = this.#checkAmount();
    if (this.accountError !== undefined || cents === undefined) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(cents === undefined ? '#amount' : 'select')?.focus();
      return;
    }
    this.busy = true;
    try {
      const request = await this.#record(cents);
      this.submitted = [request, ...this.submitted].slice(0, 10);
      this.amount = '';
    } catch (error) {
      this.failure = describeFailure(error, this.display.format, accountNamer(this.#accounts.value));
    } finally {
      this.busy = false;
    }
  }

  async #record(amount: number): Promise<MoneyRequest> {
    const timestamp = new Date().toISOString();
    switch (this.kind) {
      case 'deposit': {
        const transactionId = await this.store.deposit(this.from, amount);
        return { kind: 'deposit', creditAccountId: this.from, amount, transactionId, timestamp };
      }
      case 'withdraw': {
        const transactionId = await this.store.withdraw(this.from, amount);
        return { kind: 'withdrawal', debitAccountId: this.from, amount, transactionId, timestamp };
      }
      case 'transfer': {
        const transactionId = await this.store.transfer(this.from, this.to, amount);
        return {
          kind: 'transfer',
          debitAccountId: this.from,
          creditAccountId: this.to,
          amount,
          transactionId,
          timestamp,
        };
      }
    }
  }
}

customElements.define('move-money-view', MoveMoneyView);
